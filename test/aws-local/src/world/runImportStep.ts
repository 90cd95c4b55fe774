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
import type { SynthesizedImportStep } from './importSteps';

/*
 * Runs a findings import step of a synthesized buildspec the way CodeBuild runs it for the
 * pipeline: the phase's commands with the project's and the action's variables (CodePipeline's
 * variables resolved), Debian's jq, and shims for the tools the step calls — `trivy convert`
 * writes the given ASFF document; `aws` records the BatchImportFindings batches and answers Image
 * Builder's ListImageScanFindings with the given findings. The world imports the recorded batches
 * into its Security Hub; the backend's tests send them through the SDK.
 */

/**
 * Debian's jq: DPRA_JQ_PATH (set by `npm run test:all` and `npm run portal`) or `jq` on PATH.
 * Throws, saying how to install it, without it: the generated import steps run jq.
 *
 * @public
 */
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
      "jq is not installed, and the generated findings import steps run it: `npm run test:all` and `npm run portal` install Debian's jq, or run `apt-get install jq`",
    );
  }
  return found;
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

/**
 * What one run of an import step did.
 *
 * @public
 */
export interface ImportStepRun {
  status: number | null;
  output: string;
  /** The batches the step handed to BatchImportFindings, in order. */
  batches: Array<Array<Record<string, any>>>;
  /** The `--filters` of each ListImageScanFindings call. */
  imageScanFilters: unknown[];
  /** The source directory it ran in; the caller removes it. */
  workdir: string;
}

/**
 * Options of {@link runImportStep}.
 *
 * @public
 */
export interface ImportStepInput {
  /** Path of jq (see {@link findJq}). */
  jq: string;
  /** Values of the CodePipeline variables the action's configuration refers to. */
  pipelineVariables: Record<string, string>;
  /** What `trivy convert` writes. */
  trivyAsff?: unknown;
  /** What ListImageScanFindings answers (the CLI's JSON output). */
  imageScanFindings?: unknown;
  /** Overrides of the environment after CodePipeline's resolution. */
  env?: Record<string, string>;
}

/**
 * Runs the step in a fresh source directory the way CodeBuild runs a phase's commands.
 *
 * @public
 */
export function runImportStep(
  step: Pick<SynthesizedImportStep, 'region' | 'commands' | 'env'>,
  options: ImportStepInput,
): ImportStepRun {
  const workdir = mkdtempSync(join(tmpdir(), 'dpra-import-step-'));
  try {
    return { ...runIn(workdir, step, options), workdir };
  } catch (error) {
    rmSync(workdir, { recursive: true, force: true });
    throw error;
  }
}

function runIn(
  workdir: string,
  step: Pick<SynthesizedImportStep, 'region' | 'commands' | 'env'>,
  options: ImportStepInput,
) {
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
  };
}
