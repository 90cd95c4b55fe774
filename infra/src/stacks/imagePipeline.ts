import type { App } from 'cdktf';
import { stringify } from 'yaml';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ImagebuilderComponent } from '@cdktf/provider-aws/lib/imagebuilder-component';
import { ImagebuilderDistributionConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-distribution-configuration';
import { ImagebuilderImagePipeline } from '@cdktf/provider-aws/lib/imagebuilder-image-pipeline';
import { ImagebuilderImageRecipe } from '@cdktf/provider-aws/lib/imagebuilder-image-recipe';
import { ImagebuilderInfrastructureConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-infrastructure-configuration';
import { ACTION, STAGE } from '../naming';
import type { ImagePipelineSpec } from '../spec/schema';
import { durationMinutes } from '../spec/scalars';
import { DpraStack } from './DpraStack';
import { policyDocument, serviceTrust } from './iamPolicy';
import { tokenPlaceholder } from './buildspec';
import type { PipelineActionModel, PipelineStageModel } from './pipelineModel';
import { ServiceAlarms } from './ServiceAlarms';
import {
  bakeCondition,
  entryCondition,
  type RegionAlarms,
} from './stageSafety';
import { Toolchain } from './Toolchain';
import { terraformLiteral } from './terraformText';
import { INSTALL_GITLEAKS, INSTALL_TRIVY } from './buildCommands';

/** Role in each consumer account that lets the pipeline publish the AMI id to SSM. @public */
export function amiPublisherRoleName(pipeline: string): string {
  return `${pipeline}-ami-publisher`;
}

/** Default SSM parameter of the latest approved AMI. @public */
export function amiParameterName(spec: ImagePipelineSpec): string {
  return (
    spec.spec.distribution.ssmParameterName ??
    `/dpra/${spec.metadata.name}/ami-id`
  );
}

const BUILD_IMAGE = [
  'BUILD_ARN=$(aws imagebuilder start-image-pipeline-execution --image-pipeline-arn "$IMAGE_PIPELINE_ARN" --query imageBuildVersionArn --output text)',
  'while true; do STATUS=$(aws imagebuilder get-image --image-build-version-arn "$BUILD_ARN" --query image.state.status --output text); case "$STATUS" in AVAILABLE) break;; FAILED|CANCELLED|DELETED) echo "image build $STATUS"; exit 1;; esac; sleep 60; done',
  'export AMI_ID=$(aws imagebuilder get-image --image-build-version-arn "$BUILD_ARN" --query "image.outputResources.amis[0].image" --output text)',
  'export IMAGE_BUILD_ARN="$BUILD_ARN"',
];

const CHECK_INSPECTOR_FINDINGS = [
  'COUNT=$(aws inspector2 list-findings --filter-criteria "{\\"ecrImageHash\\":[],\\"resourceId\\":[{\\"comparison\\":\\"EQUALS\\",\\"value\\":\\"$AMI_ID\\"}],\\"severity\\":[{\\"comparison\\":\\"EQUALS\\",\\"value\\":\\"CRITICAL\\"}],\\"findingStatus\\":[{\\"comparison\\":\\"EQUALS\\",\\"value\\":\\"ACTIVE\\"}]}" --query "length(findings)" --output text)',
  'if [ "$COUNT" != "0" ]; then echo "$COUNT critical Inspector findings on $AMI_ID"; exit 1; fi',
];

const DISTRIBUTE = [
  'NEW_AMI="$AMI_ID"; if [ "$AWS_REGION" != "$SOURCE_REGION" ]; then NEW_AMI=$(aws ec2 copy-image --source-region "$SOURCE_REGION" --source-image-id "$AMI_ID" --name "$IMAGE_NAME-$AMI_ID" --query ImageId --output text); aws ec2 wait image-available --image-ids "$NEW_AMI"; fi',
  'for ACCOUNT in $TARGET_ACCOUNTS; do aws ec2 modify-image-attribute --image-id "$NEW_AMI" --launch-permission "Add=[{UserId=$ACCOUNT}]"; done',
  'for ACCOUNT in $TARGET_ACCOUNTS; do CREDS=$(aws sts assume-role --role-arn "arn:aws:iam::$ACCOUNT:role/$PUBLISHER_ROLE" --role-session-name ami-publish --query Credentials --output json); AWS_ACCESS_KEY_ID=$(echo "$CREDS" | jq -r .AccessKeyId) AWS_SECRET_ACCESS_KEY=$(echo "$CREDS" | jq -r .SecretAccessKey) AWS_SESSION_TOKEN=$(echo "$CREDS" | jq -r .SessionToken) aws ssm put-parameter --name "$SSM_PARAMETER" --type String --data-type aws:ec2:image --value "$NEW_AMI" --overwrite; done',
];

function tagsOf(spec: ImagePipelineSpec): Record<string, string> {
  return { 'dpra:pipeline': spec.metadata.name, ...spec.metadata.tags };
}

/** Props of {@link ImageConsumerStack}. @public */
export interface ImageConsumerStackProps {
  readonly spec: ImagePipelineSpec;
  readonly account: string;
  readonly region: string;
}

/**
 * In each account that receives the image: a role the toolchain's CodeBuild may assume only to
 * write the AMI-id parameter, so the latest approved AMI is published where it is consumed.
 *
 * @public
 */
export class ImageConsumerStack extends DpraStack {
  constructor(scope: App, id: string, props: ImageConsumerStackProps) {
    super(scope, id, {
      account: props.account,
      region: props.region,
      tags: tagsOf(props.spec),
    });
    const name = props.spec.metadata.name;
    const toolchain = props.spec.spec.toolchain.account;
    const role = new IamRole(this, 'publisher-role', {
      name: amiPublisherRoleName(name),
      description: `Lets image pipeline ${name} publish the AMI id`,
      assumeRolePolicy: policyDocument([
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:${this.partition}:iam::${toolchain}:root` },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: {
              'aws:PrincipalArn': `arn:${this.partition}:iam::${toolchain}:role/${name}-codebuild`,
            },
          },
        },
      ]),
    });
    new IamRolePolicy(this, 'publisher-policy', {
      role: role.id,
      name: 'publish-ami-id',
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: ['ssm:PutParameter', 'ssm:GetParameter'],
          Resource: `arn:${this.partition}:ssm:*:${
            props.account
          }:parameter${amiParameterName(props.spec)}`,
        },
      ]),
    });
  }
}

/**
 * Toolchain stack of an image pipeline: EC2 Image Builder (hardening and custom components,
 * recipe, infrastructure, distribution, Inspector scanning) driven by a CodePipeline V2 that
 * builds, tests and scans the AMI, waits for approval, then distributes it wave by wave
 * (copy, share, publish to SSM) with the same entry/bake/rollback conditions as services.
 *
 * @public
 */
export class ImageToolchainStack extends DpraStack {
  constructor(scope: App, id: string, props: { spec: ImagePipelineSpec }) {
    const spec = props.spec;
    const s = spec.spec;
    const name = spec.metadata.name;
    const waveRegions = s.distribution.waves.flatMap(w => w.regions);
    const regions = [...new Set([s.toolchain.region, ...waveRegions])];
    super(scope, id, {
      account: s.toolchain.account,
      region: s.toolchain.region,
      regions,
      tags: tagsOf(spec),
    });
    const consumers = [
      ...new Set(s.distribution.waves.flatMap(w => w.accounts)),
    ];
    const tc = new Toolchain(this, 'toolchain', {
      name,
      regions,
      trustedAccounts: consumers,
      notificationEmails: s.approval.notify,
      source: s.source,
      buildImage: 'aws/codebuild/standard:7.0',
      computeType: 'BUILD_GENERAL1_SMALL',
    });
    const linux = s.image.platform === 'Linux';

    // ---- EC2 Image Builder -----------------------------------------------------------------
    const instanceRole = new IamRole(this, 'instance-role', {
      name: `${name}-imagebuilder-instance`,
      assumeRolePolicy: serviceTrust('ec2.amazonaws.com'),
    });
    [
      'EC2InstanceProfileForImageBuilder',
      'AmazonSSMManagedInstanceCore',
    ].forEach(
      policy =>
        new IamRolePolicyAttachment(this, `instance-role-${policy}`, {
          role: instanceRole.name,
          policyArn: `arn:${this.partition}:iam::aws:policy/${policy}`,
        }),
    );
    const instanceProfile = new IamInstanceProfile(this, 'instance-profile', {
      name: `${name}-imagebuilder`,
      role: instanceRole.name,
    });
    const components: Array<{ componentArn: string }> = [];
    if (s.image.hardening !== 'none') {
      const level = s.image.hardening.replace('stig-', '');
      // AWS-managed STIG hardening component; x.x.x selects the latest version.
      components.push({
        componentArn: `arn:${this.partition}:imagebuilder:${
          this.homeRegion
        }:aws:component/stig-build-${
          linux ? 'linux' : 'windows'
        }-${level}/x.x.x`,
      });
    }
    s.image.components.forEach((c, i) => {
      const document = stringify(
        {
          name: c.name,
          description: `${c.name} (generated by dpra)`,
          schemaVersion: 1.0,
          phases: [
            {
              name: 'build',
              steps: [
                {
                  name: 'Run',
                  action: linux ? 'ExecuteBash' : 'ExecutePowerShell',
                  inputs: { commands: c.commands },
                },
              ],
            },
          ],
        },
        { lineWidth: 0 },
      );
      const component = new ImagebuilderComponent(this, `component-${i}`, {
        name: `${name}-${c.name}`,
        platform: s.image.platform,
        version: s.image.version,
        data: terraformLiteral(document),
      });
      components.push({ componentArn: component.arn });
    });
    if (components.length === 0) {
      components.push({
        componentArn: `arn:${this.partition}:imagebuilder:${
          this.homeRegion
        }:aws:component/update-${linux ? 'linux' : 'windows'}/x.x.x`,
      });
    }
    const recipe = new ImagebuilderImageRecipe(this, 'recipe', {
      name,
      version: s.image.version,
      parentImage: s.image.parentImage,
      component: components,
      blockDeviceMapping: [
        {
          deviceName: linux ? '/dev/xvda' : '/dev/sda1',
          ebs: {
            volumeSize: s.image.rootVolumeGiB,
            volumeType: 'gp3',
            deleteOnTermination: 'true',
          },
        },
      ],
    });
    const infrastructure = new ImagebuilderInfrastructureConfiguration(
      this,
      'infrastructure',
      {
        name,
        instanceProfileName: instanceProfile.name,
        instanceTypes: s.image.instanceTypes,
        subnetId: s.image.subnetId,
        securityGroupIds: s.image.securityGroupIds.length
          ? s.image.securityGroupIds
          : undefined,
        terminateInstanceOnFailure: true,
        instanceMetadataOptions: {
          httpTokens: 'required',
          httpPutResponseHopLimit: 2,
        },
      },
    );
    const distribution = new ImagebuilderDistributionConfiguration(
      this,
      'distribution',
      {
        name,
        description:
          'Builds in the toolchain region; the pipeline waves copy, share and publish the AMI',
        distribution: [
          {
            region: this.homeRegion,
            amiDistributionConfiguration: {
              name: `${name}-{{ imagebuilder:buildDate }}`,
              amiTags: { 'dpra:pipeline': name },
            },
          },
        ],
      },
    );
    const imagePipeline = new ImagebuilderImagePipeline(
      this,
      'image-pipeline',
      {
        name,
        description: `Image build of ${name}, started by CodePipeline`,
        imageRecipeArn: recipe.arn,
        infrastructureConfigurationArn: infrastructure.arn,
        distributionConfigurationArn: distribution.arn,
        imageScanningConfiguration: {
          imageScanningEnabled: s.scanning.inspector,
        },
        imageTestsConfiguration: {
          imageTestsEnabled: true,
          timeoutMinutes: 720,
        },
        status: 'ENABLED',
      },
    );

    // ---- CodePipeline ------------------------------------------------------------------------
    const build = tc.project('build', {
      suffix: 'build',
      description: 'Runs the Image Builder pipeline and exports the AMI id',
      timeout: '8h',
      buildspec: {
        env: {
          variables: { IMAGE_PIPELINE_ARN: tokenPlaceholder('IMAGE_PIPELINE') },
          'exported-variables': ['AMI_ID', 'IMAGE_BUILD_ARN'],
        },
        phases: { build: { commands: BUILD_IMAGE } },
      },
      tokens: { IMAGE_PIPELINE: imagePipeline.arn },
    });
    const iacScan = tc.project('iac-scan', {
      suffix: 'iac-scan',
      description: 'Policy as code on the image definition (Trivy config)',
      buildspec: {
        phases: {
          install: { commands: INSTALL_TRIVY },
          build: {
            commands: ['trivy config --severity HIGH,CRITICAL --exit-code 1 .'],
          },
        },
      },
    });
    const secrets = tc.project('secrets-scan', {
      suffix: 'secrets-scan',
      description: 'Secrets detection (gitleaks)',
      buildspec: {
        phases: {
          install: { commands: INSTALL_GITLEAKS },
          build: {
            commands: [
              'gitleaks detect --source . --no-git --redact --exit-code 1',
            ],
          },
        },
      },
    });
    const tests = tc.project('image-tests', {
      suffix: 'image-tests',
      description: 'Tests of the new AMI (AMI_ID is set)',
      timeout: '2h',
      buildspec: { phases: { build: { commands: s.tests.commands } } },
    });
    const scan = tc.project('image-scan', {
      suffix: 'image-scan',
      description: 'Fails on critical Amazon Inspector findings for the AMI',
      buildspec: { phases: { build: { commands: CHECK_INSPECTOR_FINDINGS } } },
    });
    const amiVar = '#{BuildVariables.AMI_ID}';
    const stages: PipelineStageModel[] = [
      { name: STAGE.source, actions: [tc.sourceAction] },
      {
        name: STAGE.build,
        actions: [
          {
            ...tc.buildAction(ACTION.imageBuild, build, { runOrder: 2 }),
            namespace: 'BuildVariables',
          },
          tc.buildAction(ACTION.iacScan, iacScan, { category: 'Test' }),
          tc.buildAction(ACTION.secretsScan, secrets, { category: 'Test' }),
        ],
      },
      {
        name: STAGE.test,
        actions: [
          tc.buildAction(ACTION.imageTests, tests, {
            category: 'Test',
            env: { AMI_ID: amiVar },
          }),
          ...(s.scanning.inspector
            ? [
                tc.buildAction('ImageScan', scan, {
                  category: 'Test',
                  env: { AMI_ID: amiVar },
                }),
              ]
            : []),
        ],
        rollbackOnFailure: false,
      },
    ];
    if (s.approval.enabled) {
      stages.push(
        tc.manualApprovalStage(
          s.approval.comment ?? `Approve AMI ${amiVar} of ${name}`,
        ),
      );
    }
    const distributeProjects = new Map(
      [...new Set(waveRegions)].map(region => [
        region,
        tc.project(`distribute-${region}`, {
          suffix: 'distribute',
          region,
          description:
            'Copies the AMI into this region, shares it with the wave accounts and publishes its id to SSM',
          timeout: '2h',
          buildspec: { phases: { build: { commands: DISTRIBUTE } } },
        }),
      ]),
    );
    const d = s.distribution;
    const alarmsByRegion = new Map<string, RegionAlarms>();
    s.distribution.waves.forEach((wave, i) => {
      // A region can receive the image in several waves (for different accounts): one alarm set.
      const waveAlarms = wave.regions.map(region => {
        if (!alarmsByRegion.has(region)) {
          const a = new ServiceAlarms(this, `alarms-prod-${region}`, {
            provider: this.provider(region),
            pipeline: name,
            environment: 'prod',
            region,
            monitoring: s.monitoring,
            blockerAlarms: d.blockerAlarms,
          });
          alarmsByRegion.set(region, {
            region,
            highSeverity: a.highSeverityAlarmName,
            entry: a.entryAlarmName,
          });
        }
        return alarmsByRegion.get(region)!;
      });
      const actions: PipelineActionModel[] = wave.regions.map(region =>
        tc.buildAction(
          ACTION.distribute(region),
          distributeProjects.get(region)!,
          {
            category: 'Deploy',
            region,
            env: {
              AMI_ID: amiVar,
              SOURCE_REGION: this.homeRegion,
              IMAGE_NAME: name,
              TARGET_ACCOUNTS: wave.accounts.join(' '),
              PUBLISHER_ROLE: amiPublisherRoleName(name),
              SSM_PARAMETER: amiParameterName(spec),
            },
          },
        ),
      );
      const bake =
        wave.bake ?? (i === 0 ? d.bake.firstWave : d.bake.laterWaves);
      stages.push({
        name: STAGE.prodWave(i + 1),
        actions,
        beforeEntry: entryCondition(d, waveAlarms),
        onSuccess: bakeCondition(d, waveAlarms, durationMinutes(bake)),
        rollbackOnFailure: d.rollbackOnAlarm,
      });
    });
    tc.pipeline(stages, {
      extraBuildStatements: [
        {
          Sid: 'ImageBuilder',
          Effect: 'Allow',
          Action: [
            'imagebuilder:StartImagePipelineExecution',
            'imagebuilder:GetImage',
          ],
          Resource: '*',
        },
        {
          Sid: 'Inspector',
          Effect: 'Allow',
          Action: 'inspector2:ListFindings',
          Resource: '*',
        },
        {
          Sid: 'Distribute',
          Effect: 'Allow',
          Action: [
            'ec2:CopyImage',
            'ec2:DescribeImages',
            'ec2:ModifyImageAttribute',
            'ec2:CreateTags',
          ],
          Resource: '*',
        },
        {
          Sid: 'PublishAmiId',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: consumers.map(
            a =>
              `arn:${this.partition}:iam::${a}:role/${amiPublisherRoleName(
                name,
              )}`,
          ),
        },
      ],
    });
  }
}

/** Adds the stacks of an ImagePipeline to `app`; returns their names. @public */
export function addImagePipelineStacks(
  app: App,
  spec: ImagePipelineSpec,
): string[] {
  const name = spec.metadata.name;
  const stacks = [`${name}-toolchain`];
  new ImageToolchainStack(app, `${name}-toolchain`, { spec });
  const firstRegion = new Map<string, string>();
  for (const wave of spec.spec.distribution.waves) {
    for (const account of wave.accounts)
      if (!firstRegion.has(account)) firstRegion.set(account, wave.regions[0]);
  }
  for (const [account, region] of firstRegion) {
    const id = `${name}-consumer-${account}`;
    new ImageConsumerStack(app, id, { spec, account, region });
    stacks.push(id);
  }
  return stacks;
}
