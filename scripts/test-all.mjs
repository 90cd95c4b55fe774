#!/usr/bin/env node
// `npm run test:all`: runs on Node.js 22 (fetching it when the machine has another Node), installs
// what the suite needs and runs all of it — type-check, lint, unit and integration tests (database
// tests on SQLite and on a real PostgreSQL), the Terraform checks of generated stacks, and the
// browser tests against the running portal. Prints one closing line `N passed, N failed` from the
// real totals.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureInstalled } from './lib/install.mjs';
import { ensureNodeRuntime } from './lib/node-runtime.mjs';
import { freePort, repoRoot, run } from './lib/proc.mjs';
import {
  ensureChromium,
  ensureJq,
  ensurePostgresBinaries,
  findTerraformProviderMirror,
  hasTerraform,
} from './lib/system.mjs';
import { startThrowawayPostgres } from './lib/postgres.mjs';

await ensureNodeRuntime();
// Started by a first run on another Node: count the fetch and re-run in the timings and the total.
const t0 = Number(process.env.DPRA_STARTED_AT) || Date.now();
delete process.env.DPRA_STARTED_AT;
const timings = [
  [`Node.js ${process.versions.node} runtime`, (Date.now() - t0) / 1000],
];
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const only = process.env.DPRA_TEST_ONLY?.split(',') ?? null; // e.g. "unit,e2e"
const wants = step => !only || only.includes(step);

async function timed(name, fn) {
  const s = Date.now();
  console.log(`\n━━ ${name}`);
  try {
    return await fn();
  } finally {
    timings.push([name, (Date.now() - s) / 1000]);
  }
}

async function check(name, cmd, args, env) {
  const code = await timed(name, () => run(cmd, args, { env }));
  if (code === 0) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(`${name} (exit ${code})`);
  }
}

await timed('install', ensureInstalled);

// No Docker engine on our machines: TestDatabases must not try testcontainers.
const env = {
  CI: 'true',
  CHECKPOINT_DISABLE: '1',
  BACKSTAGE_TEST_DISABLE_DOCKER: '1',
};
let pg;
// The production bundle's install (`npm ci --omit=dev`, as the Dockerfile runs it) is done once and
// shared by the browser-test files of that pass; each file still starts its own backend and databases.
let productionInstall;
const cleanup = () => {
  pg?.stop();
  if (productionInstall)
    rmSync(productionInstall, { recursive: true, force: true });
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => process.exit(130));

await timed('system dependencies', async () => {
  const given = Object.keys(process.env).find(k =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(k),
  );
  if (given) {
    console.log(`» PostgreSQL from ${given}`);
  } else {
    const bindir = await ensurePostgresBinaries();
    if (bindir) {
      pg = await startThrowawayPostgres(bindir);
      // TestDatabases reads one variable per major version; name the one this server really is.
      env[`BACKSTAGE_TEST_DATABASE_POSTGRES${pg.major}_CONNECTION_STRING`] =
        pg.connectionString;
      console.log(`» Throwaway PostgreSQL (${bindir}) on port ${pg.port}`);
    } else if (process.env.CI) {
      throw new Error(
        'CI must exercise PostgreSQL, but no PostgreSQL server binaries could be found or installed',
      );
    } else {
      console.warn(
        '!! No PostgreSQL server binaries: PostgreSQL tests will be SKIPPED',
      );
    }
  }
  const mirror = findTerraformProviderMirror();
  if (hasTerraform() && mirror) {
    env.DPRA_TF_PROVIDER_MIRROR = mirror;
    console.log(`» Terraform ${mirror}`);
  } else {
    console.warn(
      '!! terraform CLI or hashicorp/aws provider mirror NOT FOUND: generated-stack Terraform checks will be skipped',
    );
  }
  if (process.env.CI) env.DPRA_REQUIRE_TERRAFORM = '1';
  if (wants('unit') || wants('e2e') || wants('production')) {
    // Without jq the findings import test fails and says why; it is never skipped. The local
    // AWS world runs the generated import step with it too, for the browser tests.
    const jq = await ensureJq();
    if (jq) env.DPRA_JQ_PATH = jq;
    else
      console.warn(
        '!! jq NOT FOUND: the generated findings import test will fail',
      );
  }
  const chromium =
    wants('e2e') || wants('production') ? await ensureChromium() : undefined;
  if (chromium) env.DPRA_CHROMIUM_PATH = chromium;
});

if (wants('tsc'))
  await check('type-check (tsc)', 'npx', ['tsc', '-p', 'tsconfig.json'], env);
if (wants('lint'))
  await check('lint', 'npx', ['backstage-cli', 'repo', 'lint'], env);

if (wants('unit')) {
  await timed('unit + integration tests (jest)', async () => {
    const out = path.join(
      mkdtempSync(path.join(os.tmpdir(), 'dpra-jest-')),
      'results.json',
    );
    const code = await run(
      'npx',
      [
        'backstage-cli',
        'repo',
        'test',
        '--ci',
        '--json',
        `--outputFile=${out}`,
      ],
      { env },
    );
    if (existsSync(out)) {
      const r = JSON.parse(readFileSync(out, 'utf8'));
      tally.passed += r.numPassedTests;
      tally.failed += r.numFailedTests;
      tally.skipped += r.numPendingTests + r.numTodoTests;
      if (r.numFailedTests || r.numRuntimeErrorTestSuites) {
        failures.push(
          `jest: ${r.numFailedTests} failed tests, ${r.numRuntimeErrorTestSuites} suites failed to run`,
        );
        tally.failed += r.numRuntimeErrorTestSuites;
      }
    } else if (code !== 0) {
      tally.failed += 1;
      failures.push(`jest exited ${code} without results`);
    }
    if (code !== 0 && !failures.some(f => f.startsWith('jest'))) {
      tally.failed += 1;
      failures.push(`jest exited ${code}`);
    }
  });
}

async function browserTests(name, files, extraEnv = {}) {
  await timed(name, async () => {
    if (!env.DPRA_CHROMIUM_PATH) {
      tally.failed += 1;
      failures.push(`${name}: no Chromium`);
      return;
    }
    const tap = path.join(
      mkdtempSync(path.join(os.tmpdir(), 'dpra-e2e-')),
      'e2e.tap',
    );
    const code = await run(
      process.execPath,
      [
        '--require',
        '@backstage/cli/config/nodeTransform.cjs',
        '--test',
        '--test-concurrency=1',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...files
          .map(f => `test/e2e/${f}.e2e.test.ts`)
          .filter(f => existsSync(path.join(repoRoot, f))),
      ],
      {
        env: {
          ...env,
          ...extraEnv,
          DPRA_E2E_APP_PORT: String(await freePort()),
          DPRA_E2E_BACKEND_PORT: String(await freePort()),
          DPRA_E2E_AWS_PORT: String(await freePort()),
        },
      },
    );
    const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
    const count = key =>
      Number(text.match(new RegExp(`^# ${key} (\\d+)`, 'm'))?.[1] ?? 0);
    tally.passed += count('pass');
    tally.failed += count('fail');
    tally.skipped += count('skipped');
    if (count('fail')) failures.push(`${name}: ${count('fail')} failed`);
    if (code !== 0 && !count('fail')) {
      tally.failed += 1;
      failures.push(`${name} exited ${code}`);
    }
    rmSync(path.dirname(tap), { recursive: true, force: true });
  });
}

// Every browser test file runs once, to keep the suite inside CI's time budget; the portal's own
// tests run in both passes. Templates run against the dev portal (`npm run portal`, SQLite), as a
// newcomer runs them; the writes (stage controls, the inbox's decisions) against the production
// bundle on PostgreSQL.
if (wants('e2e'))
  await browserTests('browser tests (headless Chromium)', [
    'portal',
    'templates',
  ]);

// The production build as the Dockerfile runs it (ADR 0007): `npm run build:production`, then the
// same browser tests against the backend bundle serving the built app, on PostgreSQL.
if (wants('production')) {
  const failedBefore = tally.failed;
  await check(
    'production build',
    process.execPath,
    [path.join(repoRoot, 'scripts/build-production.mjs')],
    env,
  );
  if (tally.failed > failedBefore) {
    // Nothing to start: the build's failure is counted.
  } else if (!pg && !process.env.DPRA_E2E_PRODUCTION) {
    tally.failed += 1;
    failures.push('production: no PostgreSQL');
  } else {
    productionInstall = mkdtempSync(
      path.join(os.tmpdir(), 'dpra-production-install-'),
    );
    await browserTests(
      'production bundle on PostgreSQL (headless Chromium)',
      ['portal', 'controls', 'inbox'],
      {
        DPRA_E2E_PRODUCTION:
          pg?.connectionString ?? process.env.DPRA_E2E_PRODUCTION,
        DPRA_E2E_PRODUCTION_INSTALL: productionInstall,
      },
    );
  }
}

cleanup();
console.log('\n━━ timings');
for (const [name, s] of timings)
  console.log(`  ${name.padEnd(40)} ${s.toFixed(0).padStart(5)} s`);
console.log(
  `  ${'total'.padEnd(40)} ${((Date.now() - t0) / 1000)
    .toFixed(0)
    .padStart(5)} s`,
);
if (failures.length) console.log(`\nFailures:\n  - ${failures.join('\n  - ')}`);
console.log(
  `\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`,
);
process.exit(tally.failed ? 1 : 0);
