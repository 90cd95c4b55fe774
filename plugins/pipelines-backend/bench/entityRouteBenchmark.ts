/* eslint-disable no-console */
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  CPU_USAGE_PATH,
  readLoopDelay,
  startLoopDelayMonitor,
  type LoopDelay,
} from './benchProcess';
import { startChild, stopChild, stopChildren } from './benchChildren';
import { responseBytes, runLoad, type LoadResult } from './loadGenerator';
import { findWrk, runWrkLoad } from './wrkLoad';

const ENTITY = 'entities/component/default/bench-service';
/** The whole run must end within three minutes, whatever happens. */
const HARD_LIMIT_MS = 180_000;

/**
 * CPU time the server process (plugin backend or naive proxy) has used so far, in ms, and its
 * event-loop delay since the previous reading.
 */
async function serverUsage(
  serverUrl: string,
): Promise<{ cpuMs: number; loopDelay?: LoopDelay }> {
  const response = await fetch(`${serverUrl}${CPU_USAGE_PATH}`);
  return (await response.json()) as { cpuMs: number; loopDelay?: LoopDelay };
}

/** Calls the local AWS endpoint has served so far: in all and per `service:operation`. */
async function awsCallsServed(
  awsUrl: string,
): Promise<{ total: number; byOperation: Record<string, number> }> {
  const response = await fetch(`${awsUrl}/__scenario/calls`);
  return (await response.json()) as {
    total: number;
    byOperation: Record<string, number>;
  };
}

/** Marks the entity viewed (hot) and waits until every pipeline has been read from AWS. */
async function warmUpStore(storeUrl: string, pipelines: number): Promise<void> {
  const started = Date.now();
  await fetch(`${storeUrl}/api/pipelines/${ENTITY}/refresh`, {
    method: 'POST',
  });
  for (;;) {
    const response = await fetch(
      `${storeUrl}/api/pipelines/${ENTITY}/pipelines`,
    );
    const body = (await response.json()) as {
      pipelines: unknown[];
      problems: unknown[];
    };
    if (body.pipelines.length === pipelines && body.problems.length === 0) {
      console.log(
        `  store warm after ${((Date.now() - started) / 1000).toFixed(
          1,
        )} s (${pipelines} pipelines read by the refresher)`,
      );
      return;
    }
    if (Date.now() - started > 90_000) {
      throw new Error(
        `The store had ${body.pipelines.length}/${pipelines} pipelines after 90 s`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** A phase without viewers: only the refresher talks to AWS. */
async function idle(seconds: number): Promise<LoadResult> {
  const started = Date.now();
  await new Promise(resolve => setTimeout(resolve, seconds * 1000));
  return {
    ok: 0,
    errors: 0,
    unfinished: 0,
    p50Ms: Number.NaN,
    p99Ms: Number.NaN,
    seconds: (Date.now() - started) / 1000,
  };
}

interface PhaseResult extends LoadResult {
  label: string;
  clients: number;
  awsCalls: number;
  /** The same per `service:operation`. */
  awsCallsByOperation: Record<string, number>;
  /** CPU time the server used during the phase, in ms. */
  serverCpuMs: number;
  /** Event-loop delay of the server during the phase. */
  serverLoop?: LoopDelay;
  /** Event-loop delay of the load generator (this process) during the phase. */
  clientLoop?: LoopDelay;
}

async function phase(options: {
  label: string;
  url: string;
  awsUrl: string;
  serverUrl: string;
  clients: number;
  seconds: number;
  thinkMs: number;
  /** wrk's binary, or undefined to load with the Node.js generator. */
  wrk: string | undefined;
}): Promise<PhaseResult> {
  const before = await awsCallsServed(options.awsUrl);
  const usageBefore = await serverUsage(options.serverUrl);
  readLoopDelay();
  let result: LoadResult;
  if (options.clients === 0) {
    result = await idle(options.seconds);
  } else if (options.wrk) {
    result = await runWrkLoad({ ...options, wrk: options.wrk });
  } else {
    result = await runLoad(options);
  }
  const clientLoop = readLoopDelay();
  const after = await awsCallsServed(options.awsUrl);
  const usageAfter = await serverUsage(options.serverUrl);
  // Let cut-off requests wind down before the next phase counts AWS calls.
  await new Promise(resolve => setTimeout(resolve, 1000));
  const summary = {
    ...result,
    label: options.label,
    clients: options.clients,
    awsCalls: after.total - before.total,
    awsCallsByOperation: Object.fromEntries(
      Object.entries(after.byOperation)
        .map(([op, n]): [string, number] => [
          op,
          n - (before.byOperation[op] ?? 0),
        ])
        .filter(([, n]) => n > 0),
    ),
    serverCpuMs: usageAfter.cpuMs - usageBefore.cpuMs,
    serverLoop: usageAfter.loopDelay,
    clientLoop,
  };
  console.log(`  ${formatRow(summary)}`);
  if (summary.firstError) {
    console.log(
      `      first error: ${summary.firstError.replace(/\s+/g, ' ')}`,
    );
  }
  return summary;
}

const COLUMNS =
  'target                 clients  requests      req/s   p50 ms   p99 ms  errors  cut off  AWS calls  AWS calls/min  CPU ms/req  server loop p99/max ms  client loop p99/max ms';

function loop(delay: LoopDelay | undefined): string {
  return delay ? `${ms(delay.p99Ms)} / ${ms(delay.maxMs)}` : '-';
}

function ms(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(1);
}

function formatRow(r: PhaseResult): string {
  const rps = r.ok / r.seconds;
  return [
    r.label.padEnd(22),
    String(r.clients).padStart(7),
    String(r.ok).padStart(9),
    rps.toFixed(1).padStart(10),
    ms(r.p50Ms).padStart(8),
    ms(r.p99Ms).padStart(8),
    String(r.errors).padStart(7),
    (r.unfinished === undefined ? '-' : String(r.unfinished)).padStart(8),
    String(r.awsCalls).padStart(10),
    ((r.awsCalls / r.seconds) * 60).toFixed(0).padStart(14),
    (r.ok ? (r.serverCpuMs / r.ok).toFixed(1) : '-').padStart(11),
    loop(r.serverLoop).padStart(23),
    loop(r.clientLoop).padStart(23),
  ].join(' ');
}

/**
 * The backend benchmark of issue 5: the entity route of the real plugin (served from its store,
 * refreshed by its scheduler) against a naive proxy that calls AWS on every request, both under
 * the same load, against a local AWS endpoint with a fixed latency.
 */
export async function main(
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pipelines: { type: 'string', default: '20' },
      clients: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '30' },
      'few-clients': { type: 'string', default: '5' },
      'few-seconds': { type: 'string', default: '10' },
      'aws-latency-ms': { type: 'string', default: '80' },
      'think-ms': { type: 'string', default: '0' },
      load: { type: 'string', default: 'auto' },
    },
  });
  if (!['auto', 'wrk', 'node'].includes(values.load!)) {
    throw new Error(`--load is auto, wrk or node, not ${values.load}`);
  }
  const wrk = values.load === 'node' ? undefined : findWrk();
  if (values.load === 'wrk' && !wrk) {
    throw new Error(
      'wrk is not on the PATH (apt-get install wrk, or set BENCH_WRK)',
    );
  }
  if (!wrk && values.load === 'auto') {
    console.log(
      'Note: wrk is not on the PATH (apt-get install wrk, or set BENCH_WRK), so the Node.js load ' +
        'generator drives the load. On a small machine it competes with the server for CPU and its ' +
        'own event-loop stalls add to the latencies it measures: see the "client loop" column.',
    );
  }
  const pipelines = Number(values.pipelines);
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  const fewClients = Number(values['few-clients']);
  const fewSeconds = Number(values['few-seconds']);
  const latencyMs = Number(values['aws-latency-ms']);
  const thinkMs = Number(values['think-ms']);

  startLoopDelayMonitor();
  const hardLimit = setTimeout(() => {
    console.error('Benchmark exceeded 3 minutes; stopping.');
    stopChildren().finally(() => process.exit(2));
  }, HARD_LIMIT_MS);

  try {
    console.log(
      `DPRA pipelines backend benchmark — ${pipelines} pipelines on one entity, AWS latency ${latencyMs} ms, ` +
        `${
          thinkMs
            ? `clients pause ${thinkMs} ms between requests, `
            : 'closed loop, '
        }` +
        `load from ${
          wrk ? 'wrk (1 thread)' : 'the Node.js load generator'
        }, node ${process.version}, ${os.cpus().length} CPUs (${os
          .loadavg()[0]
          .toFixed(1)} load)`,
    );
    const aws = await startChild('aws-local', 'awsLocalChild.ts', {
      BENCH_PIPELINES: String(pipelines),
      BENCH_AWS_LATENCY_MS: String(latencyMs),
    }).ready;
    const world = {
      BENCH_AWS_URL: aws.url,
      BENCH_ACCOUNT_ID: aws.accountId,
      BENCH_PIPELINE_ARNS: aws.pipelineArns.join(','),
      BENCH_REGIONS: aws.regions.join(','),
    };
    const backendChild = startChild('backend', 'backendChild.ts', world);
    const [store, naive] = await Promise.all([
      backendChild.ready,
      startChild('naive proxy', 'naiveProxyChild.ts', world).ready,
    ]);
    console.log(
      `  aws-local ${aws.url}, backend ${store.url}, naive proxy ${naive.url}`,
    );
    await warmUpStore(store.url, pipelines);

    const storeRoute = `${store.url}/api/pipelines/${ENTITY}/pipelines`;
    const naiveRoute = `${naive.url}/api/naive/${ENTITY}/pipelines`;
    console.log(`\n  ${COLUMNS}`);
    const storeIdle = await phase({
      label: 'plugin, no viewers',
      url: storeRoute,
      awsUrl: aws.url,
      serverUrl: store.url,
      clients: 0,
      seconds: fewSeconds,
      thinkMs,
      wrk,
    });
    const storeMany = await phase({
      label: 'plugin (store)',
      url: storeRoute,
      awsUrl: aws.url,
      serverUrl: store.url,
      clients,
      seconds,
      thinkMs,
      wrk,
    });
    const storeFew = await phase({
      label: 'plugin (store)',
      url: storeRoute,
      awsUrl: aws.url,
      serverUrl: store.url,
      clients: fewClients,
      seconds: fewSeconds,
      thinkMs,
      wrk,
    });
    const pluginBytes = await responseBytes(storeRoute);
    // From here on the local AWS endpoint counts the naive proxy's calls only, and the proxy gets
    // the CPU the backend had. The few-clients phase goes first so that no backlog of the
    // many-clients phase spills into it.
    await stopChild(backendChild);
    const naiveFew = await phase({
      label: 'naive proxy',
      url: naiveRoute,
      awsUrl: aws.url,
      serverUrl: naive.url,
      clients: fewClients,
      seconds: fewSeconds,
      thinkMs,
      wrk,
    });
    const naiveMany = await phase({
      label: 'naive proxy',
      url: naiveRoute,
      awsUrl: aws.url,
      serverUrl: naive.url,
      clients,
      seconds,
      thinkMs,
      wrk,
    });
    const naiveBytes = await responseBytes(naiveRoute);

    const rps = (r: PhaseResult) => r.ok / r.seconds;
    const cpuPerRequest = (r: PhaseResult) =>
      r.ok ? (r.serverCpuMs / r.ok).toFixed(1) : '-';
    const perMinute = (r: PhaseResult) => (r.awsCalls / r.seconds) * 60;
    const byOperationPerMinute = (r: PhaseResult) =>
      Object.entries(r.awsCallsByOperation)
        .sort(([, a], [, b]) => b - a)
        .map(([op, n]) => `${op} ${((n / r.seconds) * 60).toFixed(0)}`)
        .join(', ');
    console.log(
      [
        '',
        `  response size (gzip accepted): plugin ${(pluginBytes / 1024).toFixed(
          0,
        )} KiB, naive ${(naiveBytes / 1024).toFixed(0)} KiB`,
        `  server CPU per answered request (including the refresher's and cut-off work): plugin ${cpuPerRequest(
          storeMany,
        )} ms, naive ${cpuPerRequest(
          naiveMany,
        )} ms (at that cost one idle core serves about ${(
          1000 /
          (storeMany.serverCpuMs / Math.max(storeMany.ok, 1))
        ).toFixed(0)} plugin req/s)`,
        `  p99 at ${clients} clients: ${storeMany.p99Ms.toFixed(
          1,
        )} ms (target < 50 ms)`,
        `  throughput at ${clients} clients: ${(
          rps(storeMany) / rps(naiveMany)
        ).toFixed(1)}× the naive proxy (target ≥ 10×)`,
        `  AWS calls/min, plugin: ${perMinute(storeIdle).toFixed(
          0,
        )} without viewers, ${perMinute(storeFew).toFixed(
          0,
        )} with ${fewClients} clients, ${perMinute(storeMany).toFixed(
          0,
        )} with ${clients} (the refresher's alone)`,
        `    per operation without viewers, per minute: ${byOperationPerMinute(
          storeIdle,
        )}`,
        `  AWS calls/min, naive:  ${perMinute(naiveFew).toFixed(
          0,
        )} with ${fewClients} clients, ${perMinute(naiveMany).toFixed(
          0,
        )} with ${clients} (one set per request)`,
      ].join('\n'),
    );
  } finally {
    clearTimeout(hardLimit);
    await stopChildren();
  }
}
