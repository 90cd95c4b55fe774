// Runs the production build the way the Dockerfile does, without docker: in a fresh directory it
// unpacks packages/backend/dist/skeleton.tar.gz, installs production dependencies from the lockfile
// (`npm ci --omit=dev`), unpacks bundle.tar.gz, and starts the backend bundle — which serves the
// built app — against PostgreSQL with app-config.yaml + app-config.production.yaml. Keep the steps
// in the same order as the Dockerfile's. Used by the production browser test (ADR 0007).
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAwsLocal } from './portal.mjs';
import {
  repoRoot,
  run,
  startBackground,
  stopBackground,
  waitForHttp,
} from './proc.mjs';

const dist = path.join(repoRoot, 'packages/backend/dist');

/**
 * @param {object} options
 * @param {string} options.postgres connection string of a PostgreSQL server the backend may create databases on
 * @param {number} options.backendPort
 * @param {number} options.awsPort
 * @param {'inherit'|'pipe'|'ignore'} [options.stdio='inherit']
 * @param {string} [options.installDir] a directory to install the production build into once and
 *   reuse on later starts (kept on stop); by default each start installs into a directory of its own
 */
export async function startProductionPortal(options) {
  const stdio = options.stdio ?? 'inherit';
  // A shared install directory (the test runner's, for its three browser-test files) is prepared
  // once and kept; without one, each start installs into its own directory and removes it on stop.
  const shared = options.installDir;
  const dir = shared ?? mkdtempSync(path.join(os.tmpdir(), 'dpra-production-'));
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'dpra-production-run-'));
  const children = [];
  const stop = () => {
    for (const c of children.reverse()) stopBackground(c);
    rmSync(runDir, { recursive: true, force: true });
    if (!shared) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await prepareProductionInstall(dir, stdio);
    const awsLocal = startAwsLocal({ port: options.awsPort, stdio });
    children.push(awsLocal);
    await waitForHttp(
      `http://127.0.0.1:${options.awsPort}/__scenario/calls`,
      60_000,
    );

    // What a deployment sets for its host: the one URL the backend serves app and API on, and
    // the AWS endpoint (here the local scenario instead of real accounts).
    const backendUrl = `http://localhost:${options.backendPort}`;
    const overlay = path.join(runDir, 'app-config.test.yaml');
    writeFileSync(
      overlay,
      JSON.stringify({
        app: { baseUrl: backendUrl },
        backend: {
          baseUrl: backendUrl,
          listen: { port: options.backendPort },
          cors: { origin: backendUrl },
          // Each start gets databases of its own on the shared server, as a new deployment
          // does: no test file sees the store another one left behind.
          database: {
            prefix: `dpra_${path.basename(runDir).replace(/\W/g, '_')}_`,
          },
        },
        pipelines: { aws: { endpoint: `http://127.0.0.1:${options.awsPort}` } },
      }),
    );
    const pg = new URL(options.postgres);
    const backend = startBackground(
      process.execPath,
      [
        '.',
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.production.yaml',
        '--config',
        overlay,
      ],
      {
        cwd: path.join(dir, 'packages/backend'),
        stdio,
        env: {
          NODE_ENV: 'production',
          POSTGRES_HOST: pg.hostname,
          POSTGRES_PORT: pg.port || '5432',
          POSTGRES_USER: decodeURIComponent(pg.username),
          POSTGRES_PASSWORD: decodeURIComponent(pg.password),
        },
      },
    );
    children.push(backend);
    await waitForHttp(
      `${backendUrl}/.backstage/health/v1/readiness`,
      240_000,
      res => res.ok,
    );
    return {
      appUrl: backendUrl,
      backendUrl,
      awsUrl: `http://127.0.0.1:${options.awsPort}`,
      stop,
    };
  } catch (e) {
    stop();
    throw e;
  }
}

/**
 * The Dockerfile's steps into `dir` (skeleton, root manifests, production install, bundle, config
 * and catalog files). The install (skeleton + `npm ci`) is skipped when a previous call made it
 * from the same skeleton and lockfile; the bundle and the config are unpacked every time, so a
 * reused directory serves the latest build.
 */
async function prepareProductionInstall(dir, stdio) {
  const done = path.join(dir, '.dpra-production-installed');
  const must = async (what, cmd, args, opts = {}) => {
    const code = await run(cmd, args, { cwd: dir, stdio, ...opts });
    if (code !== 0) throw new Error(`${what} failed (exit ${code}) in ${dir}`);
  };
  for (const f of ['skeleton.tar.gz', 'bundle.tar.gz']) {
    if (!existsSync(path.join(dist, f))) {
      throw new Error(
        `${path.join(
          dist,
          f,
        )} is missing: run \`npm run build:production\` first`,
      );
    }
  }
  const installed = createHash('sha256')
    .update(readFileSync(path.join(dist, 'skeleton.tar.gz')))
    .update(readFileSync(path.join(repoRoot, 'package-lock.json')))
    .digest('hex');
  if (!existsSync(done) || readFileSync(done, 'utf8') !== installed) {
    await must('unpack skeleton', 'tar', [
      'xzf',
      path.join(dist, 'skeleton.tar.gz'),
    ]);
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) {
      cpSync(path.join(repoRoot, f), path.join(dir, f));
    }
    await must('npm ci --omit=dev', 'npm', ['ci', '--omit=dev'], {
      env: { NODE_ENV: 'production' },
    });
    writeFileSync(done, installed);
  }
  await must('unpack bundle', 'tar', ['xzf', path.join(dist, 'bundle.tar.gz')]);
  for (const f of [
    'app-config.yaml',
    'app-config.production.yaml',
    'examples',
    'templates',
  ]) {
    cpSync(path.join(repoRoot, f), path.join(dir, f), { recursive: true });
  }
}
