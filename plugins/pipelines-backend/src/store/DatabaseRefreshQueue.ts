import type { Knex } from 'knex';
import { iso, toRefreshState } from './rows';
import type { RefreshQueue, RefreshState } from './types';

/** {@link RefreshQueue} on the plugin's database: `refresh_state`. */
export class DatabaseRefreshQueue implements RefreshQueue {
  constructor(private readonly db: Knex) {}

  async claimDuePipelines(options: {
    now: Date;
    owner: string;
    leaseMs: number;
    limit: number;
  }) {
    const now = iso(options.now)!;
    const candidates = await this.db('refresh_state')
      .where('next_refresh_at', '<=', now)
      .andWhere(q =>
        q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now),
      )
      .whereIn(
        'pipeline_arn',
        this.db('entity_pipelines').select('pipeline_arn'),
      )
      .orderBy('next_refresh_at')
      .limit(options.limit)
      .select('pipeline_arn');
    const claimed: RefreshState[] = [];
    for (const { pipeline_arn } of candidates) {
      const state = await this.tryLease(pipeline_arn, options, true);
      if (state) {
        claimed.push(state);
      }
    }
    return claimed;
  }

  async claimPipeline(
    arn: string,
    options: { now: Date; owner: string; leaseMs: number },
  ) {
    return this.tryLease(arn, options, false);
  }

  /**
   * A conditional UPDATE is the lease: only one replica's update matches while the lease is free,
   * on every engine, without holding a transaction across the AWS calls.
   */
  private async tryLease(
    arn: string,
    options: { now: Date; owner: string; leaseMs: number },
    dueOnly: boolean,
  ): Promise<RefreshState | undefined> {
    const now = iso(options.now)!;
    const query = this.db('refresh_state')
      .where({ pipeline_arn: arn })
      .andWhere(q =>
        q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now),
      );
    if (dueOnly) {
      query.andWhere('next_refresh_at', '<=', now);
    }
    const leaseExpiresAt = iso(
      new Date(options.now.getTime() + options.leaseMs),
    );
    // While leased, the pipeline is next due when the lease expires (a holder that died is
    // replaced then); a refresh requested meanwhile moves that earlier, and the holder's outcome
    // keeps the earlier time: the request becomes one follow-up refresh, however many came.
    const updated = await query.update({
      lease_owner: options.owner,
      lease_expires_at: leaseExpiresAt,
      last_attempt_at: now,
      next_refresh_at: leaseExpiresAt,
    });
    if (updated !== 1) {
      return undefined;
    }
    const row = await this.db('refresh_state')
      .where({ pipeline_arn: arn })
      .first();
    return row ? toRefreshState(row) : undefined;
  }

  async recordRefreshSuccess(
    arn: string,
    options: {
      owner: string;
      now: Date;
      nextRefreshAt: Date;
      inProgress: boolean;
      findingsRefreshed: boolean;
      readProblems?: string[];
    },
  ) {
    await this.db('refresh_state')
      .where({ pipeline_arn: arn, lease_owner: options.owner })
      .update({
        last_success_at: iso(options.now),
        last_error: null,
        next_refresh_at: this.nextRefreshAfterLease(options.nextRefreshAt),
        in_progress: options.inProgress,
        read_problems: options.readProblems?.length
          ? JSON.stringify(options.readProblems)
          : null,
        lease_owner: null,
        lease_expires_at: null,
        ...(options.findingsRefreshed
          ? { findings_refreshed_at: iso(options.now) }
          : {}),
      });
  }

  async recordRefreshFailure(
    arn: string,
    options: { owner: string; now: Date; nextRefreshAt: Date; error: string },
  ) {
    await this.db('refresh_state')
      .where({ pipeline_arn: arn, lease_owner: options.owner })
      .update({
        last_error: options.error,
        next_refresh_at: this.nextRefreshAfterLease(options.nextRefreshAt),
        lease_owner: null,
        lease_expires_at: null,
      });
  }

  /**
   * The planned time, or a refresh requested during the lease if that is earlier (a request is
   * what moved `next_refresh_at` before the lease's expiry).
   */
  private nextRefreshAfterLease(planned: Date) {
    const at = iso(planned)!;
    return this.db.raw(
      'CASE WHEN next_refresh_at < lease_expires_at AND next_refresh_at < ? THEN next_refresh_at ELSE ? END',
      [at, at],
    );
  }

  async requestRefresh(arn: string, at: Date) {
    await this.db('refresh_state')
      .where({ pipeline_arn: arn })
      .where('next_refresh_at', '>', iso(at)!)
      .update({ next_refresh_at: iso(at) });
  }
}
