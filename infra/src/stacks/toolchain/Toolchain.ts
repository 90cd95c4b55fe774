import { Construct } from 'constructs';
import { waiverTagKey } from '@dpra/pipeline-contract';
import { CodebuildProject } from '@cdktf/provider-aws/lib/codebuild-project';
import type { Codepipeline } from '@cdktf/provider-aws/lib/codepipeline';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import {
  ACTION,
  STAGE,
  CODEBUILD_ENVIRONMENT_VARIABLES,
  codeBuildEnvironmentVariables,
} from '@dpra/pipeline-contract';
import { durationMinutes } from '../../spec/scalars';
import type { DpraStack } from '../DpraStack';
import type { PolicyStatement } from '../iamPolicy';
import { type Buildspec, renderBuildspec } from '../buildspec';
import { terraformLiteral } from '../terraformText';
import { ArtifactStores } from './ArtifactStores';
import { PipelineNotifications } from './PipelineNotifications';
import {
  PipelineSource,
  SOURCE_ARTIFACT,
  type SourceSettings,
} from './PipelineSource';
import { PortalEventFeed } from './PortalEventFeed';
import { ToolchainRoles } from './ToolchainRoles';
import type { PipelineActionModel, PipelineStageModel } from './pipelineModel';
import { createCodePipeline } from './pipelineTranslation';

function waiverTags(
  waivers: ReadonlyArray<{ check: string; reason: string }>,
): Record<string, string> | undefined {
  if (waivers.length === 0) return undefined;
  return Object.fromEntries(
    waivers.map(w => [waiverTagKey(w.check), terraformLiteral(w.reason)]),
  );
}

/** Props of {@link Toolchain}. @public */
export interface ToolchainProps {
  /** Pipeline name; stems every resource name. */
  readonly name: string;
  /** Regions where actions run (each needs an artifact store); the home region is added. */
  readonly regions: readonly string[];
  /** Accounts whose roles read artifacts (environment accounts). @default [] */
  readonly trustedAccounts?: readonly string[];
  /** E-mail subscriptions of the notification topic. @default [] */
  readonly notificationEmails?: readonly string[];
  readonly source: SourceSettings;
  /** CodeBuild image of every project. */
  readonly buildImage: string;
  /** CodeBuild compute type of every project. */
  readonly computeType: string;
  /** How the pipeline runs overlapping executions. @default 'QUEUED' */
  readonly executionMode?: 'QUEUED' | 'SUPERSEDED' | 'PARALLEL';
  /**
   * The spec's waivers: each becomes a `dpra:waiver:<check>` tag on the pipeline alone (not a
   * default tag: CodeBuild and other services refuse the punctuation a reason may hold).
   * @default []
   */
  readonly waivers?: ReadonlyArray<{ check: string; reason: string }>;
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

/** Options of {@link Toolchain.buildAction}. @public */
export interface BuildActionOptions {
  /** @default 1 */
  readonly runOrder?: number;
  /** @default 'Build' */
  readonly category?: 'Build' | 'Test' | 'Deploy';
  /** @default [SOURCE_ARTIFACT] */
  readonly inputs?: string[];
  /** @default none */
  readonly outputs?: string[];
  /** Region the action runs in (its project must be there). @default the pipeline's region */
  readonly region?: string;
  /** Plain-text environment variables of the build. @default none */
  readonly env?: Record<string, string>;
}

/** Options of {@link Toolchain.pipeline}. @public */
export interface PipelineOptions {
  /** Roles in other accounts that the pipeline's actions assume. @default [] */
  readonly crossAccountRoleArns?: readonly string[];
  /** Further permissions of the CodeBuild role (what the kind's projects do). @default [] */
  readonly extraBuildStatements?: readonly PolicyStatement[];
}

/** The project of a region, from {@link Toolchain.projectInEachRegion}. @public */
export type RegionalProjects = (region: string) => CodebuildProject;

export { SOURCE_ARTIFACT, type SourceSettings };
/** The artifact name the build action produces. @public */
export const BUILD_ARTIFACT = 'BuildOutput';

/**
 * What every generated pipeline needs in the toolchain account, composed from small parts:
 * {@link ArtifactStores} (S3 + KMS per region), {@link ToolchainRoles} (pipeline and CodeBuild
 * roles), {@link PipelineNotifications} (SNS), {@link PipelineSource}, and — once the stages are
 * known — the CodePipeline V2 itself ({@link createCodePipeline}) and the
 * {@link PortalEventFeed} (EventBridge → SQS). The kinds add CodeBuild projects with
 * {@link Toolchain.project} and hand their stage model to {@link Toolchain.pipeline}.
 *
 * @public
 */
export class Toolchain extends Construct {
  readonly stack: DpraStack;
  readonly name: string;
  readonly artifacts: ArtifactStores;
  readonly roles: ToolchainRoles;
  readonly notifications: PipelineNotifications;
  readonly source: PipelineSource;
  private readonly props: ToolchainProps;

  constructor(stack: DpraStack, id: string, props: ToolchainProps) {
    super(stack, id);
    this.stack = stack;
    this.props = props;
    this.name = props.name;
    this.artifacts = new ArtifactStores(this, {
      stack,
      name: props.name,
      regions: props.regions,
      trustedAccounts: props.trustedAccounts,
    });
    this.notifications = new PipelineNotifications(this, {
      name: props.name,
      kmsKeyArn: this.artifacts.key(stack.homeRegion).arn,
      emails: props.notificationEmails,
    });
    this.roles = new ToolchainRoles(this, { stack, name: props.name });
    this.source = new PipelineSource(this, {
      stack,
      name: props.name,
      settings: props.source,
    });
  }

  /** The `Source` stage. */
  sourceStage(): PipelineStageModel {
    return { name: STAGE.source, actions: [this.source.action] };
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
            NotificationArn: this.notifications.topic.arn,
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
    const logGroup = new CloudwatchLogGroup(this, `${id}-logs`, {
      provider: this.stack.provider(region),
      name: `/aws/codebuild/${name}`,
      retentionInDays: 90,
    });
    return new CodebuildProject(this, id, {
      provider: this.stack.provider(region),
      name,
      description: p.description,
      serviceRole: this.roles.buildRole.arn,
      buildTimeout: durationMinutes(p.timeout ?? '20m'),
      encryptionKey: this.artifacts.key(region).arn,
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

  /**
   * One CodeBuild project `<pipeline>-<suffix>` in each of `regions` (id `<suffix>-<region>`), for
   * actions that run in their target region; the map finds a region's project.
   */
  projectInEachRegion(
    regions: readonly string[],
    p: Omit<ProjectProps, 'region'>,
  ): RegionalProjects {
    const projects = new Map(
      [...new Set(regions)].map(region => [
        region,
        this.project(`${p.suffix}-${region}`, { ...p, region }),
      ]),
    );
    return (region: string) => {
      const project = projects.get(region);
      if (!project)
        throw new Error(`no ${p.suffix} project in region ${region}`);
      return project;
    };
  }

  /** A CodeBuild pipeline action running `project`. */
  buildAction(
    name: string,
    project: CodebuildProject,
    options: BuildActionOptions = {},
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
              [CODEBUILD_ENVIRONMENT_VARIABLES]: codeBuildEnvironmentVariables(
                options.env,
              ),
            }
          : {}),
      },
    };
  }

  /**
   * Creates the CodePipeline V2 from the stage model, the role policies scoped to what it uses,
   * the notification rule and the portal's event feed.
   */
  pipeline(
    stages: PipelineStageModel[],
    options: PipelineOptions = {},
  ): Codepipeline {
    const pipeline = createCodePipeline(this, {
      name: this.name,
      roleArn: this.roles.pipelineRole.arn,
      artifacts: this.artifacts,
      stages,
      trigger: this.source.trigger,
      executionMode: this.props.executionMode,
      tags: waiverTags(this.props.waivers ?? []),
    });
    this.roles.grant({
      artifacts: this.artifacts,
      topicArn: this.notifications.topic.arn,
      sourcePermission: this.source.permission,
      crossAccountRoleArns: options.crossAccountRoleArns,
      extraBuildStatements: options.extraBuildStatements,
    });
    this.notifications.notifyAbout(pipeline.arn);
    new PortalEventFeed(this, { pipeline: this.name });
    return pipeline;
  }
}
