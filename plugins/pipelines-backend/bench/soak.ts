/* eslint-disable no-console */
import type { FaultSpec } from '@dpra/aws-local';
import { TAG } from '@dpra/pipeline-contract';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startChild, stopChildren } from './benchChildren';
import { MEMORY_USAGE_PATH } from './benchProcess';
import { percentile, runLoad, type LoadResult } from './loadGenerator';
import type { ReceivedDecision } from './soakAwsLocalChild';
import {
  createSoakMonitor,
  summariseDecisions,
  type DecisionAnswer,
  type SoakMonitor,
} from './soakObservations';

/** The faults of the soak, in the order they come round: every kind the fault matrix covers. */
const FAULT_PLAN: Array<{ name: string; faults: FaultSpec[] }> = [
  { name: 'hang', faults: [{ service: 'codepipeline', kind: 'timeout' }] },
  { name: '5xx', faults: [{ service: 'codepipeline', kind: 'server-error' }] },
  {
    name: 'throttling',
    faults: [{ service: 'codepipeline', kind: 'throttle' }],
  },
  {
    name: 'connection reset',
    faults: [{ service: 'codepipeline', kind: 'connection-reset' }],
  },
  {
    name: 'latency 5 s',
    faults: [{ service: 'codepipeline', kind: 'slow', latencyMs: 5000 }],
  },
  {
    name: 'partial (CloudWatch down)',
    faults: [{ service: 'cloudwatch', kind: 'server-error' }],
  },
  {
    name: 'expired credentials',
    faults: [{ service: 'codepipeline', kind: 'expired-credentials' }],
  },
  {
    name: 'denied',
    faults: [{ service: 'codepipeline', kind: 'access-denied' }],
  },
];

interface PhaseRow {
  label: string;
  fault?: string;
  load: LoadResult;
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) {
    throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status}`);
  }
  return (await response.json()) as T;
}

const MB = 1024 * 1024;

async function memory(backendUrl: string) {
  return json<{ rss: number; heapUsed: number; collected: boolean }>(
    `${backendUrl}${MEMORY_USAGE_PATH}?gc=1`,
  );
}

function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–';
}

/**
 * The soak: the pipelines backend against the local AWS endpoint for `--minutes` of mixed faults,
 * `--clients` readers polling the entity route and decisions along the way. It prints the read
 * latencies, the stale windows, the decisions the API acknowledged against the `PutApprovalResult`
 * calls AWS received (lost or duplicated must be 0) and the backend's memory growth.
 */
export async function main(
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '30' },
      clients: { type: 'string', default: '50' },
      'think-ms': { type: 'string', default: '1000' },
      'fault-seconds': { type: 'string', default: '60' },
      'clear-seconds': { type: 'string', default: '60' },
      'decide-every-seconds': { type: 'string', default: '15' },
      speed: { type: 'string', default: '120' },
      'new-commits-every': { type: 'string', default: '60' },
      'settle-seconds': { type: 'string', default: '120' },
      json: { type: 'string' },
    },
  });
  const minutes = Number(values.minutes);
  const clients = Number(values.clients);
  const thinkMs = Number(values['think-ms']);
  const faultSeconds = Number(values['fault-seconds']);
  const clearSeconds = Number(values['clear-seconds']);
  const settleSeconds = Number(values['settle-seconds']);
  const hardLimit = setTimeout(() => {
    console.error('The soak overran its time by 15 minutes; stopping.');
    stopChildren().finally(() => process.exit(2));
  }, (minutes * 60 + settleSeconds + 900) * 1000);

  // The backend's memory is read after a full collection: --expose-gc.
  process.env.BENCH_NODE_ARGS_BACKEND ??= '--expose-gc';
  const load = () => os.loadavg().map(l => l.toFixed(1));
  const loadSamples: number[] = [];
  console.log(
    `DPRA pipelines backend soak — ${minutes} min of mixed faults (${faultSeconds} s on, ${clearSeconds} s off), ` +
      `${clients} clients polling (${thinkMs} ms between answers), a decision every ${values['decide-every-seconds']} s; ` +
      `node ${process.version}, ${os.cpus().length} CPUs, load ${load().join(
        ' ',
      )} at the start`,
  );
  let monitor: SoakMonitor | undefined;
  try {
    const aws = await startChild('aws-local', 'soakAwsLocalChild.ts', {
      SOAK_SCENARIO_SPEED: values.speed!,
      SOAK_NEW_COMMITS_EVERY: values['new-commits-every']!,
    }).ready;
    const accountId: string = aws.accountId;
    const backend = await startChild('backend', 'backendChild.ts', {
      BENCH_AWS_URL: aws.url,
      BENCH_ACCOUNT_ID: accountId,
      BENCH_REGIONS: (aws.regions as string[]).join(','),
      BENCH_ENTITIES: JSON.stringify([
        {
          name: 'orders-service',
          annotations: {
            'dpra.io/pipeline-tags': `${TAG.service}=orders-service`,
          },
        },
        {
          name: 'payments-service',
          annotations: {
            'dpra.io/pipelines': aws.pipelineArns['payments-service'],
          },
        },
      ]),
      // The defaults (request timeout 10 s, refresh deadline 45 s, approval deadline 20 s) but a
      // 30 s interval, so that a fault shows within a phase whether or not the entity is viewed.
      BENCH_PIPELINES_CONFIG: JSON.stringify({
        refresh: { intervalSeconds: 30, hotIntervalSeconds: 10 },
      }),
    }).ready;
    const base = `${backend.url}/api/pipelines/entities/component/default`;
    const entities = ['orders-service', 'payments-service'];
    console.log(`  aws-local ${aws.url}, backend ${backend.url}`);

    monitor = createSoakMonitor({ base, entities });
    await monitor.warmUp(180_000);
    console.log(
      `  warm: ${monitor
        .baseline()
        .map(b => `${b.entity} ${b.pipelines.join(', ')}`)
        .join('; ')}`,
    );
    const memoryBefore = await memory(backend.url);
    const memorySamples = [{ at: 0, ...memoryBefore }];
    monitor.start();

    const answers: DecisionAnswer[] = [];
    let decisionRound = 0;
    const decider = setInterval(() => {
      const pending = monitor!.pendingApprovals();
      if (pending.length === 0) return;
      const approval = pending[decisionRound % pending.length];
      const decision = decisionRound % 2 === 0 ? 'Approved' : 'Rejected';
      decisionRound++;
      // Two people decide the same approval at once, as two open pages would.
      for (const who of ['first', 'second']) {
        const startedAt = Date.now();
        fetch(`${base}/${approval.entity}/approvals`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            pipelineArn: approval.pipelineArn,
            stageName: approval.stageName,
            actionName: approval.actionName,
            token: approval.token,
            decision,
            comment: `soak ${who}`,
          }),
        })
          .then(async response => {
            const body = (await response.json().catch(() => ({}))) as {
              error?: { message?: string };
            };
            answers.push({
              token: approval.token,
              status: response.status,
              ms: Date.now() - startedAt,
              message: body.error?.message,
            });
          })
          .catch(error =>
            answers.push({
              token: approval.token,
              status: 0,
              ms: Date.now() - startedAt,
              message: String(error),
            }),
          );
      }
    }, Number(values['decide-every-seconds']) * 1000);

    const started = Date.now();
    const endAt = started + minutes * 60_000;
    const latencies: number[] = [];
    const rows: PhaseRow[] = [];
    const readers = `${base}/orders-service/pipelines`;
    const runPhase = async (label: string, seconds: number, fault?: string) => {
      const remaining = Math.max(0, Math.round((endAt - Date.now()) / 1000));
      const result = await runLoad({
        url: readers,
        clients,
        seconds: Math.min(seconds, remaining),
        thinkMs,
        latenciesMs: latencies,
      });
      rows.push({ label, fault, load: result });
      loadSamples.push(os.loadavg()[0]);
      const elapsed = ((Date.now() - started) / 60_000).toFixed(1);
      const heap = await memory(backend.url).catch(() => undefined);
      if (heap) memorySamples.push({ at: Date.now() - started, ...heap });
      console.log(
        `  ${elapsed.padStart(5)} min  ${label.padEnd(34)} ${String(
          result.ok,
        ).padStart(6)} reads  p50 ${ms(result.p50Ms).padStart(9)}  p99 ${ms(
          result.p99Ms,
        ).padStart(9)}  errors ${result.errors}  unfinished ${
          result.unfinished ?? 0
        }  heap ${heap ? (heap.heapUsed / MB).toFixed(1) : '?'} MB  load ${
          load()[0]
        }${result.firstError ? `  first error: ${result.firstError}` : ''}`,
      );
    };
    for (let i = 0; Date.now() < endAt; i++) {
      const plan = FAULT_PLAN[i % FAULT_PLAN.length];
      for (const fault of plan.faults) {
        await json(`${aws.url}/__scenario/fault`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(fault),
        });
      }
      monitor.faultStarted(plan.name);
      await runPhase(`fault: ${plan.name}`, faultSeconds, plan.name);
      await json(`${aws.url}/__scenario/fault`, { method: 'DELETE' });
      monitor.faultCleared();
      if (Date.now() < endAt) await runPhase('no fault', clearSeconds);
    }
    clearInterval(decider);
    await json(`${aws.url}/__scenario/fault`, { method: 'DELETE' });
    monitor.faultCleared();
    // Decisions still in flight get their answer; unknown outcomes are reconciled (at twice the
    // approval deadline); the last stale windows close.
    console.log(`  settling ${settleSeconds} s (reconciliation, recovery) …`);
    await new Promise(resolve => setTimeout(resolve, settleSeconds * 1000));
    monitor.stop();
    const memoryAfter = await memory(backend.url);
    const received = await json<ReceivedDecision[]>(aws.decisionsUrl);
    const decisions = summariseDecisions(
      answers,
      received,
      monitor.pendingApprovals().map(p => p.token),
    );
    const stale = monitor.staleSummary();

    const summary = {
      minutes,
      clients,
      thinkMs,
      cpus: os.cpus().length,
      loadAverage: {
        min: Math.min(...loadSamples),
        max: Math.max(...loadSamples),
        mean: loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length,
      },
      reads: {
        ok: rows.reduce((n, r) => n + r.load.ok, 0),
        errors: rows.reduce((n, r) => n + r.load.errors, 0),
        unfinished: rows.reduce((n, r) => n + (r.load.unfinished ?? 0), 0),
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: Math.max(...latencies),
        p99ByFault: Object.fromEntries(
          FAULT_PLAN.map(f => [
            f.name,
            Math.max(
              ...rows.filter(r => r.fault === f.name).map(r => r.load.p99Ms),
            ),
          ]),
        ),
      },
      phases: rows.map(r => ({ label: r.label, ...r.load })),
      stale,
      decisions,
      memory: {
        heapBeforeMb: memoryBefore.heapUsed / MB,
        heapAfterMb: memoryAfter.heapUsed / MB,
        rssBeforeMb: memoryBefore.rss / MB,
        rssAfterMb: memoryAfter.rss / MB,
        collected: memoryAfter.collected,
        samples: memorySamples.map(s => ({
          minute: s.at / 60_000,
          heapMb: s.heapUsed / MB,
          rssMb: s.rss / MB,
        })),
      },
    };
    printSummary(summary);
    if (values.json)
      writeFileSync(values.json, JSON.stringify(summary, null, 2));
    if (decisions.lost > 0 || decisions.duplicated > 0) {
      process.exitCode = 1;
    }
  } finally {
    monitor?.stop();
    clearTimeout(hardLimit);
    await stopChildren();
  }
}

function printSummary(s: any) {
  const round = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
  console.log(`
Summary (${s.minutes} min, ${s.cpus} CPUs, 1-min load average ${round(
    s.loadAverage.min,
  )}–${round(s.loadAverage.max)}, mean ${round(s.loadAverage.mean)})
  reads:      ${s.reads.ok} answered 200, ${s.reads.errors} errors, ${
    s.reads.unfinished
  } cut off at phase ends; p50 ${ms(s.reads.p50Ms)}, p99 ${ms(
    s.reads.p99Ms,
  )}, max ${ms(s.reads.maxMs)}
  p99 by fault: ${Object.entries(s.reads.p99ByFault)
    .map(([k, v]) => `${k} ${ms(v as number)}`)
    .join(', ')}
  stale windows: ${s.stale.windows} (median ${round(
    s.stale.medianSeconds,
  )} s, max ${round(
    s.stale.maxSeconds,
  )} s); longest after a fault cleared ${round(
    s.stale.maxRecoverySeconds,
  )} s; stale outside any fault or its recovery: ${
    s.stale.outsideFaults
  }; faults never shown stale: ${s.stale.faultsNotShown.join(', ') || 'none'}
  by fault: ${Object.entries(s.stale.byFault)
    .map(
      ([k, v]: [string, any]) =>
        `${k} ${v.windows}× max ${round(v.maxSeconds)} s`,
    )
    .join('; ')}
  pipelines missing from a read: ${
    s.stale.disappearances
  } (must be 0); monitor read failures ${s.stale.readFailures}
  decisions:  ${s.decisions.attempts} requests on ${
    s.decisions.tokens
  } approvals: ${Object.entries(s.decisions.byStatus)
    .map(([k, v]) => `${v}× ${k}`)
    .join(', ')}; p99 answer ${ms(s.decisions.p99Ms)}, max ${ms(
    s.decisions.maxMs,
  )}
              acknowledged sent (200) ${
                s.decisions.acknowledged
              }, unknown (202) ${s.decisions.unknown} (AWS had ${
    s.decisions.unknownReachedAws
  }, released and pending again ${
    s.decisions.unknownReleased
  }); PutApprovalResult received by AWS ${s.decisions.received} (recorded ${
    s.decisions.recorded
  }, refused ${s.decisions.refused})
              lost ${s.decisions.lost}, duplicated ${
    s.decisions.duplicated
  }, sent but answered as not sent ${s.decisions.sentButDenied} (all must be 0)
  memory:     heap ${round(s.memory.heapBeforeMb)} → ${round(
    s.memory.heapAfterMb,
  )} MB, RSS ${round(s.memory.rssBeforeMb)} → ${round(
    s.memory.rssAfterMb,
  )} MB (after a full GC: ${s.memory.collected ? 'yes' : 'no'})`);
}
