import { parseStageName } from '@dpra/pipeline-contract';
import type {
  ActionDeclaration,
  Condition,
  StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import type {
  ConditionDeclaration,
  ScenarioActionDefinition,
  ScenarioPipeline,
  ScenarioStageDefinition,
} from '../scenario/types';
import type { SynthesizedPipeline } from './pipelineFromTerraform';

/*
 * A synthesized declaration as the simulation runs it: the same stages, actions and conditions,
 * plus how long each action takes. Durations follow what the action does (a CloudFormation
 * deployment takes longer than a test run); everything else is the declaration as GetPipeline
 * returns it.
 */

const MINUTE = 60_000;

/** Simulated minutes of an action, by what it does. */
function durationOf(action: ActionDeclaration): number {
  const type = action.actionTypeId;
  const oneBox = /one-?box/i.test(action.name ?? '');
  switch (type?.category) {
    case 'Source':
      return 1;
    case 'Build':
      return 8;
    case 'Test':
      return 6;
    case 'Deploy':
      if (type.provider === 'CloudFormation') return 12;
      return oneBox ? 9 : 10;
    case 'Approval':
      return 0;
    default:
      return 3;
  }
}

function toConditions(
  conditions: Condition[] | undefined,
): ConditionDeclaration[] {
  return (conditions ?? []).map(c => ({
    ...(c.result ? { result: c.result as ConditionDeclaration['result'] } : {}),
    rules: (c.rules ?? []).map(r => ({
      name: r.name ?? '',
      ruleTypeId: {
        category: 'Rule',
        owner: 'AWS',
        provider: r.ruleTypeId?.provider ?? '',
        version: r.ruleTypeId?.version ?? '1',
      },
      configuration: { ...(r.configuration ?? {}) },
      ...(r.region ? { region: r.region } : {}),
    })),
  }));
}

function toStage(stage: StageDeclaration): ScenarioStageDefinition {
  const out: ScenarioStageDefinition = {
    name: stage.name ?? '',
    actions: (stage.actions ?? []).map(
      (a): ScenarioActionDefinition => ({
        name: a.name ?? '',
        actionTypeId:
          a.actionTypeId as ScenarioActionDefinition['actionTypeId'],
        runOrder: a.runOrder ?? 1,
        configuration: { ...(a.configuration ?? {}) },
        ...(a.region ? { region: a.region } : {}),
        ...(a.inputArtifacts
          ? {
              inputArtifacts: a.inputArtifacts.map(x => ({
                name: x.name ?? '',
              })),
            }
          : {}),
        ...(a.outputArtifacts
          ? {
              outputArtifacts: a.outputArtifacts.map(x => ({
                name: x.name ?? '',
              })),
            }
          : {}),
        ...(a.namespace ? { namespace: a.namespace } : {}),
        durationMinutes: durationOf(a),
      }),
    ),
  };
  if (stage.beforeEntry)
    out.beforeEntry = {
      conditions: toConditions(stage.beforeEntry.conditions),
    };
  if (stage.onSuccess)
    out.onSuccess = { conditions: toConditions(stage.onSuccess.conditions) };
  if (stage.onFailure) {
    out.onFailure = {
      result: (stage.onFailure.result ?? 'FAIL') as
        | 'ROLLBACK'
        | 'FAIL'
        | 'RETRY',
      ...(stage.onFailure.conditions
        ? { conditions: toConditions(stage.onFailure.conditions) }
        : {}),
    };
  }
  return out;
}

/** The simulation's pipeline for a synthesized declaration, created at `created`. */
export function scenarioPipelineOf(
  synthesized: SynthesizedPipeline,
  created: Date,
): ScenarioPipeline {
  const { declaration } = synthesized;
  const source = declaration.stages
    .flatMap(s => s.actions ?? [])
    .find(a => a.actionTypeId?.category === 'Source');
  return {
    name: declaration.name,
    accountId: synthesized.accountId,
    region: synthesized.region,
    arn: synthesized.arn,
    roleArn: declaration.roleArn ?? '',
    executionMode: (declaration.executionMode ??
      'SUPERSEDED') as ScenarioPipeline['executionMode'],
    pipelineType: (declaration.pipelineType ??
      'V1') as ScenarioPipeline['pipelineType'],
    version: declaration.version ?? 1,
    created,
    updated: created,
    tags: synthesized.tags,
    stages: declaration.stages.map(toStage),
    repository:
      source?.configuration?.FullRepositoryId ??
      source?.configuration?.RepositoryName ??
      declaration.name,
    declaration,
  };
}

/** Longest bake (WaitTime, minutes) of a stage's on-success rules. */
export function bakeMinutesOf(stage: ScenarioStageDefinition): number {
  return Math.max(
    0,
    ...(stage.onSuccess?.conditions ?? []).flatMap(c =>
      c.rules.map(r => Number(r.configuration.WaitTime ?? 0)),
    ),
  );
}

/** Nominal minutes a stage's actions take (run-order groups one after another). */
function actionMinutesOf(
  stage: ScenarioStageDefinition,
  approvalMinutes: number,
): number {
  const orders = [...new Set(stage.actions.map(a => a.runOrder))];
  // The simulation lets each action run up to 2 minutes longer than nominal.
  return orders.reduce(
    (sum, order) =>
      sum +
      Math.max(
        ...stage.actions
          .filter(a => a.runOrder === order)
          .map(a =>
            a.actionTypeId.category === 'Approval'
              ? approvalMinutes
              : a.durationMinutes + 1,
          ),
      ),
    0,
  );
}

/**
 * When to start an execution so that, at `now`, it is `intoBake` minutes into the bake of the
 * stage at `stageIndex` (approvals decided after `approvalMinutes`).
 */
export function startForBake(
  pipeline: ScenarioPipeline,
  stageIndex: number,
  intoBake: number,
  approvalMinutes: number,
  now: Date,
): Date {
  let minutes = intoBake;
  for (let i = 0; i <= stageIndex; i++) {
    const stage = pipeline.stages[i];
    minutes += actionMinutesOf(stage, approvalMinutes);
    if (i < stageIndex) minutes += bakeMinutesOf(stage);
  }
  return new Date(now.getTime() - minutes * MINUTE);
}

/** Index of the production stage of a wave (1-based), by the naming convention. */
export function waveStageIndex(
  pipeline: ScenarioPipeline,
  wave: number,
): number {
  return pipeline.stages.findIndex(s => {
    const parsed = parseStageName(s.name);
    return parsed?.phase === 'prod' && parsed.wave === wave;
  });
}
