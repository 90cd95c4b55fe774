import { rmSync } from 'node:fs';
import {
  ACTION,
  IMAGE_BUILD_VARIABLE,
  PIPELINE_EXECUTION_ID_VARIABLE,
} from '@dpra/pipeline-contract';
import { PACKAGES } from '../scenario/findings';
import { batchImportFindings } from '../scenario/securityHubImport';
import type { ActionRun, PipelineExecutionRecord } from '../scenario/types';
import type { World } from '../scenario/world';
import {
  IMAGE_VULNERABILITIES,
  imageBuildOf,
  listImageScanFindingsOutput,
} from './imageScanFindings';
import type { SynthesizedImportStep } from './importSteps';
import { findJq, runImportStep } from './runImportStep';
import { type TrivyVulnerability, trivyAsffDocument } from './trivyAsff';

/*
 * The findings the world's builds import, made the way a generated pipeline makes them: for the
 * recent runs of each action whose project imports Trivy's results, the synthesized import step
 * RUNS (Debian's jq; `trivy convert` writes a document shaped as Trivy's ASFF template) with that
 * run's execution id, and its batches go through BatchImportFindings into the world's Security
 * Hub. Nothing here sets ProductFields: the generated step stamps them.
 */

const SEVERITIES: TrivyVulnerability['severity'][] = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
];

/**
 * What each import action scans, as the target Trivy names, under a directory named for the
 * pipeline: Trivy's template identifies a finding by target and vulnerability, so pipelines of
 * one account scanning the same file would replace each other's findings.
 */
const TARGETS: Record<string, string> = {
  [ACTION.sca]: 'package-lock.json',
  [ACTION.iacScan]: 'infra/main.tf',
  [ACTION.secretsScan]: 'src/config/settings.ts',
};

function vulnerability(index: number): TrivyVulnerability {
  const pkg = PACKAGES[index % PACKAGES.length];
  return {
    id: pkg.cve,
    pkgName: pkg.name,
    installedVersion: pkg.version,
    fixedVersion: pkg.fixed,
    severity: SEVERITIES[index % SEVERITIES.length],
    title: `${pkg.name}: ${pkg.cve}`,
    description: `${pkg.name} ${pkg.version} is vulnerable; fixed in ${pkg.fixed}.`,
    primaryUrl: `https://avd.aquasec.com/nvd/${pkg.cve.toLowerCase()}`,
  };
}

// The step is a function of its commands, variables and input: a world rebuilt from the same
// declarations (every reset) reuses the batches instead of running it again.
const ran = new Map<string, Array<Array<Record<string, any>>>>();

/** What one run of a step is given, and whether it is to fail (the action's own outcome). */
interface StepInput {
  pipelineVariables: Record<string, string>;
  trivyAsff?: unknown;
  imageScanFindings?: unknown;
  fails: boolean;
}

function batchesOf(jq: string, step: SynthesizedImportStep, input: StepInput) {
  const key = JSON.stringify([step.commands, step.env, input]);
  const known = ran.get(key);
  if (known) return known;
  const run = runImportStep(step, { jq, ...input });
  rmSync(run.workdir, { recursive: true, force: true });
  if ((run.status !== 0) !== input.fails) {
    throw new Error(
      `the generated findings import step of ${step.pipelineName} ${
        step.stageName
      }/${step.actionName} ${
        input.fails ? 'passed where its action failed' : 'failed'
      } (exit ${run.status}): ${run.output}`,
    );
  }
  if (ran.size > 500) ran.clear();
  ran.set(key, run.batches);
  return run.batches;
}

type Run = { execution: PipelineExecutionRecord; action: ActionRun };

/** The two most recent finished runs of the step's action, the older first. */
function recentRuns(world: World, step: SynthesizedImportStep): Run[] {
  return (world.executions.get(step.pipelineName) ?? [])
    .flatMap(execution =>
      execution.stageRuns
        .filter(r => r.stageName === step.stageName)
        .flatMap(r => r.actions)
        .filter(
          a =>
            a.actionName === step.actionName &&
            (a.status === 'Succeeded' || a.status === 'Failed'),
        )
        .map(action => ({ execution, action })),
    )
    .sort(
      (a, b) =>
        a.action.lastUpdateTime.getTime() - b.action.lastUpdateTime.getTime(),
    )
    .slice(-2);
}

/** A Trivy step's input: three vulnerabilities a run; the newer run fixes the first and reports a new one. */
function trivyInput(
  step: SynthesizedImportStep,
  stepIndex: number,
  { execution, action }: Run,
  runIndex: number,
): StepInput {
  const first = stepIndex + runIndex;
  return {
    pipelineVariables: {
      [PIPELINE_EXECUTION_ID_VARIABLE]: execution.pipelineExecutionId,
    },
    trivyAsff: trivyAsffDocument(
      `${step.pipelineName}/${TARGETS[step.actionName] ?? step.actionName}`,
      [0, 1, 2].map(i => vulnerability(first + i)),
      {
        accountId: step.accountId,
        region: step.region,
        now: action.lastUpdateTime.toISOString(),
      },
    ),
    fails: false,
  };
}

/**
 * An image scan's input: Image Builder's answer for the image the run's Build action made (numbered
 * by the runs of the Build action so far), with the variables Build exported. The
 * generated step fails on a CRITICAL finding, so a run whose scan failed has one and a run that
 * passed has none; the newer run's image fixes one vulnerability of the older.
 */
function imageScanInput(
  world: World,
  step: SynthesizedImportStep,
  { execution, action }: Run,
  runIndex: number,
): StepInput {
  // Image Builder numbers the builds of a recipe version: one per run of the Build action.
  const builds = (world.executions.get(step.pipelineName) ?? []).filter(
    e =>
      e.startTime <= execution.startTime &&
      e.stageRuns.some(r =>
        r.actions.some(a => a.actionName === ACTION.imageBuild),
      ),
  );
  const build = imageBuildOf(step.imageBuilder!, builds.length);
  const fails = action.status === 'Failed';
  const [critical, ...rest] = IMAGE_VULNERABILITIES;
  const found = rest.slice(runIndex, runIndex + 4);
  return {
    pipelineVariables: {
      [PIPELINE_EXECUTION_ID_VARIABLE]: execution.pipelineExecutionId,
      [IMAGE_BUILD_VARIABLE.amiId]: build.amiId,
      [IMAGE_BUILD_VARIABLE.imageBuildArn]: build.imageBuildVersionArn,
    },
    imageScanFindings: listImageScanFindingsOutput(
      build,
      fails ? [critical, ...found] : found,
      new Date(action.startTime.getTime()),
    ),
    fails,
  };
}

/**
 * Runs the findings import steps of `steps` — Trivy's results of the builds, Image Builder's
 * saved Inspector findings of the image builds — for the two most recent finished runs of each
 * action (the older first, so a finding the newer run reports again becomes that run's) and
 * imports their batches into the world's Security Hub. Throws, naming the step, when a step's
 * outcome is not its action's or Security Hub refuses a finding, and when jq is missing.
 */
export function importBuildFindings(
  world: World,
  steps: readonly SynthesizedImportStep[],
): void {
  const runnable = steps.filter(
    s => s.imageBuilder || s.commands.some(c => c.includes('trivy convert')),
  );
  if (runnable.length === 0) return;
  const jq = findJq();
  runnable.forEach((step, stepIndex) => {
    recentRuns(world, step).forEach((run, runIndex) => {
      const input = step.imageBuilder
        ? imageScanInput(world, step, run, runIndex)
        : trivyInput(step, stepIndex, run, runIndex);
      for (const batch of batchesOf(jq, step, input)) {
        const result = batchImportFindings(world.findings, step.region, batch);
        if (result.FailedCount > 0) {
          throw new Error(
            `Security Hub refused findings of ${step.pipelineName} ${
              step.actionName
            }: ${JSON.stringify(result.FailedFindings)}`,
          );
        }
      }
    });
  });
}
