import type { RULE_PROVIDER } from '@dpra/pipeline-contract';

/*
 * A typed model of the CodePipeline V2 definition we generate (stages, actions, condition rules),
 * kept separate from the binding's structs so that the stacks read as the DPRA picture and the
 * translation to Terraform lives in one place (pipelineTranslation.ts).
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
  readonly provider: (typeof RULE_PROVIDER)[keyof typeof RULE_PROVIDER];
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
