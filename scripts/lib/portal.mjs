// Starts the whole local portal: the local AWS scenario endpoint, then the Backstage backend and
// the frontend dev server (`backstage-cli repo start`). Used by `npm run portal` and the e2e tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, startBackground, stopBackground, waitForHttp } from './proc.mjs';

const nodeTransform = '@backstage/cli/config/nodeTransform.cjs';

/**
 * @param {object} options
 * @param {number} [options.appPort=3000]
 * @param {number} [options.backendPort=7007]
 * @param {number} [options.awsPort=4599]
 * @param {string} [options.sqliteDir] directory for the SQLite files (default: .data/sqlite)
 * @param {string} [options.dataDir] directory for the published local repositories (`git/`) and the
 *   pipeline specs handed to the local AWS endpoint (`aws-local-specs/`) (default: .data)
 * @param {number} [options.speed=60] scenario clock speed (60 → a 60 min bake lasts 1 min)
 * @param {'inherit'|'pipe'|'ignore'} [options.stdio='inherit']
 * @param {string[]} [options.extraConfig] extra app-config files
 */
export async function startPortal(options = {}) {
  const appPort = options.appPort ?? 3000;
  const backendPort = options.backendPort ?? 7007;
  const awsPort = options.awsPort ?? 4599;
  const stdio = options.stdio ?? 'inherit';
  const children = [];
  const stop = () => {
    for (const c of children.reverse()) stopBackground(c);
  };

  // Local end to end: publish:dpra-local writes bare repositories under dataDir/git and drops each
  // published pipeline spec into dataDir/aws-local-specs, which the local AWS endpoint watches.
  const dataDir = options.dataDir ?? path.join(repoRoot, '.data');
  const specsDir = path.join(dataDir, 'aws-local-specs');
  const awsLocal = startAwsLocal({ port: awsPort, speed: options.speed, stdio, specsDir });
  children.push(awsLocal);

  // Ports and the AWS endpoint are set in an overlay so the same app-config.yaml serves both the
  // default portal and test runs on free ports.
  const overlayDir = path.join(os.tmpdir(), `dpra-portal-${process.pid}`);
  mkdirSync(overlayDir, { recursive: true });
  const overlay = path.join(overlayDir, 'app-config.ports.yaml');
  const sqliteDir = options.sqliteDir ?? path.join(repoRoot, '.data/sqlite');
  mkdirSync(sqliteDir, { recursive: true });
  writeFileSync(
    overlay,
    JSON.stringify({
      app: { baseUrl: `http://localhost:${appPort}` },
      backend: {
        baseUrl: `http://localhost:${backendPort}`,
        listen: { port: backendPort },
        cors: { origin: `http://localhost:${appPort}` },
        database: { connection: { directory: sqliteDir } },
        // The catalog reads a published service's catalog-info.yaml from the local repositories.
        reading: {
          allow: [{ host: `localhost:${backendPort}`, paths: ['/api/scaffolder/dpra/local-git/'] }],
        },
      },
      pipelines: {
        aws: { endpoint: `http://127.0.0.1:${awsPort}` },
        localPublish: {
          enabled: true,
          repositoriesDirectory: path.join(dataDir, 'git'),
          specsDirectory: specsDir,
        },
      },
    }),
  );
  const configArgs = ['--config', path.join(repoRoot, 'app-config.yaml')];
  for (const extra of options.extraConfig ?? []) configArgs.push('--config', extra);
  configArgs.push('--config', overlay);

  try {
    await waitForHttp(`http://127.0.0.1:${awsPort}/__scenario/calls`, 60_000);
    const portal = startBackground(
      'npx',
      ['backstage-cli', 'repo', 'start', ...configArgs],
      { stdio, env: { BROWSER: 'none', NODE_OPTIONS: '--max-old-space-size=4096' } },
    );
    children.push(portal);
    await waitForHttp(
      `http://localhost:${backendPort}/.backstage/health/v1/readiness`,
      240_000,
      res => res.ok,
    );
    await waitForHttp(`http://localhost:${appPort}/`, 240_000, res => res.ok);
  } catch (e) {
    stop();
    throw e;
  }
  return {
    appUrl: `http://localhost:${appPort}`,
    backendUrl: `http://localhost:${backendPort}`,
    awsUrl: `http://127.0.0.1:${awsPort}`,
    stop,
  };
}

/**
 * Starts the local AWS scenario endpoint (test/aws-local) on 127.0.0.1:`port`; the caller stops it
 * with stopBackground and waits for `/__scenario/calls`. With `specsDir` it also serves the specs
 * that appear there (the local portal's published services).
 * @param {{ port: number, speed?: number, stdio?: 'inherit'|'pipe'|'ignore', specsDir?: string }} options
 */
export function startAwsLocal({ port, speed, stdio = 'inherit', specsDir }) {
  return startBackground(
    process.execPath,
    [
      '--require',
      nodeTransform,
      'test/aws-local/src/main.ts',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--speed',
      String(speed ?? 60),
      // The pipelines of the example specs (examples/specs) with their situations.
      ...(specsDir ? ['--specs-dir', specsDir] : []),
    ],
    { stdio },
  );
}
