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

/**
 * Converts Trivy's JSON report to ASFF with Trivy's own template and imports it into Security
 * Hub in batches of 100 (the BatchImportFindings limit), so findings reach the portal.
 * Runs in post_build so findings are imported even when the scan failed the build.
 *
 * @public
 */
export const ASFF_IMPORT = [
  'test -f reports/findings.json || exit 0',
  'trivy convert --format template --template "@/usr/local/share/trivy/templates/asff.tpl" --output reports/asff.json reports/findings.json || trivy convert --format template --template "@contrib/asff.tpl" --output reports/asff.json reports/findings.json',
  'jq -c ".Findings // [] | _nwise(100)" reports/asff.json | while read -r batch; do aws securityhub batch-import-findings --findings "$batch"; done',
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
