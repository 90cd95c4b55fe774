import type { PipelineProblem } from '@dpra/plugin-pipelines-common';
import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { alarmHistoryHorizon, chunks, iso, toDate, toIso } from './rows';
import type { EntityResolution, EntityStore } from './types';

/** Tables of the data a pipeline's snapshots write, forgotten with the pipeline. */
const PIPELINE_DATA_TABLES = [
  'alarms',
  'findings',
  'reports',
  'executions',
  'pipeline_states',
];

/** {@link EntityStore} on the plugin's database: `entities`, `entity_pipelines`, `entity_problems`. */
export class DatabaseEntityStore implements EntityStore {
  constructor(private readonly db: Knex) {}

  async getEntityResolution(entityRef: string) {
    const entity = await this.db('entities')
      .where({ entity_ref: entityRef })
      .first();
    if (!entity) {
      return undefined;
    }
    const links = await this.db('entity_pipelines as ep')
      .leftJoin('refresh_state as rs', 'rs.pipeline_arn', 'ep.pipeline_arn')
      .where('ep.entity_ref', entityRef)
      .select(
        'ep.pipeline_arn',
        'ep.reference',
        'rs.account_id',
        'rs.region',
        'rs.name',
        'rs.role_arn',
      )
      .orderBy('ep.pipeline_arn');
    const problems: PipelineProblem[] = (
      await this.db('entity_problems')
        .where({ entity_ref: entityRef })
        .orderBy('id')
    ).map(p => ({ reference: p.reference, message: p.message }));
    return {
      referencesHash: entity.references_hash,
      hotUntil: toDate(entity.hot_until),
      problems,
      pipelines: links.map(l => ({
        arn: l.pipeline_arn,
        reference: l.reference,
        accountId: l.account_id,
        region: l.region,
        name: l.name,
        roleArn: l.role_arn ?? undefined,
      })),
    };
  }

  async getEntityReferencesHash(entityRef: string) {
    const row = await this.db('entities')
      .where({ entity_ref: entityRef })
      .select('references_hash')
      .first();
    return row?.references_hash as string | undefined;
  }

  async getEntityPipelinesVersion(entityRef: string) {
    // Every writer of what the entities route serves stamps one of these columns: entity
    // resolutions `resolved_at`, snapshots `pipelines.updated_at` / `captured_at` (alarms and
    // executions are written in the same transaction), refresh outcomes `last_success_at` /
    // `last_error`. Deleted rows show up as missing values.
    const rows = await this.db('entities as e')
      .leftJoin('entity_pipelines as ep', 'ep.entity_ref', 'e.entity_ref')
      .leftJoin('pipelines as p', 'p.arn', 'ep.pipeline_arn')
      .leftJoin('pipeline_states as ps', 'ps.pipeline_arn', 'ep.pipeline_arn')
      .leftJoin('refresh_state as rs', 'rs.pipeline_arn', 'ep.pipeline_arn')
      .where('e.entity_ref', entityRef)
      .orderBy('ep.pipeline_arn')
      .select(
        'e.resolved_at',
        'ep.pipeline_arn',
        'p.updated_at',
        'ps.captured_at',
        'rs.last_success_at',
        'rs.last_error',
      );
    if (rows.length === 0) {
      return undefined;
    }
    const hash = createHash('sha1');
    for (const r of rows) {
      hash.update(
        JSON.stringify([
          toIso(r.resolved_at),
          r.pipeline_arn,
          toIso(r.updated_at),
          toIso(r.captured_at),
          toIso(r.last_success_at),
          r.last_error,
        ]),
      );
    }
    return hash.digest('base64url');
  }

  async saveEntityResolution(
    entityRef: string,
    resolution: EntityResolution,
    now: Date,
  ) {
    await this.db.transaction(async tx => {
      const existing = await tx('entities')
        .where({ entity_ref: entityRef })
        .first();
      await tx('entities')
        .insert({
          entity_ref: entityRef,
          references_hash: resolution.referencesHash,
          resolved_at: iso(now),
        })
        .onConflict('entity_ref')
        .merge(['references_hash', 'resolved_at']);
      await tx('entity_pipelines').where({ entity_ref: entityRef }).delete();
      await tx('entity_problems').where({ entity_ref: entityRef }).delete();
      const unique = new Map(resolution.pipelines.map(p => [p.arn, p]));
      for (const p of unique.values()) {
        await tx('entity_pipelines').insert({
          entity_ref: entityRef,
          pipeline_arn: p.arn,
          reference: p.reference,
        });
        // A new pipeline enters the refresh queue due at once.
        await tx('refresh_state')
          .insert({
            pipeline_arn: p.arn,
            account_id: p.accountId,
            region: p.region,
            name: p.name,
            role_arn: p.roleArn ?? null,
            next_refresh_at: iso(now),
            hot_until: existing?.hot_until ?? null,
            in_progress: false,
          })
          .onConflict('pipeline_arn')
          .merge(['role_arn']);
      }
      for (const problem of resolution.problems) {
        await tx('entity_problems').insert({
          entity_ref: entityRef,
          reference: problem.reference,
          message: problem.message,
        });
      }
    });
  }

  async listEntityRefs() {
    const rows = await this.db('entities').select('entity_ref');
    return rows.map(r => r.entity_ref as string);
  }

  async removeEntities(entityRefs: string[]) {
    for (const part of chunks(entityRefs)) {
      await this.db.transaction(async tx => {
        await tx('entity_pipelines').whereIn('entity_ref', part).delete();
        await tx('entity_problems').whereIn('entity_ref', part).delete();
        await tx('entities').whereIn('entity_ref', part).delete();
      });
    }
  }

  async removeUnreferencedPipelines() {
    const referenced = this.db('entity_pipelines').select('pipeline_arn');
    return this.db.transaction(async tx => {
      const orphans = (
        await tx('refresh_state')
          .whereNotIn('pipeline_arn', referenced)
          .select('pipeline_arn')
      ).map(r => r.pipeline_arn as string);
      for (const part of chunks(orphans)) {
        for (const table of PIPELINE_DATA_TABLES) {
          await tx(table).whereIn('pipeline_arn', part).delete();
        }
        await tx('pipelines').whereIn('arn', part).delete();
        await tx('refresh_state').whereIn('pipeline_arn', part).delete();
      }
      // History is kept per alarm, not per pipeline: what no pipeline reads any more ages out.
      await tx('alarm_history')
        .where('timestamp', '<', alarmHistoryHorizon(Date.now()))
        .delete();
      return orphans.length;
    });
  }

  async markEntityHot(
    entityRef: string,
    options: { hotUntil: Date; refreshBy: Date },
  ) {
    await this.db.transaction(async tx => {
      await tx('entities')
        .where({ entity_ref: entityRef })
        .update({ hot_until: iso(options.hotUntil) });
      const arns = () =>
        tx('entity_pipelines')
          .where({ entity_ref: entityRef })
          .select('pipeline_arn');
      await tx('refresh_state')
        .whereIn('pipeline_arn', arns())
        .update({ hot_until: iso(options.hotUntil) });
      await tx('refresh_state')
        .whereIn('pipeline_arn', arns())
        .where('next_refresh_at', '>', iso(options.refreshBy)!)
        .update({ next_refresh_at: iso(options.refreshBy) });
    });
  }
}
