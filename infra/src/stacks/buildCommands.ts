import { FINDINGS_STAMP } from '@dpra/pipeline-contract';

/*
 * Fixed shell steps of generated buildspecs. They are constants (no user input is spliced into
 * them): per-action values reach them as CodeBuild environment variables.
 */

/** Installs Trivy (SCA, SBOM, IaC scan). @public */
export const INSTALL_TRIVY = [
  'curl -sSfL https://raw.githubusercontent.com/aquasecurity/trivy/main/contrib/install.sh | sh -s -- -b /usr/local/bin',
];

/** Installs gitleaks (secrets detection). @public */
export const INSTALL_GITLEAKS = [
  'curl -sSfL https://github.com/gitleaks/gitleaks/releases/download/v8.21.2/gitleaks_8.21.2_linux_x64.tar.gz | tar -xz -C /usr/local/bin gitleaks',
];

/** A shell word that stands for `text` literally. @public */
export function shellQuoted(text: string): string {
  return `'${text.split("'").join(`'\\''`)}'`;
}

const SHELL_VARIABLE_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * `jq` arguments and program that stamp the contract's `ProductFields` onto every finding of an
 * ASFF document and cut the findings into batches of 100 (the BatchImportFindings limit), one
 * compact JSON array a line. The values come from the action's environment through `--arg`, so
 * no value is ever read as shell or jq; an empty one (the project run outside the pipeline) is
 * left out rather than stamped empty. Both shapes of Trivy's ASFF template are read: the current
 * `{"Findings": [...]}` and the older bare array.
 */
function stampAndBatchFindings(): string {
  const args = FINDINGS_STAMP.map(({ variable }, i) => {
    if (!SHELL_VARIABLE_NAME.test(variable)) {
      throw new Error(`not a shell variable name: ${variable}`);
    }
    return `--arg v${i} "$${variable}"`;
  });
  const stamp = FINDINGS_STAMP.map(
    ({ productField }, i) => `${JSON.stringify(productField)}: $v${i}`,
  ).join(', ');
  const program = [
    `({${stamp}} | with_entries(select(.value != ""))) as $stamp`,
    '(if type == "array" then . else .Findings // [] end)',
    'map(.ProductFields = ((.ProductFields // {}) + $stamp))',
    '_nwise(100)',
    'select(length > 0)',
  ].join(' | ');
  return `jq -c ${args.join(' ')} ${shellQuoted(program)}`;
}

/**
 * Imports the ASFF document `reports/asff.json` into Security Hub: stamps every finding with the
 * pipeline, action and run it came from (`ProductFields`, the keys the portal selects by, valued
 * from the environment variables the contract's `findingsStampVariables` gives the action) and
 * imports it in batches of 100. A batch Security Hub refuses, in whole or in part, fails the step
 * with its answer, so findings are never dropped silently.
 *
 * @public
 */
export const IMPORT_ASFF_FINDINGS = [
  `${stampAndBatchFindings()} reports/asff.json > reports/asff-batches.jsonl`,
  // A batch goes to the CLI as a file: as one argument it can pass Linux's 128 KiB limit.
  'while read -r batch; do printf "%s" "$batch" > reports/asff-batch.json; RESULT=$(aws securityhub batch-import-findings --findings file://reports/asff-batch.json --output json) || exit 1; echo "$RESULT" | jq -e ".FailedCount == 0" > /dev/null || { echo "Security Hub did not import every finding: $RESULT"; exit 1; }; done < reports/asff-batches.jsonl',
];

/**
 * Converts Trivy's JSON report to ASFF with Trivy's own template and imports it
 * ({@link IMPORT_ASFF_FINDINGS}). Runs in post_build so findings are imported even when the scan
 * failed the build.
 *
 * @public
 */
export const ASFF_IMPORT = [
  'test -f reports/findings.json || exit 0',
  'trivy convert --format template --template "@/usr/local/share/trivy/templates/asff.tpl" --output reports/asff.json reports/findings.json || trivy convert --format template --template "@contrib/asff.tpl" --output reports/asff.json reports/findings.json',
  ...IMPORT_ASFF_FINDINGS,
];

/**
 * One-box step: assume the environment's deploy role, deploy the one-box stack from the build
 * artifact, then bake for BAKE_MINUTES while polling ONEBOX_ALARM; exit non-zero (the stage rolls
 * back) as soon as the alarm fires.
 *
 * @public
 */
export const ONE_BOX_DEPLOY_AND_BAKE = [
  'CREDS=$(aws sts assume-role --role-arn "$DEPLOY_ROLE_ARN" --role-session-name onebox --query Credentials --output json)',
  'export AWS_ACCESS_KEY_ID=$(echo "$CREDS" | jq -r .AccessKeyId) AWS_SECRET_ACCESS_KEY=$(echo "$CREDS" | jq -r .SecretAccessKey) AWS_SESSION_TOKEN=$(echo "$CREDS" | jq -r .SessionToken)',
  'aws cloudformation deploy --template-file "$CODEBUILD_SRC_DIR/$TEMPLATE_PATH" --stack-name "$STACK_NAME" --role-arn "$CFN_EXEC_ROLE_ARN" --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM CAPABILITY_AUTO_EXPAND --parameter-overrides Environment="$ENVIRONMENT" DeploymentUnit=onebox --no-fail-on-empty-changeset',
  'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
  'END=$(( $(date +%s) + BAKE_MINUTES * 60 )); while [ "$(date +%s)" -lt "$END" ]; do STATE=$(aws cloudwatch describe-alarms --alarm-names "$ONEBOX_ALARM" --query "CompositeAlarms[0].StateValue || MetricAlarms[0].StateValue" --output text); if [ "$STATE" = "ALARM" ]; then echo "$ONEBOX_ALARM is in ALARM during one-box bake"; exit 1; fi; sleep 60; done',
];
