/*
 * The shell steps of a configuration pipeline's deploy action. Constants: the target (role,
 * region, application, environment, profile, strategy, file) reaches them as environment
 * variables, never spliced into the text.
 */

/**
 * Deploys one profile to one AppConfig environment: assumes the environment's deploy role, finds
 * the application, environment, profile and strategy by name (their ids are made by AppConfig in
 * the environment account, which the toolchain stack cannot read offline), stores the
 * repository's file as a new hosted configuration version, starts the deployment and waits for
 * it. A deployment AppConfig rolls back on an alarm fails the action, so the stage fails (and
 * rolls back) too.
 *
 * @public
 */
export const APPCONFIG_DEPLOY = [
  'CREDS=$(aws sts assume-role --role-arn "$DEPLOY_ROLE_ARN" --role-session-name appconfig-deploy --query Credentials --output json)',
  'export AWS_ACCESS_KEY_ID=$(echo "$CREDS" | jq -r .AccessKeyId) AWS_SECRET_ACCESS_KEY=$(echo "$CREDS" | jq -r .SecretAccessKey) AWS_SESSION_TOKEN=$(echo "$CREDS" | jq -r .SessionToken) AWS_REGION="$TARGET_REGION" AWS_DEFAULT_REGION="$TARGET_REGION"',
  'APP_ID=$(aws appconfig list-applications --output json | jq -er --arg n "$APPCONFIG_APPLICATION" \'.Items[] | select(.Name == $n) | .Id\')',
  'ENV_ID=$(aws appconfig list-environments --application-id "$APP_ID" --output json | jq -er --arg n "$APPCONFIG_ENVIRONMENT" \'.Items[] | select(.Name == $n) | .Id\')',
  'PROFILE_ID=$(aws appconfig list-configuration-profiles --application-id "$APP_ID" --output json | jq -er --arg n "$APPCONFIG_PROFILE" \'.Items[] | select(.Name == $n) | .Id\')',
  'STRATEGY_ID=$(aws appconfig list-deployment-strategies --output json | jq -er --arg n "$APPCONFIG_STRATEGY" \'.Items[] | select(.Name == $n) | .Id\')',
  'VERSION=$(aws appconfig create-hosted-configuration-version --application-id "$APP_ID" --configuration-profile-id "$PROFILE_ID" --content-type "$CONTENT_TYPE" --content "fileb://$CODEBUILD_SRC_DIR/$CONFIG_PATH" --description "$CODEBUILD_RESOLVED_SOURCE_VERSION" /tmp/hosted-version.out --query VersionNumber --output text)',
  'DEPLOYMENT=$(aws appconfig start-deployment --application-id "$APP_ID" --environment-id "$ENV_ID" --configuration-profile-id "$PROFILE_ID" --deployment-strategy-id "$STRATEGY_ID" --configuration-version "$VERSION" --description "$CODEBUILD_RESOLVED_SOURCE_VERSION" --query DeploymentNumber --output text)',
  'echo "deployment $DEPLOYMENT of $APPCONFIG_PROFILE version $VERSION to $APPCONFIG_ENVIRONMENT in $TARGET_REGION"',
  'while true; do STATE=$(aws appconfig get-deployment --application-id "$APP_ID" --environment-id "$ENV_ID" --deployment-number "$DEPLOYMENT" --query "[State,PercentageComplete]" --output text); echo "$STATE"; case "$STATE" in COMPLETE*) break;; ROLLED_BACK*|REVERTED*) echo "AppConfig rolled deployment $DEPLOYMENT back"; exit 1;; esac; sleep 30; done',
];
