import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localUrl, type LoadResult } from './loadGenerator';

/** Prefix of the line the Lua `done` hook prints with the figures. */
const RESULT_PREFIX = 'WRK_RESULT ';

/**
 * wrk's `done` hook: prints the figures as one JSON line (latencies in microseconds, as wrk keeps
 * them). `summary.errors.status` counts answers that were not 2xx/3xx.
 */
const DONE_HOOK = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '${RESULT_PREFIX}{"requests":%d,"durationUs":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;

/** The wrk binary: `BENCH_WRK` or `wrk` on the PATH; undefined when there is none. */
export function findWrk(): string | undefined {
  const candidate = process.env.BENCH_WRK || 'wrk';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  // wrk prints its version and exits with 1; a missing binary fails to spawn at all.
  return probe.error ? undefined : candidate;
}

/**
 * The same closed loop as `runLoad` (each connection sends its next GET when the previous one is
 * answered), driven by wrk: one C thread with epoll, so that on a small machine the load
 * generator takes as little as possible of the CPU the server under test needs, and its own
 * stalls do not show up as server latency. Every request accepts gzip, like a browser.
 */
export async function runWrkLoad(options: {
  wrk: string;
  url: string;
  clients: number;
  seconds: number;
  /** Pause of each connection between an answer and its next request; 0 by default. */
  thinkMs?: number;
}): Promise<LoadResult> {
  const url = localUrl(options.url);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dpra-bench-wrk-'));
  const script = path.join(dir, 'done.lua');
  const thinkMs = Math.max(0, Math.round(options.thinkMs ?? 0));
  // wrk calls `delay` before each request and waits that many milliseconds.
  writeFileSync(
    script,
    `${DONE_HOOK}${
      thinkMs ? `\ndelay = function() return ${thinkMs} end\n` : ''
    }`,
  );
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        options.wrk,
        [
          '--threads',
          '1',
          '--connections',
          String(options.clients),
          '--duration',
          `${options.seconds}s`,
          // The naive proxy takes seconds per answer under load: wait for it rather than count
          // its slow answers as failures.
          '--timeout',
          '60s',
          '--header',
          'Accept-Encoding: gzip',
          '--script',
          script,
          url.toString(),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', chunk => {
        stdout += chunk;
      });
      child.stderr.on('data', chunk => {
        stderr += chunk;
      });
      child.once('error', reject);
      child.once('exit', code =>
        code === 0
          ? resolve(stdout)
          : reject(new Error(`wrk exited with ${code}: ${stderr || stdout}`)),
      );
    });
    const line = output.split('\n').find(l => l.startsWith(RESULT_PREFIX));
    if (!line) {
      throw new Error(`wrk printed no result:\n${output}`);
    }
    const figures = JSON.parse(line.slice(RESULT_PREFIX.length)) as Record<
      string,
      number
    >;
    const failed =
      figures.non2xx +
      figures.connect +
      figures.read +
      figures.write +
      figures.timeout;
    return {
      ok: figures.requests - figures.non2xx,
      errors: failed,
      p50Ms: figures.p50Us / 1000,
      p99Ms: figures.p99Us / 1000,
      seconds: figures.durationUs / 1e6,
      firstError:
        failed > 0
          ? `wrk: ${figures.non2xx} non-2xx/3xx answers, ${figures.connect} connect, ${figures.read} read, ${figures.write} write errors, ${figures.timeout} timeouts`
          : undefined,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
