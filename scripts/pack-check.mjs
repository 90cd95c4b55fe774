#!/usr/bin/env node
// `npm run pack:check`: are our packages installable as published? On Node.js 22 (fetched when the
// machine has another Node), from the lockfile, it
//  1. builds and packs every publishable workspace package as a release does (scripts/lib/pack.mjs)
//     and checks each tarball: entry points and types in dist, no src/ or workspace-only paths,
//     every loaded module shipped or declared, inter-package ranges that include the released versions;
//  2. serves the tarballs as an npm registry for the @dpra scope (scripts/lib/local-registry.mjs);
//  3. creates an app with the registry's latest @backstage/create-app, follows the README's install
//     section word for word in it (scripts/lib/fresh-app.mjs), type-checks it (`yarn tsc`);
//  4. starts it (`yarn start`) against the local AWS endpoint and checks in headless Chromium that
//     the annotated example entity has a Pipelines tab showing its pipeline.
// Prints the time of each step and one closing line. DPRA_PACK_CHECK_KEEP=1 keeps the scratch dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureInstalled } from './lib/install.mjs';
import { ensureNodeRuntime } from './lib/node-runtime.mjs';

await ensureNodeRuntime();
const t0 = Number(process.env.DPRA_STARTED_AT) || Date.now();
delete process.env.DPRA_STARTED_AT;
await ensureInstalled();

// After the install: these import installed packages (semver, yaml).
const { buildAndPack, checkTarball, publishablePackages } = await import(
  './lib/pack.mjs'
);
const { startLocalRegistry } = await import('./lib/local-registry.mjs');
const {
  alignWithoutSeedLock,
  createFreshApp,
  followReadmeInstall,
  typeCheck,
  useScopeRegistry,
} = await import('./lib/fresh-app.mjs');
const { startAwsLocal } = await import('./lib/portal.mjs');
const {
  freePort,
  repoRoot,
  run,
  startBackground,
  stopBackground,
  waitForHttp,
} = await import('./lib/proc.mjs');
const { ensureChromium } = await import('./lib/system.mjs');

// The README's annotation example names this account; the local AWS world's pipeline
// orders-service (examples/specs/app-service.yaml) lives in the world's account.
const README_EXAMPLE_ACCOUNT = '123456789012';
const SCENARIO_ACCOUNT = '111111111111';
const SCENARIO_PIPELINE = 'orders-service';

const timings = [];
async function timed(name, fn) {
  const started = Date.now();
  console.log(`\n━━ ${name}`);
  try {
    return await fn();
  } finally {
    timings.push([name, (Date.now() - started) / 1000]);
  }
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dpra-pack-check-'));
const children = [];
let registry;
const cleanup = () => {
  for (const c of children.reverse()) stopBackground(c);
  registry?.close();
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => process.exit(130));

let result = 'FAILED';
try {
  const packages = publishablePackages();
  console.log(`» publishable: ${packages.map(p => p.name).join(', ')}`);
  const tarballs = await timed('build and pack', () =>
    buildAndPack(packages, path.join(scratch, 'tarballs')),
  );
  await timed('check the tarballs', () => {
    const released = new Map(packages.map(p => [p.name, p.version]));
    const problems = tarballs.flatMap(t => checkTarball(t, released));
    if (problems.length)
      throw new Error(
        `${problems.length} packaging problems:\n  ${problems.join('\n  ')}`,
      );
    console.log(
      `» ${tarballs.length} tarballs: entry points, types, files and dependencies OK`,
    );
  });
  registry = await startLocalRegistry(tarballs);
  console.log(
    `» @dpra registry on ${registry.url}: ${registry.names.join(', ')}`,
  );

  const app = await timed('create-app', () => createFreshApp(scratch));
  useScopeRegistry(app, registry.url);
  const installed = await timed(
    'README install section (yarn add …, code, annotations)',
    () =>
      followReadmeInstall(app, {
        exampleAccount: README_EXAMPLE_ACCOUNT,
        arnAccount: SCENARIO_ACCOUNT,
      }),
  );
  await timed('no seed yarn.lock: align backend-defaults', () =>
    alignWithoutSeedLock(app, app.seedFetched),
  );
  await timed('type-check the app (yarn tsc)', () => typeCheck(app));

  const [appPort, backendPort, awsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  // Local settings of the check (ports, the local AWS endpoint with static keys): the README's
  // Configuration section describes the same keys for real accounts.
  writeFileSync(
    path.join(app.appDir, 'app-config.local.yaml'),
    JSON.stringify(
      {
        app: { baseUrl: `http://localhost:${appPort}` },
        backend: {
          baseUrl: `http://localhost:${backendPort}`,
          listen: { port: backendPort },
          cors: { origin: `http://localhost:${appPort}` },
        },
        aws: {
          mainAccount: { accessKeyId: 'local', secretAccessKey: 'local' },
        },
        pipelines: {
          aws: {
            endpoint: `http://127.0.0.1:${awsPort}`,
            local: true,
            targets: [
              {
                accountId: SCENARIO_ACCOUNT,
                regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
              },
            ],
          },
        },
      },
      null,
      2,
    ),
  );

  await timed(
    'start the app (yarn start) and the local AWS endpoint',
    async () => {
      children.push(startAwsLocal({ port: awsPort, stdio: 'inherit' }));
      children.push(
        startBackground('yarn', ['start'], {
          cwd: app.appDir,
          env: {
            ...app.env,
            BROWSER: 'none',
            NODE_OPTIONS: '--max-old-space-size=4096',
          },
        }),
      );
      await waitForHttp(`http://127.0.0.1:${awsPort}/__scenario/calls`, 60_000);
      await waitForHttp(
        `http://localhost:${backendPort}/.backstage/health/v1/readiness`,
        600_000,
        r => r.ok,
      );
      await waitForHttp(`http://localhost:${appPort}/`, 600_000, r => r.ok);
    },
  );

  await timed(
    'browser: the Pipelines tab of the annotated entity',
    async () => {
      const chromium = await ensureChromium();
      if (!chromium) throw new Error('no Chromium');
      const code = await run(
        process.execPath,
        [
          '--require',
          '@backstage/cli/config/nodeTransform.cjs',
          'test/e2e/fresh-app.check.ts',
        ],
        {
          cwd: repoRoot,
          env: {
            DPRA_CHROMIUM_PATH: chromium,
            DPRA_FRESH_APP_URL: `http://localhost:${appPort}`,
            DPRA_FRESH_ENTITY: installed.entity,
            DPRA_FRESH_PIPELINE: SCENARIO_PIPELINE,
          },
        },
      );
      if (code !== 0) throw new Error(`browser check failed (exit ${code})`);
    },
  );
  result = `passed (create-app ${app.version}, Yarn ${app.yarn}, ${tarballs.length} packages)`;
} catch (e) {
  console.error(`\n!! ${e instanceof Error ? e.message : e}`);
} finally {
  cleanup();
  console.log('\n━━ timings');
  for (const [name, s] of timings)
    console.log(`  ${name.padEnd(56)} ${s.toFixed(0).padStart(5)} s`);
  const total = (Date.now() - t0) / 1000;
  console.log(`  ${'total'.padEnd(56)} ${total.toFixed(0).padStart(5)} s`);
  if (process.env.DPRA_PACK_CHECK_KEEP || result === 'FAILED')
    console.log(`» scratch kept: ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
  console.log(
    `\npack check ${result} on ${new Date()
      .toISOString()
      .slice(0, 10)} in ${Math.round(total / 60)} min`,
  );
  process.exitCode = result === 'FAILED' ? 1 : 0;
}
