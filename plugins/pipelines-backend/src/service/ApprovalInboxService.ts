import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  approvalDecidePermission,
  type InboxApproval,
} from '@dpra/plugin-pipelines-common';
import type { InboxStore } from '../store';
import { prepareJsonBody, type PreparedJsonBody } from './PreparedJsonBody';
import type { ApprovalInboxService } from './types';

/** Options of {@link createApprovalInboxService}. */
export interface ApprovalInboxServiceOptions {
  inbox: InboxStore;
  permissions: Pick<PermissionsService, 'authorize'>;
  /**
   * How long one store read serves every caller, in milliseconds (default 1000): a refresh's new
   * approval, or a decision made through another replica, shows up after at most three times
   * that (see `STALE_READS`); a decision made through this instance at once. 0 reads every time.
   */
  storeCacheMs?: number;
  /**
   * How long a caller's permission decisions per entity are reused, in milliseconds (default
   * 5000, as for the entity routes); deciding an approval always asks afresh. 0 asks every time.
   */
  permissionCacheMs?: number;
  now?: () => number;
}

/**
 * How many store-read lifetimes an older read still answers while a new one runs: a new approval
 * shows up at most that many lifetimes late under constant polling, and at most one lifetime late
 * in a quiet moment.
 */
const STALE_READS = 3;

/** One store read, shared by every caller while it is fresh. */
interface InboxSnapshot {
  items: InboxApproval[];
  /** Each item's JSON, serialised once per read for every caller's body. */
  itemJson: string[];
  /** The JSON of every item: equal to the previous read's when nothing changed. */
  allJson: string;
  entityRefs: string[];
  readAt: number;
  /** Each caller's body of this read, with the decisions it was filtered by. */
  bodies: Map<string, { decisions: CallerDecisions; body: PreparedJsonBody }>;
}

/** What the permission framework answered a caller, per entity. */
interface CallerDecisions {
  allowed: Map<string, boolean>;
  askedAt: number;
}

/** True when two callers' decisions answer every entity alike. */
function sameAnswers(a: Map<string, boolean>, b: Map<string, boolean>) {
  if (a.size !== b.size) return false;
  for (const [ref, allowed] of b) {
    if (a.get(ref) !== allowed) return false;
  }
  return true;
}

/** A key for the caller of a request: its principal. */
function callerKey(credentials: BackstageCredentials): string {
  const { principal } = credentials as BackstageCredentials<any>;
  return principal.type === 'user'
    ? `user:${principal.userEntityRef}`
    : `${principal.type}:${principal.subject ?? ''}`;
}

/**
 * Creates the inbox service: the pending approvals from the store (one query, shared by every
 * caller for `storeCacheMs`), kept to the entities on which the caller holds
 * `dpra.approval.decide`, asked in one batch for all of them (the permission client sends one
 * request for the batch; the permission backend applies conditional decisions, such as the
 * portal's "owners decide", against the catalog in one batch too). The body of each caller is
 * serialised (and gzipped) once per store read.
 */
export function createApprovalInboxService(
  options: ApprovalInboxServiceOptions,
): ApprovalInboxService {
  const now = options.now ?? Date.now;
  const storeCacheMs = options.storeCacheMs ?? 1000;
  const permissionCacheMs = options.permissionCacheMs ?? 5000;
  let snapshot: InboxSnapshot | undefined;
  /** The last read even after `invalidate()`: its bodies serve again if a new read equals it. */
  let lastRead: InboxSnapshot | undefined;
  let reading: Promise<InboxSnapshot> | undefined;
  const decisionsByCaller = new Map<string, CallerDecisions>();

  /** Starts a store read unless one runs (one at a time however many callers ask meanwhile). */
  function startRead(): Promise<InboxSnapshot> {
    if (!reading) {
      const at = now();
      reading = options.inbox
        .listPendingApprovals()
        .then(items => {
          const itemJson = items.map(a => JSON.stringify(a));
          const allJson = itemJson.join(',');
          const previous = snapshot ?? lastRead;
          snapshot =
            previous && previous.allJson === allJson
              ? // Nothing changed: the callers' bodies (their entity tags, their gzip bytes) stay.
                { ...previous, readAt: at }
              : {
                  items,
                  itemJson,
                  allJson,
                  entityRefs: [...new Set(items.map(a => a.entityRef))],
                  readAt: at,
                  bodies: new Map(),
                };
          lastRead = snapshot;
          return snapshot;
        })
        .finally(() => {
          reading = undefined;
        });
    }
    return reading;
  }

  /**
   * The store read to answer from: the fresh one; or, while the last one is younger than
   * `STALE_READS` lifetimes, that one, with a new read started in the background (so that the
   * callers polling together do not all wait for it); otherwise a new read.
   */
  async function readPending(): Promise<{
    snapshot: InboxSnapshot;
    ms: number;
  }> {
    const age = snapshot ? now() - snapshot.readAt : Infinity;
    if (snapshot && age < storeCacheMs) {
      return { snapshot, ms: 0 };
    }
    if (snapshot && age < storeCacheMs * STALE_READS) {
      startRead().catch(() => {
        // The next caller waits for a read of its own, and sees its error.
        snapshot = undefined;
      });
      return { snapshot, ms: 0 };
    }
    const started = performance.now();
    const fresh = await startRead();
    return { snapshot: fresh, ms: performance.now() - started };
  }

  /** The caller's decisions on every entity of the read: reused while fresh, missing ones asked. */
  async function decisionsFor(
    credentials: BackstageCredentials,
    key: string,
    entityRefs: string[],
  ): Promise<CallerDecisions> {
    const previous = decisionsByCaller.get(key);
    let decisions = previous;
    if (!decisions || now() - decisions.askedAt >= permissionCacheMs) {
      decisions = { allowed: new Map(), askedAt: now() };
    }
    const missing = entityRefs.filter(ref => !decisions!.allowed.has(ref));
    if (missing.length > 0) {
      const answers = await options.permissions.authorize(
        missing.map(resourceRef => ({
          permission: approvalDecidePermission,
          resourceRef,
        })),
        { credentials },
      );
      const allowed = new Map(decisions.allowed);
      missing.forEach((ref, i) =>
        allowed.set(ref, answers[i]?.result === AuthorizeResult.ALLOW),
      );
      if (previous && sameAnswers(previous.allowed, allowed)) {
        // Asked afresh, answered the same: the caller's bodies filtered by them stay valid.
        previous.askedAt = decisions.askedAt;
        decisions = previous;
      } else {
        // A new object: bodies filtered by the previous decisions are not reused.
        decisions = { allowed, askedAt: decisions.askedAt };
      }
    }
    if (permissionCacheMs > 0) {
      decisionsByCaller.set(key, decisions);
      if (decisionsByCaller.size > 10_000) {
        decisionsByCaller.delete(decisionsByCaller.keys().next().value!);
      }
    }
    return decisions;
  }

  async function read(credentials: BackstageCredentials) {
    const store = await readPending();
    const key = callerKey(credentials);
    const started = performance.now();
    const decisions = await decisionsFor(
      credentials,
      key,
      store.snapshot.entityRefs,
    );
    return {
      snapshot: store.snapshot,
      key,
      decisions,
      timings: {
        storeMs: store.ms,
        permissionsMs: performance.now() - started,
      },
    };
  }

  return {
    invalidate() {
      snapshot = undefined;
    },

    async listFor(credentials) {
      const { snapshot: s, decisions, timings } = await read(credentials);
      return {
        items: s.items.filter(a => decisions.allowed.get(a.entityRef)),
        timings,
      };
    },

    async bodyFor(credentials) {
      const { snapshot: s, key, decisions, timings } = await read(credentials);
      const cached = s.bodies.get(key);
      if (cached && cached.decisions === decisions) {
        return { body: cached.body, timings };
      }
      // The JSON of `PendingApprovalsResponse`, from the items serialised once per read.
      const text = `{"items":[${s.itemJson
        .filter((_json, i) => decisions.allowed.get(s.items[i].entityRef))
        .join(',')}]}`;
      const body = prepareJsonBody(text);
      s.bodies.set(key, { decisions, body });
      return { body, timings };
    },
  };
}
