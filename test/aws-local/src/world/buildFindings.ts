import { rmSync } from 'node:fs';
import {
  ACTION,
  PIPELINE_EXECUTION_ID_VARIABLE,
} from '@dpra/pipeline-contract';
import { PACKAGES } from '../scenario/findings';
import { batchImportFindings } from '../scenario/securityHubImport';
import type { World } from '../scenario/world';
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

function batchesOf(
  jq: string,
  step: SynthesizedImportStep,
  executionId: string,
  document: unknown,
) {
  const key = JSON.stringify([step.commands, step.env, executionId, document]);
  const known = ran.get(key);
  if (known) return known;
  const run = runImportStep(step, {
    jq,
    pipelineVariables: { [PIPELINE_EXECUTION_ID_VARIABLE]: executionId },
    trivyAsff: document,
  });
  rmSync(run.workdir, { recursive: true, force: true });
  if (run.status !== 0) {
    throw new Error(
      `the generated findings import step of ${step.pipelineName} ${step.stageName}/${step.actionName} failed (exit ${run.status}): ${run.output}`,
    );
  }
  if (ran.size > 500) ran.clear();
  ran.set(key, run.batches);
  return run.batches;
}

/**
 * Runs the Trivy import steps of `steps` for the two most recent finished runs of each action
 * (the older first, so a finding the newer run reports again becomes that run's) and imports
 * their batches into the world's Security Hub. Throws, naming the step, when a step fails or
 * Security Hub refuses a finding, and when jq is missing.
 */
export function importBuildFindings(
  world: World,
  steps: readonly SynthesizedImportStep[],
): void {
  const trivySteps = steps.filter(s =>
    s.commands.some(c => c.includes('trivy convert')),
  );
  if (trivySteps.length === 0) return;
  const jq = findJq();
  trivySteps.forEach((step, stepIndex) => {
    const runs = (world.executions.get(step.pipelineName) ?? [])
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
    runs.forEach(({ execution, action }, runIndex) => {
      // Three vulnerabilities a run; the newer run fixes the first and reports a new one.
      const first = stepIndex + runIndex;
      const document = trivyAsffDocument(
        `${step.pipelineName}/${TARGETS[step.actionName] ?? step.actionName}`,
        [0, 1, 2].map(i => vulnerability(first + i)),
        {
          accountId: step.accountId,
          region: step.region,
          now: action.lastUpdateTime.toISOString(),
        },
      );
      for (const batch of batchesOf(
        jq,
        step,
        execution.pipelineExecutionId,
        document,
      )) {
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
