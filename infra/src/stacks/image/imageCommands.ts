import { IMPORT_ASFF_FINDINGS, shellQuoted } from '../buildCommands';

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

/**
 * Converts Image Builder's `ImageScanFinding`s (the `list-image-scan-findings` answer) into an
 * ASFF document for the account's default Security Hub product: one finding per vulnerability of
 * the image build, on the AMI, named by Amazon Inspector as the tool. Values come in through
 * `--arg` only; the lengths are cut to what ASFF allows.
 */
const IMAGE_SCAN_TO_ASFF_PROGRAM = [
  '($build | split(":")[1] // "aws") as $partition |',
  '{Findings: [(.findings // [])[] | {',
  '  SchemaVersion: "2018-10-08",',
  '  Id: "\\(.imageBuildVersionArn // $build)/\\(.packageVulnerabilityDetails.vulnerabilityId // .title // "finding")",',
  '  ProductArn: "arn:\\($partition):securityhub:\\($region):\\($account):product/\\($account)/default",',
  '  GeneratorId: "EC2 Image Builder image scan",',
  '  AwsAccountId: $account,',
  '  Types: ["Software and Configuration Checks/Vulnerabilities/CVE"],',
  '  CreatedAt: (.firstObservedAt // $now),',
  '  UpdatedAt: (.updatedAt // $now),',
  '  Severity: {Label: ((.severity // "") as $s | if (["CRITICAL", "HIGH", "MEDIUM", "LOW"] | index([$s])) then $s else "INFORMATIONAL" end)},',
  '  Title: ((.title // .packageVulnerabilityDetails.vulnerabilityId // "Amazon Inspector finding")[0:256]),',
  '  Description: ((.description // .title // "Amazon Inspector finding")[0:1024]),',
  '  ProductFields: {"Product Name": "Amazon Inspector"},',
  '  Resources: [{Type: "Other", Id: "arn:\\($partition):ec2:\\($region)::image/\\($ami)", Partition: $partition, Region: $region}],',
  '  RecordState: "ACTIVE"',
  '} + (if .remediation.recommendation.url then {Remediation: {Recommendation: {Text: ((.remediation.recommendation.text // "See the advisory")[0:512]), Url: .remediation.recommendation.url}}} else {} end)]}',
].join(' ');

/**
 * The image scan: reads the Amazon Inspector findings that Image Builder saved with the image
 * build (`IMAGE_BUILD_ARN`; the test instance Inspector scanned is gone by then, so Inspector
 * itself no longer lists them as active), imports them into Security Hub stamped with the
 * pipeline, action and run like every generated scan ({@link IMPORT_ASFF_FINDINGS}), then fails
 * when one is critical.
 *
 * @public
 */
export const SCAN_IMAGE_FINDINGS = [
  'mkdir -p reports',
  `FILTERS=$(jq -nc --arg arn "$IMAGE_BUILD_ARN" ${shellQuoted(
    '[{name: "imageBuildVersionArn", values: [$arn]}]',
  )})`,
  'aws imagebuilder list-image-scan-findings --filters "$FILTERS" --output json > reports/image-scan-findings.json',
  `jq --arg build "$IMAGE_BUILD_ARN" --arg ami "$AMI_ID" --arg account "$AWS_ACCOUNT_ID" --arg region "$AWS_REGION" --arg now "$(date -u +%Y-%m-%dT%H:%M:%SZ)" ${shellQuoted(
    IMAGE_SCAN_TO_ASFF_PROGRAM,
  )} reports/image-scan-findings.json > reports/asff.json`,
  ...IMPORT_ASFF_FINDINGS,
  `COUNT=$(jq ${shellQuoted(
    '[(.findings // [])[] | select(.severity == "CRITICAL")] | length',
  )} reports/image-scan-findings.json)`,
  'if [ "$COUNT" != "0" ]; then echo "$COUNT critical Amazon Inspector findings on $AMI_ID ($IMAGE_BUILD_ARN)"; exit 1; fi',
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
