/* eslint-disable no-console */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { approvalLayout } from '../src/testing/stores';
import { CPU_USAGE_PATH } from './benchProcess';
import { startChild, stopChildren } from './benchChildren';
import type { InboxSeed } from './inboxBenchChild';
import { INBOX_TIMINGS_PATH } from './inboxBenchChild';
import { runLoad, type LoadResult } from './loadGenerator';
import { findWrk, runWrkLoad } from './wrkLoad';

/** The whole run must end within three minutes, whatever happens. */
const HARD_LIMIT_MS = 180_000;
const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
/** The owner the benchmark's caller holds a claim on; the other half of the entities is not theirs. */
const CALLERS_TEAM = 'team-a';

const layout = approvalLayout;

/**
 * `approvals` pending approvals on as many pipelines, spread round-robin over `entities`
 * entities; every second entity is owned by the caller's team.
 */
function buildWorld(entityCount: number, approvals: number) {
  const now = Date.now();
  const entities = Array.from({ length: entityCount }, (_, i) => ({
    name: `inbox-svc-${String(i).padStart(3, '0')}`,
    owner: i % 2 === 0 ? CALLERS_TEAM : 'team-b',
    pipelines: [] as Array<InboxSeed['resolutions'][0]['pipelines'][0]>,
  }));
  const snapshots: InboxSeed['snapshots'] = [];
  for (let p = 0; p < approvals; p++) {
    const name = `inbox-pipeline-${String(p).padStart(3, '0')}`;
    const location = {
      arn: `arn:aws:codepipeline:${REGION}:${ACCOUNT}:${name}`,
      accountId: ACCOUNT,
      region: REGION,
      name,
    };
    entities[p % entityCount].pipelines.push(location);
    const executionId = `exec-${p}`;
    const requestedAt = new Date(now - (p + 1) * 60_000).toISOString();
    snapshots.push({
      location,
      executionMode: 'QUEUED',
      pipelineType: 'V2',
      pipelineVersion: 1,
      definition: { name },
      layout,
      stages: [],
      pendingApprovals: [
        {
          pipelineArn: location.arn,
          stageName: 'Approval',
          actionName: 'ManualApproval',
          token: `token-${p}`,
          pipelineExecutionId: executionId,
          requestedAt,
          expiresAt: new Date(now + 6 * 86_400_000).toISOString(),
        },
      ],
      latestExecutionId: executionId,
      executions: [
        {
          id: executionId,
          pipelineArn: location.arn,
          status: 'InProgress',
          startedAt: requestedAt,
          sourceRevisions: [
            {
              actionName: 'Source',
              revisionId: `${p.toString(16).padStart(7, '0')}deadbeefcafe`,
              revisionSummary: `Change number ${p}`,
            },
          ],
          detailsComplete: false,
          executionType: 'STANDARD',
        },
      ],
      capturedAt: new Date(now).toISOString(),
    });
  }
  return { entities, snapshots };
}

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as T;
}

interface Timings {
  requests: number;
  handlerMs: number;
  storeMs: number;
  permissionsMs: number;
}

const COLUMNS =
  'phase                         clients  think ms  requests    req/s   p50 ms   p99 ms  errors  CPU ms/req  handler ms/req  store ms/req  permissions ms/req  permissions share';

function row(
  label: string,
  clients: number,
  thinkMs: number,
  r: LoadResult,
  cpuMs: number,
  t: Timings,
): string {
  const per = (v: number) => (t.requests ? v / t.requests : NaN);
  const requests = r.ok + r.errors;
  return [
    label.padEnd(28),
    String(clients).padStart(8),
    String(thinkMs).padStart(9),
    String(requests).padStart(9),
    (requests / r.seconds).toFixed(1).padStart(8),
    r.p50Ms.toFixed(1).padStart(8),
    r.p99Ms.toFixed(1).padStart(8),
    String(r.errors).padStart(7),
    per(cpuMs).toFixed(2).padStart(11),
    per(t.handlerMs).toFixed(2).padStart(15),
    per(t.storeMs).toFixed(2).padStart(13),
    per(t.permissionsMs).toFixed(2).padStart(19),
    `${((100 * t.permissionsMs) / (t.handlerMs || 1)).toFixed(1)} %`.padStart(
      18,
    ),
  ].join(' ');
}

/**
 * Waits (at most 60 s) until the backend's start-up work (the entity sync, the refresher's first
 * attempts, which fail at once against the closed port) is over: less than 50 ms CPU per second.
 */
async function untilIdle(baseUrl: string) {
  let last = (await json<{ cpuMs: number }>(`${baseUrl}${CPU_USAGE_PATH}`))
    .cpuMs;
  for (let i = 0; i < 60; i++) {
    await new Promise(resolve => setTimeout(resolve, 1000));
    const cpu = (await json<{ cpuMs: number }>(`${baseUrl}${CPU_USAGE_PATH}`))
      .cpuMs;
    if (cpu - last < 50) {
      return;
    }
    last = cpu;
  }
}

/** The inbox benchmark: `npm run bench:inbox -w @dpra/plugin-pipelines-backend`. */
export async function main() {
  const { values } = parseArgs({
    options: {
      entities: { type: 'string', default: '200' },
      approvals: { type: 'string', default: '500' },
      clients: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '30' },
      'think-ms': { type: 'string', default: '1000' },
      load: { type: 'string', default: 'auto' },
    },
  });
  const wrk = values.load === 'node' ? undefined : findWrk();
  const entityCount = Number(values.entities);
  const approvals = Number(values.approvals);
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  const thinkMs = Number(values['think-ms']);
  const hardLimit = setTimeout(() => {
    console.error('Benchmark exceeded 3 minutes; stopping.');
    stopChildren().finally(() => process.exit(2));
  }, HARD_LIMIT_MS);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dpra-bench-inbox-seed-'));
  try {
    console.log(
      `DPRA inbox benchmark — ${approvals} pending approvals on ${approvals} pipelines of ${entityCount} entities ` +
        `(the caller may decide those of every second entity), load from ${
          wrk ? 'wrk (1 thread)' : 'the Node.js load generator'
        }, node ${process.version}, ${os.cpus().length} CPUs (${os
          .loadavg()[0]
          .toFixed(1)} load)`,
    );
    const world = buildWorld(entityCount, approvals);
    const seedFile = path.join(dir, 'seed.json');
    const seed: InboxSeed = {
      resolutions: world.entities.map(e => ({
        entityRef: `component:default/${e.name}`,
        pipelines: e.pipelines,
      })),
      snapshots: world.snapshots,
    };
    writeFileSync(seedFile, JSON.stringify(seed));
    const backend = await startChild('backend', 'backendChild.ts', {
      // Nothing answers there: the refresher's attempts fail at once and leave the seed as is.
      BENCH_AWS_URL: 'http://127.0.0.1:9',
      BENCH_ACCOUNT_ID: ACCOUNT,
      BENCH_REGIONS: REGION,
      BENCH_SEED_FILE: seedFile,
      BENCH_CALLER_CLAIMS: CALLERS_TEAM,
      BENCH_ENTITIES: JSON.stringify(
        world.entities.map(e => ({
          name: e.name,
          owner: e.owner,
          annotations: {
            'dpra.io/pipelines': e.pipelines.map(p => p.arn).join('\n'),
          },
        })),
      ),
      BENCH_PIPELINES_CONFIG: JSON.stringify({
        refresh: { intervalSeconds: 3600, hotIntervalSeconds: 3600 },
        aws: { maxAttempts: 1 },
      }),
    }).ready;
    const url = `${backend.url}/api/pipelines/approvals/pending`;
    await untilIdle(backend.url);
    // Cold costs: the first request reads the store; each new caller's first request asks the
    // permission framework about every entity in one batch.
    const cold: Array<{ store: number; permissions: number; bytes: number }> =
      [];
    for (let i = 0; i < 20; i++) {
      const response = await fetch(url, {
        headers: {
          Authorization: `Bearer mock-user-token:${JSON.stringify({
            sub: i === 0 ? 'user:default/mock' : `user:default/cold-${i}`,
          })}`,
        },
      });
      const timing = response.headers.get('server-timing') ?? '';
      const dur = (name: string) =>
        Number(new RegExp(`${name};dur=([\\d.]+)`).exec(timing)?.[1] ?? NaN);
      cold.push({
        store: dur('store'),
        permissions: dur('permissions'),
        bytes: (await response.text()).length,
      });
    }
    const median = (samples: number[]) =>
      [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    console.log(
      `  the caller's inbox lists its approvals in ${cold[0].bytes} bytes of JSON; cold costs: ` +
        `first store read ${cold[0].store.toFixed(1)} ms, permission batch of a new caller ` +
        `(${entityCount} entities) median ${median(
          cold.slice(1).map(c => c.permissions),
        ).toFixed(2)} ms over ${cold.length - 1} callers`,
    );
    console.log(`\n  ${COLUMNS}`);
    const phases: Array<[string, number, number, number]> = [
      ['warm-up', 5, 0, 5],
      [`${clients} clients, closed loop`, clients, 0, seconds],
      [`${clients} clients polling`, clients, thinkMs, seconds],
      ['5 clients, closed loop', 5, 0, Math.ceil(seconds / 3)],
    ];
    for (const [label, n, think, secs] of phases) {
      await json(`${backend.url}${INBOX_TIMINGS_PATH}`);
      const cpuBefore = (
        await json<{ cpuMs: number }>(`${backend.url}${CPU_USAGE_PATH}`)
      ).cpuMs;
      const result = wrk
        ? await runWrkLoad({ wrk, url, clients: n, seconds: secs, thinkMs: think })
        : await runLoad({ url, clients: n, seconds: secs, thinkMs: think });
      const cpuAfter = (
        await json<{ cpuMs: number }>(`${backend.url}${CPU_USAGE_PATH}`)
      ).cpuMs;
      const timings = await json<Timings>(
        `${backend.url}${INBOX_TIMINGS_PATH}`,
      );
      console.log(
        `  ${row(label, n, think, result, cpuAfter - cpuBefore, timings)}`,
      );
      if (result.firstError) {
        console.log(`      first error: ${result.firstError}`);
      }
    }
  } finally {
    clearTimeout(hardLimit);
    await stopChildren();
    rmSync(dir, { recursive: true, force: true });
  }
}
