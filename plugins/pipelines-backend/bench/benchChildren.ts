import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { READY_PREFIX } from './benchProcess';

/** A bench child process and the details it announced when ready. */
export interface Child {
  name: string;
  process: ChildProcess;
  ready: Promise<Record<string, any>>;
}

const children: Child[] = [];

/** Starts a bench child (a TypeScript file run through Backstage's node transform). */
export function startChild(
  name: string,
  file: string,
  env: Record<string, string>,
): Child {
  const child = spawn(
    process.execPath,
    [
      ...(process.env[
        `BENCH_NODE_ARGS_${name.replace(/\W/g, '_').toUpperCase()}`
      ]
        ?.split(' ')
        .filter(Boolean) ?? []),
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, file),
    ],
    {
      env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // BENCH_CHILD_LOG_DIR keeps what each child prints (e.g. with --trace-gc in BENCH_NODE_ARGS_*).
  const logDir = process.env.BENCH_CHILD_LOG_DIR;
  if (logDir) {
    const log = createWriteStream(
      path.join(logDir, `${name.replace(/\W/g, '-')}.log`),
    );
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  }
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const ready = new Promise<Record<string, any>>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', chunk => {
      buffered += chunk;
      for (const line of buffered.split('\n')) {
        if (line.startsWith(READY_PREFIX)) {
          resolve(JSON.parse(line.slice(READY_PREFIX.length)));
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    child.once('exit', code =>
      reject(
        new Error(`${name} exited (${code}) before it was ready:\n${stderr}`),
      ),
    );
  });
  const entry = { name, process: child, ready };
  children.push(entry);
  return entry;
}

/** Stops a child: SIGTERM, SIGKILL after 3 s. */
export function stopChild(child: Child): Promise<void> {
  return new Promise<void>(resolve => {
    if (child.process.exitCode !== null || child.process.signalCode) {
      resolve();
      return;
    }
    const kill = setTimeout(() => child.process.kill('SIGKILL'), 3000);
    child.process.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.process.kill('SIGTERM');
  });
}

/** Stops every child started so far. */
export async function stopChildren(): Promise<void> {
  await Promise.all(children.map(stopChild));
}
