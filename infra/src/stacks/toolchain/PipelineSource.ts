import type { Construct } from 'constructs';
import type { CodepipelineTrigger } from '@cdktf/provider-aws/lib/codepipeline';
import { CodestarconnectionsConnection } from '@cdktf/provider-aws/lib/codestarconnections-connection';
import { ACTION } from '@dpra/pipeline-contract';
import type { AppPipelineSpec } from '../../spec/schema';
import type { DpraStack } from '../DpraStack';
import type { PolicyStatement } from '../iamPolicy';
import type { PipelineActionModel } from './pipelineModel';

/** Source settings (the same block in every kind). @public */
export type SourceSettings = AppPipelineSpec['spec']['source'];

/** The artifact name the source action produces. @public */
export const SOURCE_ARTIFACT = 'SourceOutput';

/** Props of {@link PipelineSource}. @public */
export interface PipelineSourceProps {
  /** The toolchain stack (partition, account and home region of the source's ARNs). */
  readonly stack: DpraStack;
  /** Pipeline name: names the CodeConnections connection when one is created. */
  readonly name: string;
  readonly settings: SourceSettings;
}

/**
 * Where a pipeline's code comes from, per provider in one place: the `Source` action, what the
 * pipeline role needs to run it, and the trigger. CodeConnections (GitHub, GitLab, Bitbucket)
 * gets a connection when the spec names none (it stays pending until authorised in the console)
 * and a push trigger on the trunk branch; CodeCommit and S3 are polled.
 *
 * Adds the connection to `scope` itself rather than to a child construct, so its Terraform
 * address stays that of deployed pipelines (ADR 0003).
 *
 * @public
 */
export class PipelineSource {
  readonly action: PipelineActionModel;
  /** What the pipeline role needs to run the action. */
  readonly permission: PolicyStatement;
  /** The pipeline's trigger; undefined for polled sources. */
  readonly trigger?: CodepipelineTrigger[];
  /** The connection created for a CodeConnections source without `connectionArn`. */
  readonly connection?: CodestarconnectionsConnection;

  constructor(scope: Construct, props: PipelineSourceProps) {
    const { stack, settings: s } = props;
    const common = {
      name: ACTION.source,
      category: 'Source' as const,
      runOrder: 1,
      outputArtifacts: [SOURCE_ARTIFACT],
      namespace: 'SourceVariables',
    };
    if (s.provider === 'CodeConnections') {
      const connectionArn =
        s.connectionArn ??
        (this.connection = new CodestarconnectionsConnection(
          scope,
          'connection',
          { name: props.name, providerType: s.connectionProvider },
        )).arn;
      this.action = {
        ...common,
        provider: 'CodeStarSourceConnection',
        configuration: {
          ConnectionArn: connectionArn,
          FullRepositoryId: s.repository!,
          BranchName: s.branch,
          OutputArtifactFormat: 'CODE_ZIP',
          DetectChanges: 'false',
        },
      };
      this.permission = {
        Sid: 'SourceConnection',
        Effect: 'Allow',
        Action: [
          'codestar-connections:UseConnection',
          'codeconnections:UseConnection',
        ],
        Resource: connectionArn,
      };
      this.trigger = [
        {
          providerType: 'CodeStarSourceConnection',
          gitConfiguration: {
            sourceActionName: ACTION.source,
            // Trunk-based (DPRA): only pushes to the trunk branch start the pipeline.
            push: [{ branches: { includes: [s.branch] } }],
          },
        },
      ];
    } else if (s.provider === 'CodeCommit') {
      this.action = {
        ...common,
        provider: 'CodeCommit',
        configuration: {
          RepositoryName: s.repository!,
          BranchName: s.branch,
          PollForSourceChanges: 'true',
        },
      };
      this.permission = {
        Sid: 'SourceRepository',
        Effect: 'Allow',
        Action: [
          'codecommit:GetBranch',
          'codecommit:GetCommit',
          'codecommit:UploadArchive',
          'codecommit:GetUploadArchiveStatus',
          'codecommit:CancelUploadArchive',
        ],
        Resource: stack.arn('codecommit', stack.homeRegion, s.repository!),
      };
    } else {
      this.action = {
        ...common,
        provider: 'S3',
        configuration: {
          S3Bucket: s.bucket!,
          S3ObjectKey: s.objectKey!,
          PollForSourceChanges: 'true',
        },
      };
      this.permission = {
        Sid: 'SourceBucket',
        Effect: 'Allow',
        Action: [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:GetBucketVersioning',
        ],
        Resource: [
          `arn:${stack.partition}:s3:::${s.bucket}`,
          `arn:${stack.partition}:s3:::${s.bucket}/${s.objectKey}`,
        ],
      };
    }
  }
}
