import { rmSync } from 'node:fs';
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
} from '@aws-sdk/client-securityhub';
import {
  type ImportStepInput,
  type ImportStepRun,
  type SynthesizedImportStep,
  type TerraformStackJson,
  declarationsFromTerraform,
  findJq,
  runImportStep,
} from '@dpra/aws-local';
import {
  type SynthesizedStacks,
  exampleSpecInput,
  synthJson,
} from '@dpra/stacks/testing';
import { setupServer, type SetupServer } from 'msw/node';
import { SecurityHubFindingsReader } from '../SecurityHubFindingsReader';
import type { FindingView } from '@dpra/plugin-pipelines-common';
import { testClientFactory } from './awsTestClients';
import {
  type GetFindingsBody,
  securityHubImport,
  securityHubWith,
} from './securityHubMsw';

/*
 * The generated findings import steps in the backend's tests: the step is taken from the stacks
 * `@dpra/stacks` synthesizes for an example spec and RUN by `@dpra/aws-local` (Debian's jq, shims
 * for `trivy convert` and the AWS CLI), as the local world runs it for its builds. Then a Security
 * Hub at the HTTP layer takes the batches through the SDK and the backend's reader reads them back.
 */

export { findJq };

/** One generated findings import step of a pipeline action. */
export type GeneratedStep = SynthesizedImportStep;

/** The findings import step of the action `where.action` in stage `where.stage`. */
export function generatedStep(
  stacks: SynthesizedStacks,
  where: { stage: string; action: string },
): GeneratedStep {
  const { importSteps } = declarationsFromTerraform(
    stacks as Record<string, TerraformStackJson>,
  );
  const step = importSteps.find(
    s => s.stageName === where.stage && s.actionName === where.action,
  );
  if (!step) {
    throw new Error(
      `no findings import step in ${where.stage}/${
        where.action
      }; steps: ${importSteps
        .map(s => `${s.stageName}/${s.actionName}`)
        .join(', ')}`,
    );
  }
  return step;
}

/** What one run of a generated step did. */
export type StepRun = ImportStepRun & {
  batches: AwsSecurityFinding[][];
};

const workdirs: string[] = [];

/** Runs the step; its source directory is removed after the test file. */
export function runGeneratedStep(
  step: GeneratedStep,
  options: ImportStepInput,
): StepRun {
  const run = runImportStep(step, options);
  workdirs.push(run.workdir);
  return run as StepRun;
}

/**
 * The setup every generated-step test file shares: jq, the example's synthesized stacks, an msw
 * server failing on unhandled requests, a 120 s limit (synthesis on a loaded machine), and the
 * step runs' directories removed afterwards. Call at the top of a `describe`.
 */
export function useGeneratedSteps(
  example: Parameters<typeof exampleSpecInput>[0],
) {
  jest.setTimeout(120_000);
  const server = setupServer();
  const context = {
    server,
    jq: '',
    stacks: {} as SynthesizedStacks,
  };
  beforeAll(async () => {
    context.jq = findJq();
    context.stacks = await synthJson(exampleSpecInput(example));
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => {
    server.close();
    for (const dir of workdirs.splice(0)) {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return context;
}

/**
 * Security Hub at the HTTP layer of `server`: what the batches import (BatchImportFindings through
 * the real SDK), GetFindings serves, and the backend's reader reads for the step's pipeline.
 */
export function localSecurityHub(server: SetupServer, region: string) {
  const kept: Array<Record<string, any>> = [];
  const requests: GetFindingsBody[] = [];
  server.use(
    securityHubImport(kept, region),
    securityHubWith(kept, requests, 100, region),
  );
  const clients = testClientFactory();
  return {
    kept,
    async importBatches(step: GeneratedStep, batches: unknown[][]) {
      const client = clients.securityHub({
        accountId: step.accountId,
        region: step.region,
      });
      for (const batch of batches) {
        const answer = await client.send(
          new BatchImportFindingsCommand({
            Findings: batch as AwsSecurityFinding[],
          }),
        );
        if (answer.FailedCount) {
          throw new Error(
            `Security Hub refused findings: ${JSON.stringify(
              answer.FailedFindings,
            )}`,
          );
        }
      }
    },
    read(step: GeneratedStep): Promise<FindingView[]> {
      const reader = new SecurityHubFindingsReader({
        client: clients.securityHub,
      });
      return reader.readFindings(
        { accountId: step.accountId, region: step.region },
        {
          pipelineName: step.pipelineName,
          pipelineArn: `arn:aws:codepipeline:${step.region}:${step.accountId}:${step.pipelineName}`,
          tags: {},
        },
      );
    },
  };
}
