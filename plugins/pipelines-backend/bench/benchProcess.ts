/* eslint-disable no-console */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Prefix of the one stdout line with which a bench child process says it is ready. */
export const READY_PREFIX = 'BENCH_READY ';

/** Tells the orchestrator (the parent process) that this child is ready, and where. */
export function announceReady(details: Record<string, unknown>): void {
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(details)}\n`);
}

/** Runs a child's main; any failure ends the child with a message the orchestrator shows. */
export function runChild(main: () => Promise<() => Promise<void>>): void {
  startLoopDelayMonitor();
  const allocations = sampleAllocations();
  main()
    .then(stop => {
      const shutdown = () => {
        Promise.resolve(allocations?.())
          .then(stop)
          .finally(() => process.exit(0));
      };
      process.on('SIGTERM', shutdown);
      process.on('SIGINT', shutdown);
    })
    .catch(error => {
      console.error(error);
      process.exit(1);
    });
}

/**
 * With `BENCH_ALLOCATION_PROFILE_DIR=<dir>`: samples the allocations of this process, including
 * objects the garbage collector has already freed (what `--heap-prof` leaves out), and returns a
 * function that writes the profile (`<child>.heapprofile`, for Chrome DevTools) into that folder.
 */
function sampleAllocations(): (() => Promise<void>) | undefined {
  const dir = process.env.BENCH_ALLOCATION_PROFILE_DIR;
  if (!dir) {
    return undefined;
  }
  const file = `${dir}/${(process.argv[1] ?? 'child').replace(
    /^.*[\\/]|\.ts$/g,
    '',
  )}.heapprofile`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Session } =
    require('node:inspector') as typeof import('node:inspector');
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 32768,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return () =>
    new Promise<void>(resolve => {
      session.post('HeapProfiler.stopSampling', (error, result) => {
        if (!error) {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          require('node:fs').writeFileSync(
            file,
            JSON.stringify(result.profile),
          );
        }
        session.disconnect();
        resolve();
      });
    });
}

/** Reads a required environment variable the orchestrator sets. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; run the benchmark with npm run bench`);
  }
  return value;
}

/** Path on which a bench child reports the CPU time its process has used. */
export const CPU_USAGE_PATH = '/__bench/cpu';

/** Event-loop delay of this process: p99 and max since the last reading, in milliseconds. */
export interface LoopDelay {
  p99Ms: number;
  maxMs: number;
}

let loopHistogram: IntervalHistogram | undefined;

/**
 * Starts measuring this process' event-loop delay (how late a 1 ms timer fires: the time a ready
 * callback, such as an arrived request, waits for the loop).
 */
export function startLoopDelayMonitor(): void {
  loopHistogram ??= monitorEventLoopDelay({ resolution: 1 });
  loopHistogram.enable();
}

/** The event-loop delay since the last reading (or the start), then starts a new reading. */
export function readLoopDelay(): LoopDelay | undefined {
  if (!loopHistogram || loopHistogram.count === 0) {
    return undefined;
  }
  const delay = {
    p99Ms: loopHistogram.percentile(99) / 1e6,
    maxMs: loopHistogram.max / 1e6,
  };
  loopHistogram.reset();
  return delay;
}

/**
 * Answers {@link CPU_USAGE_PATH} with the process' user + system CPU time, in milliseconds, and
 * its event-loop delay since the previous answer.
 */
export function cpuUsageRoute(
  _req: unknown,
  res: { json(body: unknown): void },
): void {
  const { user, system } = process.cpuUsage();
  res.json({ cpuMs: (user + system) / 1000, loopDelay: readLoopDelay() });
}

/** Path on which a bench child reports its memory use. */
export const MEMORY_USAGE_PATH = '/__bench/memory';

/**
 * Answers {@link MEMORY_USAGE_PATH} with `process.memoryUsage()` in bytes. With `?gc=1` and a
 * process started with `--expose-gc`, a full collection runs first, so that the heap figure is
 * what is still reachable (what a leak grows) rather than garbage not yet collected.
 */
export function memoryUsageRoute(
  req: { query: Record<string, unknown> },
  res: { json(body: unknown): void },
): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const collected = req.query.gc === '1' && typeof gc === 'function';
  if (collected) gc();
  res.json({ ...process.memoryUsage(), collected });
}
