/*
 * Fixed shell steps of the image pipeline's CodeBuild projects. Constants: per-action values reach
 * them as environment variables, never spliced into the text.
 */

/** Starts the Image Builder pipeline, waits for the image and exports its AMI id. @public */
export const BUILD_IMAGE = [
  'BUILD_ARN=$(aws imagebuilder start-image-pipeline-execution --image-pipeline-arn "$IMAGE_PIPELINE_ARN" --query imageBuildVersionArn --output text)',
  'while true; do STATUS=$(aws imagebuilder get-image --image-build-version-arn "$BUILD_ARN" --query image.state.status --output text); case "$STATUS" in AVAILABLE) break;; FAILED|CANCELLED|DELETED) echo "image build $STATUS"; exit 1;; esac; sleep 60; done',
  'export AMI_ID=$(aws imagebuilder get-image --image-build-version-arn "$BUILD_ARN" --query "image.outputResources.amis[0].image" --output text)',
  'export IMAGE_BUILD_ARN="$BUILD_ARN"',
];

/** Fails when Amazon Inspector has an active critical finding on the AMI. @public */
export const CHECK_INSPECTOR_FINDINGS = [
  'COUNT=$(aws inspector2 list-findings --filter-criteria "{\\"ecrImageHash\\":[],\\"resourceId\\":[{\\"comparison\\":\\"EQUALS\\",\\"value\\":\\"$AMI_ID\\"}],\\"severity\\":[{\\"comparison\\":\\"EQUALS\\",\\"value\\":\\"CRITICAL\\"}],\\"findingStatus\\":[{\\"comparison\\":\\"EQUALS\\",\\"value\\":\\"ACTIVE\\"}]}" --query "length(findings)" --output text)',
  'if [ "$COUNT" != "0" ]; then echo "$COUNT critical Inspector findings on $AMI_ID"; exit 1; fi',
];

/**
 * Copies the AMI into the action's region, shares it with the wave's accounts and publishes its
 * id to the SSM parameter in each of them (assuming the publisher role).
 *
 * @public
 */
export const DISTRIBUTE = [
  'NEW_AMI="$AMI_ID"; if [ "$AWS_REGION" != "$SOURCE_REGION" ]; then NEW_AMI=$(aws ec2 copy-image --source-region "$SOURCE_REGION" --source-image-id "$AMI_ID" --name "$IMAGE_NAME-$AMI_ID" --query ImageId --output text); aws ec2 wait image-available --image-ids "$NEW_AMI"; fi',
  'for ACCOUNT in $TARGET_ACCOUNTS; do aws ec2 modify-image-attribute --image-id "$NEW_AMI" --launch-permission "Add=[{UserId=$ACCOUNT}]"; done',
  'for ACCOUNT in $TARGET_ACCOUNTS; do CREDS=$(aws sts assume-role --role-arn "arn:aws:iam::$ACCOUNT:role/$PUBLISHER_ROLE" --role-session-name ami-publish --query Credentials --output json); AWS_ACCESS_KEY_ID=$(echo "$CREDS" | jq -r .AccessKeyId) AWS_SECRET_ACCESS_KEY=$(echo "$CREDS" | jq -r .SecretAccessKey) AWS_SESSION_TOKEN=$(echo "$CREDS" | jq -r .SessionToken) aws ssm put-parameter --name "$SSM_PARAMETER" --type String --data-type aws:ec2:image --value "$NEW_AMI" --overwrite; done',
];
