import type { World } from './world';
import type { TransitionState } from './pipelineControlTypes';
import type { PipelineExecutionRecord, ScenarioPipeline } from './types';

function transitionKey(
  pipelineName: string,
  stageName: string,
  type: 'Inbound' | 'Outbound',
) {
  return `${pipelineName}\u0000${stageName}\u0000${type}`;
}

/**
 * The stage transitions of a world (Disable/EnableStageTransition): their state as
 * GetPipelineState reports it, and the gate that holds executions before a disabled one.
 */
export class StageTransitions {
  private readonly transitions = new Map<string, TransitionState>();

  constructor(private readonly world: World) {}

  /** Records a change; enabling lets the executions held at the transition go on at `at`. */
  set(
    pipeline: ScenarioPipeline,
    stageIndex: number,
    input: {
      transitionType: 'Inbound' | 'Outbound';
      enabled: boolean;
      reason?: string;
      changedBy?: string;
    },
    at: Date,
  ): void {
    this.transitions.set(
      transitionKey(
        pipeline.name,
        pipeline.stages[stageIndex].name,
        input.transitionType,
      ),
      {
        enabled: input.enabled,
        lastChangedAt: at,
        lastChangedBy:
          input.changedBy ?? `arn:aws:iam::${pipeline.accountId}:root`,
        disabledReason: input.enabled ? undefined : input.reason,
      },
    );
    this.world.simulation.changes++;
    if (!input.enabled) return;
    const gate =
      input.transitionType === 'Inbound' ? stageIndex : stageIndex + 1;
    for (const e of this.world.executions.get(pipeline.name) ?? []) {
      const cursor = this.world.simulation.cursors.get(e.pipelineExecutionId);
      if (
        cursor &&
        cursor.stageIndex === gate &&
        cursor.phase === 'beforeEntry' &&
        !cursor.nextAt
      ) {
        cursor.nextAt = at;
      }
    }
  }

  /** The inbound transition of a stage, as GetPipelineState reports it. */
  inbound(pipelineName: string, stageName: string): TransitionState {
    return (
      this.transitions.get(
        transitionKey(pipelineName, stageName, 'Inbound'),
      ) ?? { enabled: true }
    );
  }

  /** The gate the simulation asks before an execution enters a stage. */
  mayEnter(
    pipeline: ScenarioPipeline,
    stageIndex: number,
    execution: PipelineExecutionRecord,
  ): boolean {
    if (execution.executionType === 'ROLLBACK') return true;
    const inbound = this.transitions.get(
      transitionKey(pipeline.name, pipeline.stages[stageIndex].name, 'Inbound'),
    );
    const outbound =
      stageIndex > 0
        ? this.transitions.get(
            transitionKey(
              pipeline.name,
              pipeline.stages[stageIndex - 1].name,
              'Outbound',
            ),
          )
        : undefined;
    if (inbound?.enabled !== false && outbound?.enabled !== false) return true;
    if (pipeline.executionMode === 'SUPERSEDED') {
      // Only the newest execution waits at a closed transition; an older one waiting there is
      // superseded.
      for (const other of this.world.executions.get(pipeline.name) ?? []) {
        const cursor = this.world.simulation.cursors.get(
          other.pipelineExecutionId,
        );
        if (
          other !== execution &&
          cursor?.stageIndex === stageIndex &&
          cursor.phase === 'beforeEntry' &&
          !cursor.nextAt &&
          other.startTime < execution.startTime
        ) {
          other.status = 'Superseded';
          other.statusSummary = `Superseded by ${execution.pipelineExecutionId}`;
          this.world.simulation.cursors.delete(other.pipelineExecutionId);
        }
      }
    }
    return false;
  }
}
