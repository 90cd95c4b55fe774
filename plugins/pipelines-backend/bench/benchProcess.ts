/* eslint-disable no-console */

/** Prefix of the one stdout line with which a bench child process says it is ready. */
export const READY_PREFIX = 'BENCH_READY ';

/** Tells the orchestrator (the parent process) that this child is ready, and where. */
export function announceReady(details: Record<string, unknown>): void {
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(details)}\n`);
}

/** Runs a child's main; any failure ends the child with a message the orchestrator shows. */
export function runChild(main: () => Promise<() => Promise<void>>): void {
  main()
    .then(stop => {
      const shutdown = () => {
        stop().finally(() => process.exit(0));
      };
      process.on('SIGTERM', shutdown);
      process.on('SIGINT', shutdown);
    })
    .catch(error => {
      console.error(error);
      process.exit(1);
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

/** Answers {@link CPU_USAGE_PATH} with the process' user + system CPU time, in milliseconds. */
export function cpuUsageRoute(
  _req: unknown,
  res: { json(body: unknown): void },
): void {
  const { user, system } = process.cpuUsage();
  res.json({ cpuMs: (user + system) / 1000 });
}
