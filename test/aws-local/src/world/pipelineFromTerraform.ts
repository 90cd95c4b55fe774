import type {
  ActionDeclaration,
  ArtifactStore,
  Condition,
  FailureConditions,
  PipelineDeclaration,
  PipelineTriggerDeclaration,
  RuleDeclaration,
  StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import { TerraformStack, arnOf, blocks } from './terraformJson';

/*
 * `aws_codepipeline` (Terraform JSON, snake_case blocks) -> the PipelineDeclaration GetPipeline
 * returns (camelCase, per the SDK's types). Optional fields appear only when the resource sets
 * them, as AWS omits them; artifact lists are always present (GetPipeline sends `[]`).
 */

type Tf = Record<string, any>;

/** A synthesized pipeline as the world serves it. @public */
export interface SynthesizedPipeline {
  /** The Terraform stack the pipeline was synthesized in. */
  stackName: string;
  accountId: string;
  region: string;
  arn: string;
  /** The declaration GetPipeline returns (`pipeline`), with `version` 1. */
  declaration: PipelineDeclaration & {
    name: string;
    stages: StageDeclaration[];
  };
  /** ListTagsForResource's answer: provider default tags overlaid by the resource's own. */
  tags: Array<{ key: string; value: string }>;
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;

const stringMap = (
  stack: TerraformStack,
  owner: Tf,
  map: Record<string, unknown> | undefined,
): Record<string, string> | undefined =>
  map === undefined
    ? undefined
    : Object.fromEntries(
        Object.entries(map).map(([k, v]) => [
          k,
          stack.resolve(String(v), owner),
        ]),
      );

function toRule(
  stack: TerraformStack,
  pipeline: Tf,
  rule: Tf,
): RuleDeclaration {
  const type = blocks<Tf>(rule.rule_type_id)[0] ?? {};
  return defined({
    name: rule.name,
    ruleTypeId: defined({
      category: type.category,
      owner: type.owner,
      provider: type.provider,
      version: type.version,
    }),
    configuration: stringMap(stack, pipeline, rule.configuration),
    commands: rule.commands,
    inputArtifacts: rule.input_artifacts?.map((name: string) => ({ name })),
    roleArn: rule.role_arn && stack.resolve(rule.role_arn, pipeline),
    region: rule.region,
    timeoutInMinutes: rule.timeout_in_minutes,
  });
}

function toConditions(
  stack: TerraformStack,
  pipeline: Tf,
  block: Tf | undefined,
): Condition[] {
  return blocks<Tf>(block?.condition).map(condition =>
    defined({
      result: condition.result,
      rules: blocks<Tf>(condition.rule).map(rule =>
        toRule(stack, pipeline, rule),
      ),
    }),
  );
}

function toAction(
  stack: TerraformStack,
  pipeline: Tf,
  action: Tf,
): ActionDeclaration {
  return defined({
    name: action.name,
    actionTypeId: {
      category: action.category,
      owner: action.owner,
      provider: action.provider,
      version: action.version,
    },
    runOrder: action.run_order ?? 1,
    configuration: stringMap(stack, pipeline, action.configuration),
    outputArtifacts: (action.output_artifacts ?? []).map((name: string) => ({
      name,
    })),
    inputArtifacts: (action.input_artifacts ?? []).map((name: string) => ({
      name,
    })),
    roleArn: action.role_arn && stack.resolve(action.role_arn, pipeline),
    region: action.region,
    namespace: action.namespace,
    timeoutInMinutes: action.timeout_in_minutes,
  });
}

function toStage(
  stack: TerraformStack,
  pipeline: Tf,
  stage: Tf,
): StageDeclaration {
  const beforeEntry = blocks<Tf>(stage.before_entry)[0];
  const onSuccess = blocks<Tf>(stage.on_success)[0];
  const onFailure = blocks<Tf>(stage.on_failure)[0];
  const retry = blocks<Tf>(onFailure?.retry_configuration)[0];
  return defined({
    name: stage.name,
    actions: blocks<Tf>(stage.action).map(a => toAction(stack, pipeline, a)),
    beforeEntry: beforeEntry && {
      conditions: toConditions(stack, pipeline, beforeEntry),
    },
    onSuccess: onSuccess && {
      conditions: toConditions(stack, pipeline, onSuccess),
    },
    onFailure:
      onFailure &&
      defined<FailureConditions>({
        result: onFailure.result,
        retryConfiguration: retry && { retryMode: retry.retry_mode },
        conditions: onFailure.condition
          ? toConditions(stack, pipeline, onFailure)
          : undefined,
      }),
  });
}

function toArtifactStore(
  stack: TerraformStack,
  pipeline: Tf,
  store: Tf,
): ArtifactStore {
  const key = blocks<Tf>(store.encryption_key)[0];
  return defined({
    type: store.type,
    location: stack.resolve(store.location, pipeline),
    encryptionKey: key && {
      id: stack.resolve(key.id, pipeline),
      type: key.type,
    },
  });
}

function toTrigger(trigger: Tf): PipelineTriggerDeclaration {
  const git = blocks<Tf>(trigger.git_configuration)[0] ?? {};
  const filter = (f: Tf | undefined) =>
    f && defined({ includes: f.includes, excludes: f.excludes });
  return {
    providerType: trigger.provider_type,
    gitConfiguration: defined({
      sourceActionName: git.source_action_name,
      push: git.push
        ? blocks<Tf>(git.push).map(p =>
            defined({
              tags: filter(blocks<Tf>(p.tags)[0]),
              branches: filter(blocks<Tf>(p.branches)[0]),
              filePaths: filter(blocks<Tf>(p.file_paths)[0]),
            }),
          )
        : undefined,
      pullRequest: git.pull_request
        ? blocks<Tf>(git.pull_request).map(p =>
            defined({
              events: p.events,
              branches: filter(blocks<Tf>(p.branches)[0]),
              filePaths: filter(blocks<Tf>(p.file_paths)[0]),
            }),
          )
        : undefined,
    }),
  };
}

/**
 * Converts every `aws_codepipeline` resource of a stack into what GetPipeline and
 * ListTagsForResource answer for it.
 */
export function pipelinesFromStack(
  stack: TerraformStack,
): SynthesizedPipeline[] {
  return stack.resources('aws_codepipeline').map(({ body }) => {
    const { accountId, region } = stack.placement(body);
    const name: string = stack.resolve(body.name, body);
    const stores = blocks<Tf>(body.artifact_store);
    // One store without a region is `artifactStore`; cross-region pipelines get `artifactStores`
    // keyed by region (GetPipeline never returns both).
    const single = stores.length === 1 && !stores[0].region;
    const declaration = defined({
      name,
      roleArn: stack.resolve(body.role_arn, body),
      artifactStore: single
        ? toArtifactStore(stack, body, stores[0])
        : undefined,
      artifactStores: single
        ? undefined
        : Object.fromEntries(
            stores.map(s => [s.region, toArtifactStore(stack, body, s)]),
          ),
      stages: blocks<Tf>(body.stage).map(s => toStage(stack, body, s)),
      version: 1,
      executionMode: body.execution_mode ?? 'SUPERSEDED',
      pipelineType: body.pipeline_type ?? 'V1',
      variables: body.variable
        ? blocks<Tf>(body.variable).map(v =>
            defined({
              name: v.name,
              defaultValue: v.default_value,
              description: v.description,
            }),
          )
        : undefined,
      triggers: body.trigger
        ? blocks<Tf>(body.trigger).map(toTrigger)
        : undefined,
    });
    return {
      stackName: stack.name,
      accountId,
      region,
      arn: arnOf('aws_codepipeline', { accountId, region, name }),
      declaration,
      tags: stack.tagsOf(body),
    };
  });
}
