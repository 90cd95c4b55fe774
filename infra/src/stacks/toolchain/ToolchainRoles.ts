import type { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { DpraStack } from '../DpraStack';
import {
  type PolicyStatement,
  allow,
  policyDocument,
  serviceTrust,
} from '../iamPolicy';
import type { ArtifactStores } from './ArtifactStores';

/** Props of {@link ToolchainRoles}. @public */
export interface ToolchainRolesProps {
  readonly stack: DpraStack;
  /** Pipeline name: the roles are `<name>-pipeline` and `<name>-codebuild`. */
  readonly name: string;
}

/** What the pipeline uses, for {@link ToolchainRoles.grant}. @public */
export interface ToolchainGrants {
  readonly artifacts: ArtifactStores;
  /** The notification topic the pipeline publishes to. */
  readonly topicArn: string;
  /** What the pipeline role needs to run the source action. */
  readonly sourcePermission: PolicyStatement;
  /** Roles in other accounts that the pipeline's actions assume. @default [] */
  readonly crossAccountRoleArns?: readonly string[];
  /** Further permissions of the CodeBuild role (what the kind's projects do). @default [] */
  readonly extraBuildStatements?: readonly PolicyStatement[];
}

/**
 * The pipeline role and the CodeBuild role of a toolchain, least privilege: scoped to the
 * pipeline's own `<name>-*` projects, log groups and report groups, its artifact stores and its
 * topic.
 *
 * Adds its resources to `scope` itself rather than to a child construct, so their Terraform
 * addresses stay those of deployed pipelines (ADR 0003).
 *
 * @public
 */
export class ToolchainRoles {
  readonly pipelineRole: IamRole;
  readonly buildRole: IamRole;
  private readonly scope: Construct;
  private readonly stack: DpraStack;
  private readonly name: string;

  constructor(scope: Construct, props: ToolchainRolesProps) {
    this.scope = scope;
    this.stack = props.stack;
    this.name = props.name;
    this.pipelineRole = new IamRole(scope, 'pipeline-role', {
      name: `${props.name}-pipeline`,
      assumeRolePolicy: serviceTrust('codepipeline.amazonaws.com'),
    });
    this.buildRole = new IamRole(scope, 'build-role', {
      name: `${props.name}-codebuild`,
      assumeRolePolicy: serviceTrust('codebuild.amazonaws.com'),
    });
  }

  /** Attaches the policies of both roles, once the pipeline knows what it uses. */
  grant(uses: ToolchainGrants): void {
    const { stack, name } = this;
    const buckets = uses.artifacts.bucketAndObjectArns;
    const keys = uses.artifacts.keyArns;
    const pipelineStatements: PolicyStatement[] = [
      allow(
        'Artifacts',
        [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:PutObject',
          's3:GetBucketVersioning',
          's3:GetBucketLocation',
          's3:ListBucket',
        ],
        buckets,
      ),
      allow(
        'ArtifactKeys',
        [
          'kms:Decrypt',
          'kms:Encrypt',
          'kms:GenerateDataKey*',
          'kms:ReEncrypt*',
          'kms:DescribeKey',
        ],
        keys,
      ),
      allow(
        'Builds',
        [
          'codebuild:StartBuild',
          'codebuild:BatchGetBuilds',
          'codebuild:StopBuild',
        ],
        stack.arn('codebuild', '*', `project/${name}-*`),
      ),
      allow('Notify', 'sns:Publish', uses.topicArn),
      // Stage conditions read alarm states; DescribeAlarms does not support resource scoping.
      allow('ConditionAlarms', 'cloudwatch:DescribeAlarms', '*'),
      uses.sourcePermission,
    ];
    if (uses.crossAccountRoleArns?.length) {
      pipelineStatements.push(
        allow('CrossAccountDeploy', 'sts:AssumeRole', [
          ...new Set(uses.crossAccountRoleArns),
        ]),
      );
    }
    new IamRolePolicy(this.scope, 'pipeline-policy', {
      role: this.pipelineRole.id,
      name: 'pipeline',
      policy: policyDocument(pipelineStatements),
    });

    const buildStatements: PolicyStatement[] = [
      allow(
        'Logs',
        ['logs:CreateLogStream', 'logs:PutLogEvents'],
        stack.arn('logs', '*', `log-group:/aws/codebuild/${name}-*`),
      ),
      allow(
        'Artifacts',
        ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        buckets,
      ),
      allow(
        'ArtifactKeys',
        [
          'kms:Decrypt',
          'kms:Encrypt',
          'kms:GenerateDataKey*',
          'kms:DescribeKey',
        ],
        keys,
      ),
      allow(
        'TestReports',
        [
          'codebuild:CreateReport',
          'codebuild:UpdateReport',
          'codebuild:BatchPutTestCases',
          'codebuild:BatchPutCodeCoverages',
        ],
        stack.arn('codebuild', '*', `report-group/${name}-*`),
      ),
      ...(uses.extraBuildStatements ?? []),
    ];
    new IamRolePolicy(this.scope, 'build-policy', {
      role: this.buildRole.id,
      name: 'codebuild',
      policy: policyDocument(buildStatements),
    });
  }
}
