import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import { decisionRow, isUniqueViolation, iso, toDecision } from './rows';
import type {
  ApprovalDecisionOutcome,
  ApprovalDecisionRecord,
  ApprovalDecisionStore,
} from './types';

/** The outcomes of a decision that AWS took or may have taken: they lock the token and show. */
const TAKEN_OUTCOMES: ApprovalDecisionOutcome[] = [
  'pending',
  'succeeded',
  'reconciled',
];

/** {@link ApprovalDecisionStore} on the plugin's database: `approval_decisions`. */
export class DatabaseApprovalDecisionStore implements ApprovalDecisionStore {
  constructor(private readonly db: Knex) {}

  async insertApprovalDecision(
    d: Omit<ApprovalDecisionRecord, 'id' | 'outcome' | 'completedAt' | 'error'>,
  ) {
    try {
      const [row] = await this.db('approval_decisions')
        .insert(decisionRow(d))
        .returning('id');
      return Number(typeof row === 'object' ? row.id : row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(await this.conflictMessage(d));
      }
      throw error;
    }
  }

  /** Who decided this token first, and when: the 409 the second decider sees. */
  private async conflictMessage(
    d: Pick<
      ApprovalDecisionRecord,
      'pipelineArn' | 'stageName' | 'actionName' | 'token'
    >,
  ): Promise<string> {
    const row = await this.db('approval_decisions')
      .where({
        pipeline_arn: d.pipelineArn,
        stage_name: d.stageName,
        action_name: d.actionName,
        token: d.token,
      })
      .first();
    if (!row) {
      // Removed again in between (a retryable failure): nothing to name.
      return `A decision for ${d.stageName}/${d.actionName} with this approval token was already submitted; refresh to see the new state`;
    }
    const first = toDecision(row);
    const who = first.decidedByName
      ? `${first.decidedByName} (${first.decidedBy})`
      : first.decidedBy;
    const what = `by ${who} at ${first.decidedAt.toISOString()}: ${first.decision.toLowerCase()}`;
    if (first.outcome === 'failed') {
      return `Already submitted ${what}, and AWS refused it (${first.error}); refresh to see the new state`;
    }
    return `Already decided ${what}; refresh to see the new state`;
  }

  async completeApprovalDecision(
    id: number,
    result: {
      outcome: ApprovalDecisionOutcome;
      error?: string;
      completedAt?: Date;
    },
  ) {
    await this.db('approval_decisions')
      .where({ id })
      .update({
        outcome: result.outcome,
        error: result.error ?? null,
        completed_at: iso(result.completedAt) ?? null,
      });
  }

  async deleteApprovalDecision(id: number) {
    await this.db('approval_decisions').where({ id }).delete();
  }

  async listInFlightApprovalDecisions(startedBefore: Date) {
    const rows = await this.db('approval_decisions')
      .where({ outcome: 'pending' })
      .andWhere('decided_at', '<', iso(startedBefore)!)
      .orderBy('id');
    return rows.map(toDecision);
  }

  async pruneApprovalDecisions(before: {
    unsentBefore: Date;
    sentBefore: Date;
  }) {
    return await this.db('approval_decisions')
      .where(q =>
        q
          .where('decided_at', '<', iso(before.sentBefore)!)
          .orWhere(unsent =>
            unsent
              .whereNotIn('outcome', TAKEN_OUTCOMES)
              .andWhere('decided_at', '<', iso(before.unsentBefore)!),
          ),
      )
      .delete();
  }

  async listExecutionDecisions(
    executions: ReadonlyArray<{ pipelineArn: string; executionId: string }>,
  ) {
    if (executions.length === 0) return [];
    const wanted = new Set(
      executions.map(e => JSON.stringify([e.pipelineArn, e.executionId])),
    );
    const rows = await this.db('approval_decisions')
      .whereIn('pipeline_arn', [...new Set(executions.map(e => e.pipelineArn))])
      .whereIn('pipeline_execution_id', [
        ...new Set(executions.map(e => e.executionId)),
      ])
      .whereIn('outcome', TAKEN_OUTCOMES)
      .orderBy('id');
    return rows
      .map(toDecision)
      .filter(d =>
        wanted.has(JSON.stringify([d.pipelineArn, d.pipelineExecutionId])),
      );
  }

  async listApprovalDecisions(filter: {
    pipelineArn?: string;
    entityRef?: string;
  }) {
    const query = this.db('approval_decisions').orderBy('id', 'desc');
    if (filter.pipelineArn) query.where({ pipeline_arn: filter.pipelineArn });
    if (filter.entityRef) query.where({ entity_ref: filter.entityRef });
    return (await query).map(toDecision);
  }
}
