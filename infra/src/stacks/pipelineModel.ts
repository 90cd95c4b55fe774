import type { CodepipelineStage } from '@cdktf/provider-aws/lib/codepipeline';

/*
 * A typed model of the CodePipeline V2 definition we generate (stages, actions, condition rules),
 * kept separate from the binding's structs so that the stacks read as the DPRA picture and the
 * translation to Terraform lives in one place.
 */

/** One action. @public */
export interface PipelineActionModel {
  readonly name: string;
  readonly category:
    | 'Source'
    | 'Build'
    | 'Test'
    | 'Deploy'
    | 'Approval'
    | 'Invoke';
  readonly provider: string;
  readonly configuration?: Record<string, string>;
  readonly inputArtifacts?: string[];
  readonly outputArtifacts?: string[];
  /** Region the action runs in; the pipeline region when absent. */
  readonly region?: string;
  /** Role the action assumes (cross-account deploys). */
  readonly roleArn?: string;
  readonly runOrder: number;
  readonly namespace?: string;
}

/** One stage-condition rule. @public */
export interface ConditionRuleModel {
  readonly name: string;
  readonly provider: 'CloudWatchAlarm' | 'DeploymentWindow';
  readonly configuration: Record<string, string>;
  readonly region?: string;
}

/** A condition: rules plus the result applied when they fail. @public */
export interface ConditionModel {
  readonly result: 'FAIL' | 'ROLLBACK' | 'SKIP';
  readonly rules: ConditionRuleModel[];
}

/** One stage with its safety conditions. @public */
export interface PipelineStageModel {
  readonly name: string;
  readonly actions: PipelineActionModel[];
  readonly beforeEntry?: ConditionModel;
  readonly onSuccess?: ConditionModel;
  /** Roll the stage back to the last successful execution when it fails. */
  readonly rollbackOnFailure?: boolean;
}

/** CodePipeline allows at most 5 rules in one condition. @public */
export const MAX_RULES_PER_CONDITION = 5;

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
