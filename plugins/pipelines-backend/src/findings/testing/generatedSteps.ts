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
import { readCodeBuildEnvironmentVariables } from '@dpra/pipeline-contract';
import { terraformEvaluatedLiteral } from '@dpra/stacks';
import {
  type SynthesizedStacks,
  onlyResource,
  stage,
} from '@dpra/stacks/testing';
import type { SetupServer } from 'msw/node';
import { parse } from 'yaml';
import { SecurityHubFindingsReader } from '../SecurityHubFindingsReader';
import type { FindingView } from '@dpra/plugin-pipelines-common';
import { testClientFactory } from './awsTestClients';
import {
  type GetFindingsBody,
  securityHubImport,
  securityHubWith,
} from './securityHubMsw';

/*
 * Runs a shell step of a synthesized buildspec the way CodeBuild runs it for the pipeline: the
 * project's commands and variables, the action's variables with CodePipeline's variables
 * resolved, Debian's jq, and shims for the tools the step calls (`trivy convert` writes the
 * test's ASFF document; `aws` records the BatchImportFindings batches and answers Image Builder's
 * ListImageScanFindings with the test's findings). Then a Security Hub at the HTTP layer takes the
 * batches through the SDK and the backend's reader reads them back.
 */

/** Debian's jq: DPRA_JQ_PATH (set by `npm run test:all`) or `jq` on PATH; throws without it. */
export function findJq(): string {
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
      "jq is not installed, and the generated findings import steps run it: `npm run test:all` installs Debian's jq, or run `apt-get install jq`",
    );
  }
  return found;
}

/** One generated CodeBuild step of a pipeline action. */
export interface GeneratedStep {
  pipelineName: string;
  region: string;
  accountId: string;
  /** The phase's commands, as Terraform sends them to AWS. */
  commands: string[];
  /** The project's buildspec variables, then the action's (CodePipeline variables unresolved). */
  env: Record<string, string>;
}

/** The commands of one phase of the project that an action of the synthesized pipeline runs. */
export function generatedStep(
  stacks: SynthesizedStacks,
  where: {
    stage: string;
    action: string;
    phase: 'build' | 'post_build';
  },
): GeneratedStep {
  const stack = Object.values(stacks).find(s => s.resource?.aws_codepipeline);
  const pipeline = onlyResource(stack, 'aws_codepipeline');
  const action = stage(pipeline, where.stage).action.find(
    (a: any) => a.name === where.action,
  );
  if (!action) {
    throw new Error(`no action ${where.action} in ${where.stage}`);
  }
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
    commands: buildspec.phases[where.phase].commands,
    env: {
      ...buildspec.env.variables,
      ...readCodeBuildEnvironmentVariables(action.configuration),
    },
  };
}

/**
 * What CodePipeline does to the action's configuration when it starts the action: each
 * `#{namespace.variable}` replaced by its value. A reference left unresolved is an error.
 */
function resolvePipelineVariables(
  env: Record<string, string>,
  values: Record<string, string>,
): Record<string, string> {
  const resolved = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [
      key,
      Object.entries(values).reduce(
        (text, [reference, v]) => text.split(reference).join(v),
        value,
      ),
    ]),
  );
  const unresolved = Object.values(resolved).filter(v => v.includes('#{'));
  if (unresolved.length > 0) {
    throw new Error(`unresolved pipeline variables: ${unresolved.join(', ')}`);
  }
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
cp "$SHIM_TRIVY_ASFF" "$out"
`;

const AWS_SHIM = `#!/bin/sh
# Stands in for the AWS CLI calls of the generated steps:
# - securityhub batch-import-findings: records each batch (JSON text or, as the CLI reads
#   parameters, file://<path>), one a line, and prints BatchImportFindings' response;
# - imagebuilder list-image-scan-findings: records the filters and prints the test's findings.
call="$1 $2"
shift 2
value=""
while [ $# -gt 0 ]; do
  case "$1" in --findings|--filters) value="$2" ;; esac
  shift
done
case "$value" in
  file://*) value=$(cat "\${value#file://}") ;;
esac
case "$call" in
  "securityhub batch-import-findings")
    printf '%s\\n' "$value" >> "$SHIM_BATCHES"
    count=$(printf '%s' "$value" | jq length)
    if [ -n "$SHIM_REFUSE" ]; then
      printf '{"FailedCount": 1, "SuccessCount": %s, "FailedFindings": [{"Id": "x", "ErrorCode": "InvalidInput", "ErrorMessage": "%s"}]}\\n' "$((count - 1))" "$SHIM_REFUSE"
    else
      printf '{"FailedCount": 0, "SuccessCount": %s, "FailedFindings": []}\\n' "$count"
    fi
    ;;
  "imagebuilder list-image-scan-findings")
    printf '%s\\n' "$value" >> "$SHIM_IMAGE_SCAN_FILTERS"
    cat "$SHIM_IMAGE_SCAN_FINDINGS"
    ;;
  *) echo "aws shim: unexpected call: $call" >&2; exit 2 ;;
esac
`;

/** What one run of a generated step did. */
export interface StepRun {
  status: number | null;
  output: string;
  /** The batches the step handed to BatchImportFindings, in order. */
  batches: AwsSecurityFinding[][];
  /** The `--filters` of each ListImageScanFindings call. */
  imageScanFilters: unknown[];
  workdir: string;
}

const workdirs: string[] = [];

/** Removes the source directories of every step run so far. */
export function removeStepRuns(): void {
  for (const dir of workdirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the step in a fresh source directory the way CodeBuild runs a phase's commands. */
export function runGeneratedStep(
  step: GeneratedStep,
  options: {
    jq: string;
    /** Values of the CodePipeline variables the action's configuration refers to. */
    pipelineVariables: Record<string, string>;
    /** What `trivy convert` writes. */
    trivyAsff?: unknown;
    /** What ListImageScanFindings answers (the CLI's JSON output). */
    imageScanFindings?: unknown;
    /** Overrides of the environment after CodePipeline's resolution. */
    env?: Record<string, string>;
  },
): StepRun {
  const workdir = mkdtempSync(join(tmpdir(), 'dpra-generated-step-'));
  workdirs.push(workdir);
  const shims = join(workdir, '.shims');
  mkdirSync(shims);
  mkdirSync(join(workdir, 'reports'));
  // The scan's own report: the shim does not read it, the Trivy step checks it is there.
  writeFileSync(join(workdir, 'reports/findings.json'), '{"SchemaVersion": 2}');
  writeFileSync(
    join(shims, 'asff.json'),
    JSON.stringify(options.trivyAsff ?? {}),
  );
  writeFileSync(
    join(shims, 'image-scan-findings.json'),
    JSON.stringify(options.imageScanFindings ?? { findings: [] }),
  );
  for (const [name, text] of [
    ['trivy', TRIVY_SHIM],
    ['aws', AWS_SHIM],
  ]) {
    writeFileSync(join(shims, name), text);
    chmodSync(join(shims, name), 0o755);
  }
  symlinkSync(options.jq, join(shims, 'jq'));
  const batches = join(shims, 'batches.jsonl');
  const filters = join(shims, 'filters.jsonl');
  writeFileSync(batches, '');
  writeFileSync(filters, '');
  const result = spawnSync('sh', ['-e', '-c', step.commands.join('\n')], {
    cwd: workdir,
    encoding: 'utf8',
    env: {
      PATH: `${shims}:/usr/bin:/bin`,
      HOME: workdir,
      CODEBUILD_SRC_DIR: workdir,
      AWS_REGION: step.region,
      AWS_DEFAULT_REGION: step.region,
      ...resolvePipelineVariables(step.env, options.pipelineVariables),
      ...options.env,
      SHIM_TRIVY_ASFF: join(shims, 'asff.json'),
      SHIM_IMAGE_SCAN_FINDINGS: join(shims, 'image-scan-findings.json'),
      SHIM_BATCHES: batches,
      SHIM_IMAGE_SCAN_FILTERS: filters,
    },
  });
  const lines = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line));
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}`,
    batches: lines(batches),
    imageScanFilters: lines(filters),
    workdir,
  };
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
