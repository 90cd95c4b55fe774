import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
} from '@aws-sdk/client-securityhub';
import {
  ACTION,
  FINDINGS_STAMP_VARIABLE,
  PIPELINE_EXECUTION_ID_VARIABLE,
  PRODUCT_FIELD,
  STAGE,
  readCodeBuildEnvironmentVariables,
} from '@dpra/pipeline-contract';
import { terraformEvaluatedLiteral } from '@dpra/stacks';
import {
  type SynthesizedStacks,
  exampleSpecInput,
  onlyResource,
  stage,
  synthJson,
} from '@dpra/stacks/testing';
import { setupServer } from 'msw/node';
import { parse } from 'yaml';
import { SecurityHubFindingsReader } from './SecurityHubFindingsReader';
import { testClientFactory } from './testing/awsTestClients';
import {
  type GetFindingsBody,
  securityHubImport,
  securityHubWith,
} from './testing/securityHubMsw';
import {
  CROSS_SPAWN_REDOS,
  type TrivyVulnerability,
  trivyAsffDocument,
} from './testing/trivyAsff';

/*
 * From the generated build to the portal's reader: the findings import step is taken from the
 * buildspec that `@dpra/stacks` synthesizes for the app-service example and RUN — with Debian's
 * jq, and shims for `trivy convert` (writes a document shaped as Trivy's ASFF template) and for
 * `aws securityhub batch-import-findings` (records each batch). The recorded batches then go
 * through the real SDK's BatchImportFindings into a Security Hub endpoint at the HTTP layer, and
 * the backend's Security Hub reader must find them for that pipeline, action and run.
 */

jest.setTimeout(120_000);

/** Debian's jq: DPRA_JQ_PATH (set by `npm run test:all`) or `jq` on PATH. */
function findJq(): string {
  const given = process.env.DPRA_JQ_PATH;
  if (given) {
    if (!existsSync(given)) {
      throw new Error(`DPRA_JQ_PATH=${given} does not exist`);
    }
    return given;
  }
  const found = spawnSync('sh', ['-c', 'command -v jq'], {
    encoding: 'utf8',
  }).stdout.trim();
  if (!found) {
    throw new Error(
      'jq is not installed, and the generated findings import step runs it: `npm run test:all` installs Debian\'s jq, or run `apt-get install jq`',
    );
  }
  return found;
}

/** One generated CodeBuild step, as CodeBuild runs it for the pipeline. */
interface GeneratedImportStep {
  pipelineName: string;
  region: string;
  accountId: string;
  /** The post_build commands of the action's project, as Terraform sends them to AWS. */
  commands: string[];
  /** The project's buildspec variables, then the action's (CodePipeline variables unresolved). */
  env: Record<string, string>;
}

function importStepOf(
  stacks: SynthesizedStacks,
  actionName: string,
): GeneratedImportStep {
  const stack = Object.values(stacks).find(s => s.resource?.aws_codepipeline);
  const pipeline = onlyResource(stack, 'aws_codepipeline');
  const action = stage(pipeline, STAGE.build).action.find(
    (a: any) => a.name === actionName,
  );
  const projectId = /^\$\{aws_codebuild_project\.([^.]+)\.name\}$/.exec(
    action.configuration.ProjectName,
  )?.[1];
  const project = stack.resource.aws_codebuild_project[projectId!];
  const buildspec = parse(terraformEvaluatedLiteral(project.source.buildspec));
  const defaultProvider = stack.provider.aws.find((p: any) => !p.alias);
  return {
    pipelineName: pipeline.name,
    region: defaultProvider.region,
    accountId: buildspec.env.variables.AWS_ACCOUNT_ID,
    commands: buildspec.phases.post_build.commands,
    env: {
      ...buildspec.env.variables,
      ...readCodeBuildEnvironmentVariables(action.configuration),
    },
  };
}

/** What CodePipeline does to the action's configuration when the run starts the action. */
function resolvePipelineVariables(
  env: Record<string, string>,
  executionId: string,
): Record<string, string> {
  const resolved = Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      v.split(PIPELINE_EXECUTION_ID_VARIABLE).join(executionId),
    ]),
  );
  const unresolved = Object.values(resolved).filter(v => v.includes('#{'));
  expect(unresolved).toEqual([]);
  return resolved;
}

const TRIVY_SHIM = `#!/bin/sh
# Stands in for \`trivy convert --format template\`: writes the test's ASFF document to --output.
[ "$1" = convert ] || { echo "trivy shim: unexpected call: $*" >&2; exit 2; }
out=""
while [ $# -gt 0 ]; do
  if [ "$1" = --output ]; then out="$2"; fi
  shift
done
[ -n "$out" ] || { echo "trivy shim: no --output" >&2; exit 2; }
cp "$TRIVY_SHIM_ASFF" "$out"
`;

const AWS_SHIM = `#!/bin/sh
# Stands in for \`aws securityhub batch-import-findings\`: records each batch (given as JSON text
# or, as the CLI reads parameters, file://<path>), one a line, and answers as the CLI prints
# BatchImportFindings' response (--output json).
[ "$1 $2" = "securityhub batch-import-findings" ] || { echo "aws shim: unexpected call: $*" >&2; exit 2; }
shift 2
batch=""
while [ $# -gt 0 ]; do
  if [ "$1" = --findings ]; then batch="$2"; fi
  shift
done
case "$batch" in
  file://*) batch=$(cat "\${batch#file://}") ;;
esac
printf '%s\\n' "$batch" >> "$AWS_SHIM_RECORD"
count=$(printf '%s' "$batch" | jq length)
if [ -n "$AWS_SHIM_REFUSE" ]; then
  printf '{"FailedCount": 1, "SuccessCount": %s, "FailedFindings": [{"Id": "x", "ErrorCode": "InvalidInput", "ErrorMessage": "%s"}]}\\n' "$((count - 1))" "$AWS_SHIM_REFUSE"
else
  printf '{"FailedCount": 0, "SuccessCount": %s, "FailedFindings": []}\\n' "$count"
fi
`;

interface StepRun {
  status: number | null;
  output: string;
  /** The batches the step handed to BatchImportFindings, in order. */
  batches: AwsSecurityFinding[][];
  workdir: string;
}

const workdirs: string[] = [];
afterAll(() => {
  for (const dir of workdirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the step in a fresh source directory the way CodeBuild runs a phase's commands. */
function runStep(
  step: GeneratedImportStep,
  options: {
    jq: string;
    executionId: string;
    asff: unknown;
    env?: Record<string, string>;
  },
): StepRun {
  const workdir = mkdtempSync(join(tmpdir(), 'dpra-import-step-'));
  workdirs.push(workdir);
  const bin = join(workdir, '.bin');
  mkdirSync(bin);
  mkdirSync(join(workdir, 'reports'));
  // The scan's report: the shim does not read it, the step only checks it is there.
  writeFileSync(
    join(workdir, 'reports/findings.json'),
    '{"SchemaVersion": 2}',
  );
  writeFileSync(join(workdir, '.asff.json'), JSON.stringify(options.asff));
  for (const [name, text] of [
    ['trivy', TRIVY_SHIM],
    ['aws', AWS_SHIM],
  ]) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
  symlinkSync(options.jq, join(bin, 'jq'));
  const record = join(workdir, '.batches.jsonl');
  writeFileSync(record, '');
  const result = spawnSync('sh', ['-e', '-c', step.commands.join('\n')], {
    cwd: workdir,
    encoding: 'utf8',
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      HOME: workdir,
      CODEBUILD_SRC_DIR: workdir,
      AWS_REGION: step.region,
      AWS_DEFAULT_REGION: step.region,
      ...resolvePipelineVariables(step.env, options.executionId),
      ...options.env,
      TRIVY_SHIM_ASFF: join(workdir, '.asff.json'),
      AWS_SHIM_RECORD: record,
    },
  });
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}`,
    batches: readFileSync(record, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line)),
    workdir,
  };
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
  let jq: string;
  let stacks: SynthesizedStacks;
  beforeAll(async () => {
    jq = findJq();
    stacks = await synthJson(exampleSpecInput('app-service'));
  });

  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  /** Security Hub at the HTTP layer: what the batches import, GetFindings serves. */
  function securityHub(region: string) {
    const kept: Array<Record<string, any>> = [];
    const requests: GetFindingsBody[] = [];
    server.use(
      securityHubImport(kept, region),
      securityHubWith(kept, requests, 100, region),
    );
    const clients = testClientFactory();
    return {
      kept,
      async importBatches(step: GeneratedImportStep, batches: unknown[][]) {
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
          expect(answer.FailedFindings).toEqual([]);
        }
      },
      read(step: GeneratedImportStep) {
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
      bare.batches.flat().map(f => f.ProductFields?.[PRODUCT_FIELD.executionId]),
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
      env: { AWS_SHIM_REFUSE: 'product not enabled' },
    });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('Security Hub did not import every finding');
    expect(run.output).toContain('product not enabled');
  });
});
