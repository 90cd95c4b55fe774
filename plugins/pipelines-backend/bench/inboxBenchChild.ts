/* eslint-disable @backstage/no-undeclared-imports -- a dev-only script; @backstage/backend-defaults comes with @backstage/backend-test-utils */
import {
  coreServices,
  createServiceFactory,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { NextFunction, Request, Response } from 'express';
import knexFactory, { type Knex } from 'knex';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPipelineStores, type PipelineSnapshot } from '../src/store';

/**
 * The inbox benchmark's parts of the plugin's backend child (`backendChild.ts`): a store filled
 * before the plugin starts, a permission policy that decides like the portal's (owners decide),
 * and the sums of the inbox route's `Server-Timing` figures.
 */

/** What the orchestrator writes for the child to put into the store. */
export interface InboxSeed {
  /** Each entity's pipelines (explicit ARNs, as the catalog annotation names them). */
  resolutions: Array<{
    entityRef: string;
    pipelines: Array<PipelineSnapshot['location']>;
  }>;
  /** One refresh's snapshot per pipeline, with times as ISO strings. */
  snapshots: Array<Omit<PipelineSnapshot, 'capturedAt'> & { capturedAt: string }>;
}

/** A SQLite file in a temporary folder with the seed written through the plugin's own store. */
export async function seededDatabase(seedFile: string): Promise<Knex> {
  const seed = JSON.parse(readFileSync(seedFile, 'utf8')) as InboxSeed;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dpra-bench-inbox-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'pipelines.sqlite') },
    useNullAsDefault: true,
  });
  const stores = await createPipelineStores({
    database: { getClient: async () => knex, migrations: { skip: false } },
  });
  const now = new Date();
  for (const r of seed.resolutions) {
    await stores.entities.saveEntityResolution(
      r.entityRef,
      {
        referencesHash: 'seed',
        pipelines: r.pipelines.map(p => ({ ...p, reference: p.arn })),
        problems: [],
      },
      now,
    );
  }
  for (const s of seed.snapshots) {
    await stores.snapshotWriter.savePipelineSnapshot({
      ...s,
      capturedAt: new Date(s.capturedAt),
    });
  }
  return knex;
}

/**
 * The permissions service of the benchmark: `dpra.approval.decide` is allowed on the entities
 * whose owner is among the caller's claims (what the portal's policy decides through a
 * conditional decision the catalog applies), everything else is allowed. Evaluated in this
 * process: in the portal the batch is one HTTP request to the permission backend, which applies
 * the condition in one batch request to the catalog.
 */
export function ownerPolicyPermissions(
  entities: Array<{ entityRef: string; owner: string }>,
  claims: string[],
) {
  const ownerBy = new Map(entities.map(e => [e.entityRef, e.owner]));
  const owned = new Set(claims);
  const service: PermissionsService = {
    async authorize(requests) {
      return requests.map(r => {
        const resourceRef = (r as { resourceRef?: string }).resourceRef;
        if (r.permission.name !== 'dpra.approval.decide') {
          return { result: AuthorizeResult.ALLOW };
        }
        const owner = resourceRef ? ownerBy.get(resourceRef) : undefined;
        return {
          result:
            owner && owned.has(owner)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      });
    },
    async authorizeConditional(requests) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
    },
  };
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: async () => service,
  });
}

/** Where the orchestrator reads (and resets) the sums of the inbox's `Server-Timing` figures. */
export const INBOX_TIMINGS_PATH = '/__bench/inbox-timings';

const sums = { requests: 0, handlerMs: 0, storeMs: 0, permissionsMs: 0 };

/** Adds up, per answered inbox request, its handler time and its `Server-Timing` parts. */
export function recordInboxTimings(
  req: Request,
  res: Response,
  next: NextFunction,
) {
  if (!req.path.endsWith('/approvals/pending')) {
    next();
    return;
  }
  const started = performance.now();
  res.on('finish', () => {
    const header = String(res.getHeader('Server-Timing') ?? '');
    const dur = (name: string) =>
      Number(new RegExp(`${name};dur=([\\d.]+)`).exec(header)?.[1] ?? 0);
    sums.requests += 1;
    sums.handlerMs += performance.now() - started;
    sums.storeMs += dur('store');
    sums.permissionsMs += dur('permissions');
  });
  next();
}

/** Answers the sums since the previous reading, and starts new ones. */
export function inboxTimingsRoute(_req: Request, res: Response) {
  res.json({ ...sums });
  Object.assign(sums, {
    requests: 0,
    handlerMs: 0,
    storeMs: 0,
    permissionsMs: 0,
  });
}
