import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTION,
  FINDINGS_STAMP_VARIABLE,
  PIPELINE_EXECUTION_ID_VARIABLE,
  PRODUCT_FIELD,
  STAGE,
} from '@dpra/pipeline-contract';
import type { SynthesizedStacks } from '@dpra/stacks/testing';
import {
  CROSS_SPAWN_REDOS,
  type TrivyVulnerability,
  trivyAsffDocument,
} from '@dpra/aws-local';
import {
  type GeneratedStep,
  generatedStep,
  localSecurityHub,
  runGeneratedStep,
  useGeneratedSteps,
} from './testing/generatedSteps';

/*
 * From the generated build to the portal's reader: the findings import step is taken from the
 * buildspec that `@dpra/stacks` synthesizes for the app-service example and RUN — with Debian's
 * jq, and shims for `trivy convert` (writes a document shaped as Trivy's ASFF template) and for
 * `aws securityhub batch-import-findings` (records each batch). The recorded batches then go
 * through the real SDK's BatchImportFindings into a Security Hub endpoint at the HTTP layer, and
 * the backend's Security Hub reader must find them for that pipeline, action and run.
 */

function importStepOf(stacks: SynthesizedStacks, action: string) {
  return generatedStep(stacks, { stage: STAGE.build, action });
}

function runStep(
  step: GeneratedStep,
  options: {
    jq: string;
    executionId: string;
    asff: unknown;
    env?: Record<string, string>;
  },
) {
  return runGeneratedStep(step, {
    jq: options.jq,
    pipelineVariables: {
      [PIPELINE_EXECUTION_ID_VARIABLE]: options.executionId,
    },
    trivyAsff: options.asff,
    env: options.env,
  });
}

function vulnerabilities(count: number): TrivyVulnerability[] {
  return Array.from({ length: count }, (_, i) => ({
    ...CROSS_SPAWN_REDOS,
    id: `CVE-2024-${String(30000 + i)}`,
  }));
}

const TEMPLATE_NOW = '2026-12-02T03:50:01.123456789Z';
const RUN_1 = '3f1e2d4c-5b6a-4789-8abc-def012345678';
const RUN_2 = '9a8b7c6d-5e4f-4321-9fed-cba987654321';

describe('the generated findings import step, run on a Trivy ASFF document', () => {
  const context = useGeneratedSteps('app-service');
  let jq: string;
  let stacks: SynthesizedStacks;
  beforeAll(() => {
    ({ jq, stacks } = context);
  });

  const securityHub = (region: string) =>
    localSecurityHub(context.server, region);

  it.each([
    [ACTION.sca, 'SCA'],
    [ACTION.iacScan, 'IaC'],
  ])(
    'GIVEN the %s action of the example app pipeline WHEN its import step runs THEN the reader finds the finding for that pipeline, action and run',
    async (actionName, category) => {
      const step = importStepOf(stacks, actionName);
      const target = 'package-lock.json';
      const run = runStep(step, {
        jq,
        executionId: RUN_1,
        asff: trivyAsffDocument(target, [CROSS_SPAWN_REDOS], {
          accountId: step.accountId,
          region: step.region,
          now: TEMPLATE_NOW,
        }),
      });
      expect({ status: run.status, output: run.output }).toEqual({
        status: 0,
        output: '',
      });
      expect(run.batches).toHaveLength(1);
      expect(run.batches[0][0].ProductFields).toEqual({
        'Product Name': 'Trivy',
        [PRODUCT_FIELD.pipeline]: step.pipelineName,
        [PRODUCT_FIELD.action]: actionName,
        [PRODUCT_FIELD.executionId]: RUN_1,
      });

      const hub = securityHub(step.region);
      // Another pipeline's import in the same account stays out.
      hub.kept.push({
        ...run.batches[0][0],
        Id: 'other/CVE-1',
        RecordState: 'ACTIVE',
        Workflow: { Status: 'NEW' },
        ProductFields: {
          [PRODUCT_FIELD.pipeline]: 'payments',
          [PRODUCT_FIELD.action]: actionName,
          [PRODUCT_FIELD.executionId]: RUN_2,
        },
      });
      await hub.importBatches(step, run.batches);
      const findings = await hub.read(step);

      expect(findings).toEqual([
        expect.objectContaining({
          id: `${target}/${CROSS_SPAWN_REDOS.id}`,
          severity: 'HIGH',
          tool: 'Trivy',
          category,
          action: actionName,
          executionId: RUN_1,
          pipelineArn: expect.stringMatching(`:${step.pipelineName}$`),
        }),
      ]);
    },
  );

  it('GIVEN a later run reporting the finding again THEN the finding is that run’s', async () => {
    const step = importStepOf(stacks, ACTION.sca);
    const env = { accountId: step.accountId, region: step.region };
    const hub = securityHub(step.region);
    const first = runStep(step, {
      jq,
      executionId: RUN_1,
      asff: trivyAsffDocument('package-lock.json', vulnerabilities(2), {
        ...env,
        now: TEMPLATE_NOW,
      }),
    });
    await hub.importBatches(step, first.batches);
    const second = runStep(step, {
      jq,
      executionId: RUN_2,
      asff: trivyAsffDocument('package-lock.json', vulnerabilities(1), {
        ...env,
        now: '2026-12-02T05:10:00.5Z',
      }),
    });
    await hub.importBatches(step, second.batches);

    const byId = Object.fromEntries(
      (await hub.read(step)).map(f => [f.id, f.executionId]),
    );
    expect(byId).toEqual({
      'package-lock.json/CVE-2024-30000': RUN_2,
      'package-lock.json/CVE-2024-30001': RUN_1,
    });
  });

  it('GIVEN 250 findings THEN they are imported in batches of at most 100, every one stamped', async () => {
    const step = importStepOf(stacks, ACTION.sca);
    const run = runStep(step, {
      jq,
      executionId: RUN_1,
      asff: trivyAsffDocument('package-lock.json', vulnerabilities(250), {
        accountId: step.accountId,
        region: step.region,
        now: TEMPLATE_NOW,
      }),
    });
    expect(run.status).toBe(0);
    expect(run.batches.map(b => b.length)).toEqual([100, 100, 50]);
    const hub = securityHub(step.region);
    await hub.importBatches(step, run.batches);
    const findings = await hub.read(step);
    expect(findings).toHaveLength(250);
    expect(new Set(findings.map(f => f.executionId))).toEqual(new Set([RUN_1]));
  });

  it("GIVEN the older template's bare array, or no finding at all THEN it is read, and nothing empty is sent", async () => {
    const step = importStepOf(stacks, ACTION.sca);
    const env = {
      accountId: step.accountId,
      region: step.region,
      now: TEMPLATE_NOW,
    };
    const bare = runStep(step, {
      jq,
      executionId: RUN_1,
      asff: trivyAsffDocument('go.sum', vulnerabilities(3), env, 'bare array'),
    });
    expect(bare.status).toBe(0);
    expect(
      bare.batches
        .flat()
        .map(f => f.ProductFields?.[PRODUCT_FIELD.executionId]),
    ).toEqual([RUN_1, RUN_1, RUN_1]);

    const none = runStep(step, {
      jq,
      executionId: RUN_1,
      asff: trivyAsffDocument('go.sum', [], env),
    });
    expect({ status: none.status, batches: none.batches }).toEqual({
      status: 0,
      batches: [],
    });
  });

  it('GIVEN stamp values with shell and jq syntax THEN they are stamped as text and nothing runs', async () => {
    const step = importStepOf(stacks, ACTION.sca);
    const hostile = `x'"; touch pwned; $(touch pwned2) \`touch pwned3\` \\(.Id) ${'$'}v0`;
    const run = runStep(step, {
      jq,
      executionId: hostile,
      asff: trivyAsffDocument('package-lock.json', [CROSS_SPAWN_REDOS], {
        accountId: step.accountId,
        region: step.region,
        now: TEMPLATE_NOW,
      }),
      env: { [FINDINGS_STAMP_VARIABLE.action]: hostile },
    });
    expect(run.status).toBe(0);
    expect(run.batches[0][0].ProductFields).toMatchObject({
      [PRODUCT_FIELD.action]: hostile,
      [PRODUCT_FIELD.executionId]: hostile,
    });
    for (const file of ['pwned', 'pwned2', 'pwned3']) {
      expect(existsSync(join(run.workdir, file))).toBe(false);
    }
  });

  it('GIVEN the project run outside the pipeline (no run id) THEN no empty stamp is sent', async () => {
    const step = importStepOf(stacks, ACTION.sca);
    const run = runStep(step, {
      jq,
      executionId: RUN_1,
      asff: trivyAsffDocument('package-lock.json', [CROSS_SPAWN_REDOS], {
        accountId: step.accountId,
        region: step.region,
        now: TEMPLATE_NOW,
      }),
      env: { [FINDINGS_STAMP_VARIABLE.executionId]: '' },
    });
    expect(run.status).toBe(0);
    expect(run.batches[0][0].ProductFields).toEqual({
      'Product Name': 'Trivy',
      [PRODUCT_FIELD.pipeline]: step.pipelineName,
      [PRODUCT_FIELD.action]: ACTION.sca,
    });
  });

  it('GIVEN Security Hub refusing findings of a batch THEN the step fails and says so', async () => {
    const step = importStepOf(stacks, ACTION.sca);
    const run = runStep(step, {
      jq,
      executionId: RUN_1,
      asff: trivyAsffDocument('package-lock.json', vulnerabilities(2), {
        accountId: step.accountId,
        region: step.region,
        now: TEMPLATE_NOW,
      }),
      env: { SHIM_REFUSE: 'product not enabled' },
    });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('Security Hub did not import every finding');
    expect(run.output).toContain('product not enabled');
  });
});
