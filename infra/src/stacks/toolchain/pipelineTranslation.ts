import type { Construct } from 'constructs';
import {
  Codepipeline,
  type CodepipelineStage,
  type CodepipelineTrigger,
} from '@cdktf/provider-aws/lib/codepipeline';
import type { ArtifactStores } from './ArtifactStores';
import {
  type ConditionModel,
  type ConditionRuleModel,
  MAX_RULES_PER_CONDITION,
  type PipelineStageModel,
} from './pipelineModel';

/*
 * The translation of the pipeline model (pipelineModel.ts) into the aws_codepipeline resource:
 * the only place that knows the binding's stage, action and condition structs.
 */

/** Props of {@link createCodePipeline}. @public */
export interface CodePipelineProps {
  readonly name: string;
  /** The pipeline role. */
  readonly roleArn: string;
  /** One artifact store per region the pipeline acts in. */
  readonly artifacts: ArtifactStores;
  readonly stages: readonly PipelineStageModel[];
  /** Triggers of the source. @default none: the source action polls */
  readonly trigger?: CodepipelineTrigger[];
  /** How overlapping executions run (the spec's `toolchain.executionMode`). @default 'QUEUED' */
  readonly executionMode?: 'QUEUED' | 'SUPERSEDED' | 'PARALLEL';
  /** Tags of the pipeline alone, on top of the provider's default tags. @default none */
  readonly tags?: Record<string, string>;
}

/**
 * The CodePipeline V2 of a stage model (queued executions unless the spec says otherwise), in
 * `scope` with id `pipeline`.
 *
 * @public
 */
export function createCodePipeline(
  scope: Construct,
  props: CodePipelineProps,
): Codepipeline {
  const { artifacts } = props;
  const rollingBack = props.stages.filter(s => s.rollbackOnFailure);
  if (props.executionMode === 'PARALLEL' && rollingBack.length > 0) {
    // CodePipeline refuses failure conditions with result ROLLBACK in PARALLEL mode.
    throw new Error(
      `pipeline ${
        props.name
      } is PARALLEL, which has no stage rollback, but stages ${rollingBack
        .map(s => s.name)
        .join(', ')} roll back on failure`,
    );
  }
  // With cross-region actions every store names its region; with one store it must not.
  const multiRegion = artifacts.regions.length > 1;
  return new Codepipeline(scope, 'pipeline', {
    name: props.name,
    pipelineType: 'V2',
    executionMode: props.executionMode ?? 'QUEUED',
    roleArn: props.roleArn,
    artifactStore: artifacts.regions.map(region => ({
      location: artifacts.bucket(region).bucket,
      type: 'S3',
      region: multiRegion ? region : undefined,
      encryptionKey: { id: artifacts.key(region).arn, type: 'KMS' },
    })),
    stage: props.stages.map(toCodepipelineStage),
    trigger: props.trigger,
    tags: props.tags,
  });
}

function rule(r: ConditionRuleModel) {
  return {
    name: r.name,
    ruleTypeId: {
      category: 'Rule',
      owner: 'AWS',
      provider: r.provider,
      version: '1',
    },
    configuration: r.configuration,
    region: r.region,
  };
}

function checkRuleCount(
  stage: string,
  kind: string,
  condition?: ConditionModel,
) {
  if (condition && condition.rules.length > MAX_RULES_PER_CONDITION) {
    throw new Error(
      `stage ${stage}: ${kind} has ${condition.rules.length} rules; CodePipeline allows ${MAX_RULES_PER_CONDITION}`,
    );
  }
}

/** Translates the model into the binding's stage struct. @public */
export function toCodepipelineStage(
  stage: PipelineStageModel,
): CodepipelineStage {
  checkRuleCount(stage.name, 'before_entry', stage.beforeEntry);
  checkRuleCount(stage.name, 'on_success', stage.onSuccess);
  return {
    name: stage.name,
    action: stage.actions.map(a => ({
      name: a.name,
      category: a.category,
      owner: 'AWS',
      provider: a.provider,
      version: '1',
      configuration: a.configuration,
      inputArtifacts: a.inputArtifacts,
      outputArtifacts: a.outputArtifacts,
      region: a.region,
      roleArn: a.roleArn,
      runOrder: a.runOrder,
      namespace: a.namespace,
    })),
    beforeEntry:
      stage.beforeEntry && stage.beforeEntry.rules.length
        ? {
            condition: {
              result: stage.beforeEntry.result,
              rule: stage.beforeEntry.rules.map(rule),
            },
          }
        : undefined,
    onSuccess:
      stage.onSuccess && stage.onSuccess.rules.length
        ? {
            condition: {
              result: stage.onSuccess.result,
              rule: stage.onSuccess.rules.map(rule),
            },
          }
        : undefined,
    onFailure: stage.rollbackOnFailure ? { result: 'ROLLBACK' } : undefined,
  };
}
