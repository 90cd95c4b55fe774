// A throwaway PostgreSQL server for the test run: initdb into a temp dir, listen on 127.0.0.1 on a
// free port, trust auth, stopped (and deleted) at the end. PostgreSQL refuses to run as root, so
// as root the server runs as an unprivileged user.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './proc.mjs';

function unprivilegedUser() {
  for (const name of ['postgres', 'nobody']) {
    const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (r.status === 0) {
      const uid = Number(r.stdout.trim());
      const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim());
      return { name, uid, gid };
    }
  }
  throw new Error('No unprivileged user to run PostgreSQL as');
}

/**
 * Starts PostgreSQL from the binaries in `bindir`; returns its connection string and a stop().
 */
export async function startThrowawayPostgres(bindir) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dpra-pg-'));
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? unprivilegedUser() : undefined;
  if (user) {
    chownSync(dir, user.uid, user.gid);
  }
  chmodSync(dir, 0o700);
  const exec = (bin, args) => {
    const full = path.join(bindir, bin);
    const r = user
      ? spawnSync('runuser', ['-u', user.name, '--', full, ...args], { encoding: 'utf8' })
      : spawnSync(full, args, { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`${bin} failed (${r.status}): ${r.stderr || r.stdout}`);
    }
    return r.stdout;
  };
  exec('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  exec('pg_ctl', [
    '-D', dataDir,
    '-l', path.join(dir, 'server.log'),
    '-w',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    'start',
  ]);
  const connectionString = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const major = exec('postgres', ['--version']).match(/(\d+)(?:\.\d+)?/)[1];
  let stopped = false;
  return {
    connectionString,
    port,
    major,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* best effort */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
