import { Construct } from 'constructs';
import { CodebuildProject } from '@cdktf/provider-aws/lib/codebuild-project';
import { Codepipeline } from '@cdktf/provider-aws/lib/codepipeline';
import { CodestarconnectionsConnection } from '@cdktf/provider-aws/lib/codestarconnections-connection';
import { CodestarnotificationsNotificationRule } from '@cdktf/provider-aws/lib/codestarnotifications-notification-rule';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { ACTION, STAGE } from '../naming';
import type { AppPipelineSpec } from '../spec/schema';
import { durationMinutes } from '../spec/scalars';
import type { DpraStack } from './DpraStack';
import {
  policyDocument,
  serviceTrust,
  type PolicyStatement,
} from './iamPolicy';
import { type Buildspec, renderBuildspec } from './buildspec';
import { terraformLiteral } from './terraformText';
import {
  toCodepipelineStage,
  type PipelineActionModel,
  type PipelineStageModel,
} from './pipelineModel';

/** Source settings (same block in every kind). @public */
export type SourceSettings = AppPipelineSpec['spec']['source'];

/** Props of {@link Toolchain}. @public */
export interface ToolchainProps {
  /** Pipeline name; stems every resource name. */
  readonly name: string;
  /** Regions where actions run (each needs an artifact store); must include the home region. */
  readonly regions: readonly string[];
  /** Accounts whose roles read artifacts (environment accounts). @default [] */
  readonly trustedAccounts?: readonly string[];
  /** E-mail subscriptions of the notification topic. @default [] */
  readonly notificationEmails?: readonly string[];
  readonly source: SourceSettings;
  /** CodeBuild image and compute. */
  readonly buildImage: string;
  readonly computeType: string;
}

/** Props of {@link Toolchain.project}. @public */
export interface ProjectProps {
  /** Suffix of the project name (`<pipeline>-<suffix>`). */
  readonly suffix: string;
  readonly description: string;
  readonly buildspec: Buildspec;
  /** cdktf tokens referenced by placeholders in the buildspec. @default {} */
  readonly tokens?: Record<string, string>;
  /** Region of the project (actions with `region` need a project there). @default home region */
  readonly region?: string;
  /** Build timeout. @default '20m' */
  readonly timeout?: string;
  /** Docker-in-Docker, for scanners that build images. @default false */
  readonly privileged?: boolean;
}

/** The artifact name the source action produces. @public */
export const SOURCE_ARTIFACT = 'SourceOutput';
/** The artifact name the build action produces. @public */
export const BUILD_ARTIFACT = 'BuildOutput';

/**
 * What every generated pipeline needs in the toolchain account: per-region artifact stores
 * (S3 + KMS, shared read-only with the environment accounts), the pipeline and CodeBuild roles
 * (least privilege: scoped to `<name>-*` resources), the notification topic, the source action,
 * an EventBridge rule that forwards pipeline/stage/action state changes to an SQS queue (the
 * portal's push channel), and the CodePipeline V2 itself.
 *
 * @public
 */
export class Toolchain extends Construct {
  readonly stack: DpraStack;
  readonly name: string;
  readonly pipelineRole: IamRole;
  readonly buildRole: IamRole;
  readonly topic: SnsTopic;
  readonly artifactBuckets = new Map<string, S3Bucket>();
  readonly artifactKeys = new Map<string, KmsKey>();
  readonly sourceAction: PipelineActionModel;
  readonly connection?: CodestarconnectionsConnection;
  private readonly props: ToolchainProps;
  private readonly projectNames = new Set<string>();

  constructor(stack: DpraStack, id: string, props: ToolchainProps) {
    super(stack, id);
    this.stack = stack;
    this.props = props;
    this.name = props.name;
    const trusted = [...new Set(props.trustedAccounts ?? [])];
    const root = (account: string) =>
      `arn:${stack.partition}:iam::${account}:root`;

    for (const region of new Set([stack.homeRegion, ...props.regions])) {
      const provider = stack.provider(region);
      const key = new KmsKey(this, `artifact-key-${region}`, {
        provider,
        description: `${props.name} pipeline artifacts (${region})`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: policyDocument([
          {
            Sid: 'ToolchainAccount',
            Effect: 'Allow',
            Principal: { AWS: root(stack.account) },
            Action: 'kms:*',
            Resource: '*',
          },
          ...(trusted.length
            ? [
                {
                  Sid: 'EnvironmentAccountsDecrypt',
                  Effect: 'Allow' as const,
                  Principal: { AWS: trusted.map(root) },
                  Action: ['kms:Decrypt', 'kms:DescribeKey'],
                  Resource: '*',
                },
              ]
            : []),
          {
            Sid: 'NotificationServices',
            Effect: 'Allow',
            Principal: {
              Service: [
                'codestar-notifications.amazonaws.com',
                'events.amazonaws.com',
              ],
            },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Resource: '*',
          },
        ]),
      });
      new KmsAlias(this, `artifact-key-alias-${region}`, {
        provider,
        name: `alias/${props.name}-artifacts`,
        targetKeyId: key.keyId,
      });
      const bucket = new S3Bucket(this, `artifacts-${region}`, {
        provider,
        bucket: `${props.name}-art-${stack.account}-${region}`,
        forceDestroy: false,
      });
      new S3BucketVersioningA(this, `artifacts-versioning-${region}`, {
        provider,
        bucket: bucket.id,
        versioningConfiguration: { status: 'Enabled' },
      });
      new S3BucketServerSideEncryptionConfigurationA(
        this,
        `artifacts-sse-${region}`,
        {
          provider,
          bucket: bucket.id,
          rule: [
            {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyId: key.arn,
              },
              bucketKeyEnabled: true,
            },
          ],
        },
      );
      new S3BucketPublicAccessBlock(this, `artifacts-public-access-${region}`, {
        provider,
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      new S3BucketOwnershipControls(this, `artifacts-ownership-${region}`, {
        provider,
        bucket: bucket.id,
        rule: { objectOwnership: 'BucketOwnerEnforced' },
      });
      new S3BucketPolicy(this, `artifacts-policy-${region}`, {
        provider,
        bucket: bucket.id,
        policy: policyDocument([
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucket.arn, `${bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': false } },
          },
          ...(trusted.length
            ? [
                {
                  Sid: 'EnvironmentAccountsRead',
                  Effect: 'Allow' as const,
                  Principal: { AWS: trusted.map(root) },
                  Action: ['s3:GetObject', 's3:GetObjectVersion'],
                  Resource: `${bucket.arn}/*`,
                },
              ]
            : []),
        ]),
      });
      this.artifactBuckets.set(region, bucket);
      this.artifactKeys.set(region, key);
    }
    const homeKey = this.artifactKeys.get(stack.homeRegion)!;

    this.topic = new SnsTopic(this, 'notifications', {
      name: `${props.name}-notifications`,
      kmsMasterKeyId: homeKey.arn,
    });
    new SnsTopicPolicy(this, 'notifications-policy', {
      arn: this.topic.arn,
      policy: policyDocument([
        {
          Sid: 'CodeStarNotifications',
          Effect: 'Allow',
          Principal: { Service: 'codestar-notifications.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: this.topic.arn,
        },
      ]),
    });
    [...new Set(props.notificationEmails ?? [])].forEach((email, i) => {
      new SnsTopicSubscription(this, `notifications-email-${i}`, {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    });

    this.pipelineRole = new IamRole(this, 'pipeline-role', {
      name: `${props.name}-pipeline`,
      assumeRolePolicy: serviceTrust('codepipeline.amazonaws.com'),
    });
    this.buildRole = new IamRole(this, 'build-role', {
      name: `${props.name}-codebuild`,
      assumeRolePolicy: serviceTrust('codebuild.amazonaws.com'),
    });

    const s = props.source;
    if (s.provider === 'CodeConnections') {
      const connectionArn =
        s.connectionArn ??
        (this.connection = new CodestarconnectionsConnection(
          this,
          'connection',
          {
            name: props.name,
            providerType: s.connectionProvider,
          },
        )).arn;
      this.sourceAction = {
        name: ACTION.source,
        category: 'Source',
        provider: 'CodeStarSourceConnection',
        runOrder: 1,
        outputArtifacts: [SOURCE_ARTIFACT],
        namespace: 'SourceVariables',
        configuration: {
          ConnectionArn: connectionArn,
          FullRepositoryId: s.repository!,
          BranchName: s.branch,
          OutputArtifactFormat: 'CODE_ZIP',
          DetectChanges: 'false',
        },
      };
    } else if (s.provider === 'CodeCommit') {
      this.sourceAction = {
        name: ACTION.source,
        category: 'Source',
        provider: 'CodeCommit',
        runOrder: 1,
        outputArtifacts: [SOURCE_ARTIFACT],
        namespace: 'SourceVariables',
        configuration: {
          RepositoryName: s.repository!,
          BranchName: s.branch,
          PollForSourceChanges: 'true',
        },
      };
    } else {
      this.sourceAction = {
        name: ACTION.source,
        category: 'Source',
        provider: 'S3',
        runOrder: 1,
        outputArtifacts: [SOURCE_ARTIFACT],
        namespace: 'SourceVariables',
        configuration: {
          S3Bucket: s.bucket!,
          S3ObjectKey: s.objectKey!,
          PollForSourceChanges: 'true',
        },
      };
    }
  }

  /**
   * The `Approval` stage: one Manual approval action that notifies the pipeline's topic; `comment`
   * is shown to the approver (a literal, never interpolated by Terraform).
   */
  manualApprovalStage(comment: string): PipelineStageModel {
    return {
      name: STAGE.approval,
      actions: [
        {
          name: ACTION.manualApproval,
          category: 'Approval',
          provider: 'Manual',
          runOrder: 1,
          configuration: {
            NotificationArn: this.topic.arn,
            CustomData: terraformLiteral(comment),
          },
        },
      ],
    };
  }

  /** ARN of the role `<roleName>` in another account (for cross-account actions). */
  roleArn(account: string, roleName: string): string {
    return `arn:${this.stack.partition}:iam::${account}:role/${roleName}`;
  }

  /** A CodeBuild project `<pipeline>-<suffix>` (in `region`, default home) with the shared role. */
  project(id: string, p: ProjectProps): CodebuildProject {
    const region = p.region ?? this.stack.homeRegion;
    const name = `${this.name}-${p.suffix}`;
    this.projectNames.add(name);
    const logGroup = new CloudwatchLogGroup(this, `${id}-logs`, {
      provider: this.stack.provider(region),
      name: `/aws/codebuild/${name}`,
      retentionInDays: 90,
    });
    return new CodebuildProject(this, id, {
      provider: this.stack.provider(region),
      name,
      description: p.description,
      serviceRole: this.buildRole.arn,
      buildTimeout: durationMinutes(p.timeout ?? '20m'),
      encryptionKey: this.artifactKeys.get(region)!.arn,
      artifacts: { type: 'CODEPIPELINE' },
      source: {
        type: 'CODEPIPELINE',
        buildspec: renderBuildspec(p.buildspec, p.tokens),
      },
      environment: {
        type: 'LINUX_CONTAINER',
        image: this.props.buildImage,
        computeType: this.props.computeType,
        privilegedMode: p.privileged ?? false,
        imagePullCredentialsType: 'CODEBUILD',
      },
      logsConfig: {
        cloudwatchLogs: { groupName: logGroup.name, status: 'ENABLED' },
      },
    });
  }

  /** A CodeBuild pipeline action running `project`. */
  buildAction(
    name: string,
    project: CodebuildProject,
    options: {
      runOrder?: number;
      category?: 'Build' | 'Test' | 'Deploy';
      inputs?: string[];
      outputs?: string[];
      region?: string;
      env?: Record<string, string>;
    } = {},
  ): PipelineActionModel {
    return {
      name,
      category: options.category ?? 'Build',
      provider: 'CodeBuild',
      runOrder: options.runOrder ?? 1,
      region: options.region,
      inputArtifacts: options.inputs ?? [SOURCE_ARTIFACT],
      outputArtifacts: options.outputs,
      configuration: {
        ProjectName: project.name,
        ...(options.env
          ? {
              EnvironmentVariables: JSON.stringify(
                Object.entries(options.env).map(([n, value]) => ({
                  name: n,
                  value,
                  type: 'PLAINTEXT',
                })),
              ),
            }
          : {}),
      },
    };
  }

  /**
   * Creates the CodePipeline V2 from the stage model, the IAM policies scoped to what it uses,
   * the notification rule and the EventBridge → SQS state-change feed.
   */
  pipeline(
    stages: PipelineStageModel[],
    options: {
      crossAccountRoleArns?: string[];
      extraBuildStatements?: PolicyStatement[];
    } = {},
  ): Codepipeline {
    const stack = this.stack;
    const regions = [...this.artifactBuckets.keys()];
    const multiRegion = regions.length > 1;
    const pipeline = new Codepipeline(this, 'pipeline', {
      name: this.name,
      pipelineType: 'V2',
      executionMode: 'QUEUED',
      roleArn: this.pipelineRole.arn,
      artifactStore: regions.map(region => ({
        location: this.artifactBuckets.get(region)!.bucket,
        type: 'S3',
        // With cross-region actions every store names its region; with one store it must not.
        region: multiRegion ? region : undefined,
        encryptionKey: { id: this.artifactKeys.get(region)!.arn, type: 'KMS' },
      })),
      stage: stages.map(toCodepipelineStage),
      trigger:
        this.props.source.provider === 'CodeConnections'
          ? [
              {
                providerType: 'CodeStarSourceConnection',
                gitConfiguration: {
                  sourceActionName: ACTION.source,
                  // Trunk-based (DPRA): only pushes to the trunk branch start the pipeline.
                  push: [
                    { branches: { includes: [this.props.source.branch] } },
                  ],
                },
              },
            ]
          : undefined,
    });

    const bucketArns = [...this.artifactBuckets.values()].flatMap(b => [
      b.arn,
      `${b.arn}/*`,
    ]);
    const keyArns = [...this.artifactKeys.values()].map(k => k.arn);
    const projectArn = stack.arn('codebuild', '*', `project/${this.name}-*`);
    const pipelineStatements: PolicyStatement[] = [
      {
        Sid: 'Artifacts',
        Effect: 'Allow',
        Action: [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:PutObject',
          's3:GetBucketVersioning',
          's3:GetBucketLocation',
          's3:ListBucket',
        ],
        Resource: bucketArns,
      },
      {
        Sid: 'ArtifactKeys',
        Effect: 'Allow',
        Action: [
          'kms:Decrypt',
          'kms:Encrypt',
          'kms:GenerateDataKey*',
          'kms:ReEncrypt*',
          'kms:DescribeKey',
        ],
        Resource: keyArns,
      },
      {
        Sid: 'Builds',
        Effect: 'Allow',
        Action: [
          'codebuild:StartBuild',
          'codebuild:BatchGetBuilds',
          'codebuild:StopBuild',
        ],
        Resource: projectArn,
      },
      {
        Sid: 'Notify',
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: this.topic.arn,
      },
      // Stage conditions read alarm states; DescribeAlarms does not support resource scoping.
      {
        Sid: 'ConditionAlarms',
        Effect: 'Allow',
        Action: 'cloudwatch:DescribeAlarms',
        Resource: '*',
      },
    ];
    const src = this.props.source;
    if (src.provider === 'CodeConnections') {
      const connectionArn = this.sourceAction.configuration!.ConnectionArn;
      pipelineStatements.push({
        Sid: 'SourceConnection',
        Effect: 'Allow',
        Action: [
          'codestar-connections:UseConnection',
          'codeconnections:UseConnection',
        ],
        Resource: connectionArn,
      });
    } else if (src.provider === 'CodeCommit') {
      pipelineStatements.push({
        Sid: 'SourceRepository',
        Effect: 'Allow',
        Action: [
          'codecommit:GetBranch',
          'codecommit:GetCommit',
          'codecommit:UploadArchive',
          'codecommit:GetUploadArchiveStatus',
          'codecommit:CancelUploadArchive',
        ],
        Resource: stack.arn('codecommit', stack.homeRegion, src.repository!),
      });
    } else {
      pipelineStatements.push({
        Sid: 'SourceBucket',
        Effect: 'Allow',
        Action: [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:GetBucketVersioning',
        ],
        Resource: [
          `arn:${stack.partition}:s3:::${src.bucket}`,
          `arn:${stack.partition}:s3:::${src.bucket}/${src.objectKey}`,
        ],
      });
    }
    if (options.crossAccountRoleArns?.length) {
      pipelineStatements.push({
        Sid: 'CrossAccountDeploy',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: [...new Set(options.crossAccountRoleArns)],
      });
    }
    new IamRolePolicy(this, 'pipeline-policy', {
      role: this.pipelineRole.id,
      name: 'pipeline',
      policy: policyDocument(pipelineStatements),
    });

    const buildStatements: PolicyStatement[] = [
      {
        Sid: 'Logs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: stack.arn(
          'logs',
          '*',
          `log-group:/aws/codebuild/${this.name}-*`,
        ),
      },
      {
        Sid: 'Artifacts',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        Resource: bucketArns,
      },
      {
        Sid: 'ArtifactKeys',
        Effect: 'Allow',
        Action: [
          'kms:Decrypt',
          'kms:Encrypt',
          'kms:GenerateDataKey*',
          'kms:DescribeKey',
        ],
        Resource: keyArns,
      },
      {
        Sid: 'TestReports',
        Effect: 'Allow',
        Action: [
          'codebuild:CreateReport',
          'codebuild:UpdateReport',
          'codebuild:BatchPutTestCases',
          'codebuild:BatchPutCodeCoverages',
        ],
        Resource: stack.arn('codebuild', '*', `report-group/${this.name}-*`),
      },
      ...(options.extraBuildStatements ?? []),
    ];
    new IamRolePolicy(this, 'build-policy', {
      role: this.buildRole.id,
      name: 'codebuild',
      policy: policyDocument(buildStatements),
    });

    new CodestarnotificationsNotificationRule(this, 'pipeline-notifications', {
      name: `${this.name}-pipeline`,
      resource: pipeline.arn,
      detailType: 'FULL',
      eventTypeIds: [
        'codepipeline-pipeline-pipeline-execution-failed',
        'codepipeline-pipeline-manual-approval-needed',
        'codepipeline-pipeline-stage-execution-failed',
      ],
      target: [{ address: this.topic.arn, type: 'SNS' }],
    });

    // Push channel for the portal: EventBridge → SQS, read by the backend's event consumer.
    const queue = new SqsQueue(this, 'events-queue', {
      name: `${this.name}-pipeline-events`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 345600,
    });
    const rule = new CloudwatchEventRule(this, 'state-changes', {
      name: `${this.name}-state-changes`,
      description: `State changes of pipeline ${this.name}`,
      eventPattern: JSON.stringify({
        source: ['aws.codepipeline'],
        'detail-type': [
          'CodePipeline Pipeline Execution State Change',
          'CodePipeline Stage Execution State Change',
          'CodePipeline Action Execution State Change',
        ],
        detail: { pipeline: [this.name] },
      }),
    });
    new CloudwatchEventTarget(this, 'state-changes-queue', {
      rule: rule.name,
      arn: queue.arn,
      targetId: 'portal-queue',
    });
    new SqsQueuePolicy(this, 'events-queue-policy', {
      queueUrl: queue.url,
      policy: policyDocument([
        {
          Sid: 'EventBridge',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: queue.arn,
          Condition: { ArnEquals: { 'aws:SourceArn': rule.arn } },
        },
      ]),
    });
    return pipeline;
  }
}
