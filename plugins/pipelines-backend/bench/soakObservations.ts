import { percentile } from './loadGenerator';
import type { ReceivedDecision } from './soakAwsLocalChild';

/** A pending approval as the entity route serves it, with the entity it was read through. */
export interface ObservedApproval {
  entity: string;
  pipelineArn: string;
  stageName: string;
  actionName: string;
  token: string;
}

/** What the approvals route answered one decision request. */
export interface DecisionAnswer {
  token: string;
  /** HTTP status; 0 when the request failed. */
  status: number;
  ms: number;
  message?: string;
}

interface StaleWindow {
  pipeline: string;
  seconds: number;
  /** The fault it belongs to (active when it opened, or cleared shortly before). */
  fault?: string;
  reason?: string;
}

/**
 * Seconds after a fault clears in which a pipeline turning stale is still that fault's doing: a
 * refresh that started during the fault ends (and fails) up to its deadline (45 s) later.
 */
const FAULT_GRACE_SECONDS = 90;

/** Watches the entity route once a second: stale windows, disappearances, pending approvals. */
export interface SoakMonitor {
  /** Views the entities and waits until each has its pipelines, fresh and without problems. */
  warmUp(timeoutMs: number): Promise<void>;
  /** The pipelines each entity had when warm. */
  baseline(): Array<{ entity: string; pipelines: string[] }>;
  start(): void;
  stop(): void;
  faultStarted(name: string): void;
  faultCleared(): void;
  /** The pending approvals of the last reading. */
  pendingApprovals(): ObservedApproval[];
  staleSummary(): {
    windows: number;
    medianSeconds: number;
    maxSeconds: number;
    maxRecoverySeconds: number;
    unrecoveredFaults: number;
    outsideFaults: number;
    faultsNotShown: string[];
    byFault: Record<string, { windows: number; maxSeconds: number }>;
    disappearances: number;
    readFailures: number;
    longest: StaleWindow[];
  };
}

interface EntityPage {
  pipelines: Array<{
    name: string;
    freshness: { stale: boolean; staleReason?: string };
    pendingApprovals: Array<Omit<ObservedApproval, 'entity'>>;
  }>;
  problems: Array<{ message: string }>;
}

/** Creates the soak's monitor of `entities` under the entity route `base`. */
export function createSoakMonitor(options: {
  base: string;
  entities: string[];
}): SoakMonitor {
  const { base, entities } = options;
  const latest = new Map<string, EntityPage>();
  const baseline = new Map<string, string[]>();
  const open = new Map<
    string,
    { startedAt: number; fault?: string; reason?: string }
  >();
  const windows: StaleWindow[] = [];
  const recoveries: Array<{ fault: string; seconds: number }> = [];
  const faultsRun = new Set<string>();
  let fault: string | undefined;
  let cleared: { fault: string; at: number; recovered: boolean } | undefined;
  let disappearances = 0;
  let readFailures = 0;
  let timers: NodeJS.Timeout[] = [];
  let sampling = false;

  const read = async (entity: string) => {
    const response = await fetch(`${base}/${entity}/pipelines`);
    if (!response.ok) throw new Error(`${entity}: ${response.status}`);
    return (await response.json()) as EntityPage;
  };
  const view = () =>
    Promise.all(
      entities.map(entity =>
        fetch(`${base}/${entity}/refresh`, { method: 'POST' }).catch(() => {}),
      ),
    );
  const faultOfNewWindow = (now: number) => {
    if (fault) return fault;
    if (cleared && now - cleared.at < FAULT_GRACE_SECONDS * 1000) {
      return cleared.fault;
    }
    return undefined;
  };

  const sample = async () => {
    if (sampling) return;
    sampling = true;
    try {
      const now = Date.now();
      let allFresh = true;
      for (const entity of entities) {
        let page: EntityPage;
        try {
          page = await read(entity);
        } catch {
          readFailures++;
          allFresh = false;
          continue;
        }
        latest.set(entity, page);
        const names = new Set(page.pipelines.map(p => p.name));
        disappearances += (baseline.get(entity) ?? []).filter(
          n => !names.has(n),
        ).length;
        for (const pipeline of page.pipelines) {
          const key = `${entity}/${pipeline.name}`;
          const window = open.get(key);
          if (pipeline.freshness.stale) {
            allFresh = false;
            if (!window) {
              open.set(key, {
                startedAt: now,
                fault: faultOfNewWindow(now),
                reason: pipeline.freshness.staleReason,
              });
            }
          } else if (window) {
            open.delete(key);
            windows.push({
              pipeline: key,
              seconds: (now - window.startedAt) / 1000,
              fault: window.fault,
              reason: window.reason,
            });
          }
        }
      }
      if (cleared && !cleared.recovered && allFresh) {
        cleared.recovered = true;
        recoveries.push({
          fault: cleared.fault,
          seconds: (now - cleared.at) / 1000,
        });
      }
    } finally {
      sampling = false;
    }
  };

  return {
    async warmUp(timeoutMs) {
      const started = Date.now();
      await view();
      for (;;) {
        const pages = await Promise.all(entities.map(read)).catch(
          () => undefined,
        );
        if (
          pages?.every(
            page =>
              page.pipelines.length > 0 &&
              page.problems.length === 0 &&
              page.pipelines.every(p => !p.freshness.stale),
          )
        ) {
          pages.forEach((page, i) => {
            latest.set(entities[i], page);
            baseline.set(
              entities[i],
              page.pipelines.map(p => p.name),
            );
          });
          return;
        }
        if (Date.now() - started > timeoutMs) {
          throw new Error(
            `The entities were not read fresh within ${
              timeoutMs / 1000
            } s: ${JSON.stringify(pages)?.slice(0, 2000)}`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
    },
    baseline: () =>
      entities.map(entity => ({
        entity,
        pipelines: baseline.get(entity) ?? [],
      })),
    start() {
      // The entity pages stay open: a view keeps the entities hot (hotForSeconds is 300).
      timers = [
        setInterval(() => void sample(), 1000),
        setInterval(() => void view(), 120_000),
      ];
    },
    stop() {
      timers.forEach(clearInterval);
      timers = [];
    },
    faultStarted(name) {
      if (cleared && !cleared.recovered) {
        // The next fault began before everything was fresh again.
        recoveries.push({ fault: cleared.fault, seconds: Number.NaN });
        cleared.recovered = true;
      }
      fault = name;
      faultsRun.add(name);
    },
    faultCleared() {
      if (fault) cleared = { fault, at: Date.now(), recovered: false };
      fault = undefined;
    },
    pendingApprovals: () =>
      [...latest.entries()].flatMap(([entity, page]) =>
        page.pipelines.flatMap(p =>
          p.pendingApprovals.map(a => ({
            entity,
            pipelineArn: a.pipelineArn,
            stageName: a.stageName,
            actionName: a.actionName,
            token: a.token,
          })),
        ),
      ),
    staleSummary() {
      const seconds = windows.map(w => w.seconds);
      const byFault: Record<string, { windows: number; maxSeconds: number }> =
        {};
      for (const w of windows) {
        const entry = (byFault[w.fault ?? 'no fault'] ??= {
          windows: 0,
          maxSeconds: 0,
        });
        entry.windows++;
        entry.maxSeconds = Math.max(entry.maxSeconds, w.seconds);
      }
      const recovered = recoveries.filter(r => Number.isFinite(r.seconds));
      return {
        windows: windows.length,
        medianSeconds: percentile(seconds, 50),
        maxSeconds: seconds.length ? Math.max(...seconds) : 0,
        maxRecoverySeconds: recovered.length
          ? Math.max(...recovered.map(r => r.seconds))
          : Number.NaN,
        unrecoveredFaults: recoveries.length - recovered.length,
        outsideFaults:
          windows.filter(w => !w.fault).length +
          [...open.values()].filter(w => !w.fault).length,
        faultsNotShown: [...faultsRun].filter(f => !byFault[f]),
        byFault,
        disappearances,
        readFailures,
        longest: [...windows].sort((a, b) => b.seconds - a.seconds).slice(0, 5),
      };
    },
  };
}

/**
 * Decisions the API acknowledged against the `PutApprovalResult` calls that reached AWS's state.
 * Lost: acknowledged as sent (200) but AWS never recorded it, or answered "unknown" (202) and
 * neither recorded nor decidable again. Duplicated: a send that reached AWS after AWS had already
 * recorded a decision of that approval. Sent but answered as not sent: AWS recorded a decision of
 * an approval whose every request was answered otherwise (503, 409…).
 */
export function summariseDecisions(
  answers: readonly DecisionAnswer[],
  received: readonly ReceivedDecision[],
  pendingAtEnd: readonly string[],
) {
  const byStatus: Record<string, number> = {};
  const statusesOf = new Map<string, Set<number>>();
  for (const a of answers) {
    byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    const set = statusesOf.get(a.token) ?? new Set<number>();
    set.add(a.status);
    statusesOf.set(a.token, set);
  }
  const recordedOf = new Map<string, number>();
  let duplicated = 0;
  for (const r of received) {
    const recorded = recordedOf.get(r.token) ?? 0;
    if (recorded > 0) duplicated++;
    if (r.recorded) recordedOf.set(r.token, recorded + 1);
  }
  const pending = new Set(pendingAtEnd);
  let acknowledged = 0;
  let unknown = 0;
  let unknownReachedAws = 0;
  let unknownReleased = 0;
  let lost = 0;
  let sentButDenied = 0;
  for (const [token, statuses] of statusesOf) {
    const recorded = (recordedOf.get(token) ?? 0) > 0;
    if (statuses.has(200)) {
      acknowledged++;
      if (!recorded) lost++;
    } else if (statuses.has(202)) {
      unknown++;
      if (recorded) unknownReachedAws++;
      else if (pending.has(token)) unknownReleased++;
      else lost++;
    } else if (recorded) {
      sentButDenied++;
    }
  }
  const times = answers.map(a => a.ms);
  return {
    attempts: answers.length,
    tokens: statusesOf.size,
    byStatus,
    p99Ms: percentile(times, 99),
    maxMs: times.length ? Math.max(...times) : Number.NaN,
    acknowledged,
    unknown,
    unknownReachedAws,
    unknownReleased,
    received: received.length,
    recorded: received.filter(r => r.recorded).length,
    refused: received.filter(r => !r.recorded).length,
    lost,
    duplicated,
    sentButDenied,
    messages: [
      ...new Set(
        answers
          .filter(a => a.status !== 200)
          .map(a => `${a.status} ${a.message ?? ''}`),
      ),
    ].slice(0, 10),
  };
}
