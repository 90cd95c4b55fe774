/* eslint-disable no-console */
/**
 * Benchmark of the in-app switch to the Pipelines tab on the PRODUCTION build of the app (a script
 * that prints figures, not a test).
 *
 * It starts the production portal as the Dockerfile runs it (backend bundle serving the built app,
 * on a throwaway PostgreSQL; scripts/lib/production-portal.mjs), opens orders-service's Overview
 * tab as the guest in headless Chromium, and then, run after run, clicks the Pipelines tab and
 * times from the click until the tab is complete: every pipeline's wave board, the execution
 * history, the findings and the delivery metrics in the DOM. Between runs it clicks back to
 * Overview, so each run mounts the tab afresh, as a user switching tabs does: the tab shows the
 * answers it remembered from the last visit while it fetches the current ones, and its style
 * sheets were kept. Then, `--cold-runs` times, it reloads the page before the switch, so nothing
 * is remembered or kept (the first visit of the tab in a page load).
 *
 * The tab's own REST calls are answered in the browser (Playwright route) from the deterministic
 * fixture the dev page and the component tests use (MockPipelinesApi over makeFixtureSet), sized
 * N pipelines × M stages × K executions: what is timed is the app rendering that much data, not
 * the local AWS endpoint. Everything else (app, catalog, sign-in, config) is the real production
 * portal.
 *
 * Usage: npm run bench:tab -- [--runs 20] [--cold-runs 5] [--sizes 1x8x100,5x30x100] [--build]
 *          [--install-dir /tmp/dpra-bench-production] [--verbose] [--profile]
 * `--verbose` prints each switch, with the style sheets and CSS rules it added.
 * `--build` runs `npm run build:production` first; otherwise the last production build is used.
 * The production install is kept in --install-dir and reused by the next run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page, Route } from 'playwright-core';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- dev-only script (not published) sharing the browser tests' Chromium launch and guest sign-in
import { launchChromium, openAsGuest } from '../../../test/e2e/lib/browser';
import { MockPipelinesApi } from '../src/testing';

const repoRoot = path.resolve(__dirname, '../../..');
/** The example catalog's entity whose tab is opened (its annotation makes the tab appear). */
const ENTITY = {
  kind: 'component',
  namespace: 'default',
  name: 'orders-service',
};
const ENTITY_PATH = `catalog/${ENTITY.namespace}/${ENTITY.kind}/${ENTITY.name}`;

interface Size {
  pipelines: number;
  stages: number;
  executions: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function parseSizes(text: string): Size[] {
  return text.split(',').map(s => {
    const [pipelines, stages, executions] = s.split('x').map(Number);
    if (
      ![pipelines, stages, executions].every(n => Number.isInteger(n) && n > 0)
    ) {
      throw new Error(`--sizes: "${s}" is not PIPELINESxSTAGESxEXECUTIONS`);
    }
    return { pipelines, stages, executions };
  });
}

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}

/**
 * Answers the tab's REST calls for the entity from the fixture, as the backend's routes would
 * (same paths and query parameters; PipelinesClient is the real one in the built app).
 */
async function answerFromFixture(route: Route, api: MockPipelinesApi) {
  const url = new URL(route.request().url());
  const resource = url.pathname.split('/').pop();
  const query = url.searchParams;
  const limit = query.get('limit');
  let body: unknown;
  switch (resource) {
    case 'pipelines':
      body = await api.getEntityPipelines(ENTITY);
      break;
    case 'executions':
      body = await api.getExecutions(ENTITY, {
        pipelineArn: query.get('pipelineArn') ?? undefined,
        limit: limit ? Number(limit) : undefined,
      });
      break;
    case 'findings':
      body = await api.getFindings(ENTITY);
      break;
    case 'metrics':
      body = await api.getMetrics(ENTITY);
      break;
    case 'refresh':
      body = {};
      break;
    default:
      await route.continue();
      return;
  }
  await route.fulfill({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify(body),
  });
}

/**
 * Clicks the Pipelines tab and resolves with the milliseconds from the click until the tab was
 * mounted and until it was complete, both taken in the page (a MutationObserver checks the DOM
 * after each batch of changes, so no polling interval is added to the figure).
 */
async function switchToTab(page: Page, pipelines: number) {
  await page.evaluate(
    ({ tabHref, expectedBoards }) => {
      // Style rules in the document (JSS inserts a component's sheet when its first instance
      // mounts and removes it when its last one unmounts): how many a switch inserts.
      const cssRules = () =>
        [...document.styleSheets].reduce((n, sheet) => {
          try {
            return n + sheet.cssRules.length;
          } catch {
            return n;
          }
        }, 0);
      const bench = {
        start: performance.now(),
        mounted: 0,
        done: 0,
        rulesBefore: cssRules(),
        rulesAfter: 0,
        styleElementsBefore: document.querySelectorAll('style').length,
        metasBefore: [...document.querySelectorAll('style')].map(e =>
          e.getAttribute('data-meta'),
        ),
        metasAfter: [] as (string | null)[],
        styleElementsAfter: 0,
      };
      (window as any).__dpraBench = bench;
      // Every pipeline's board is drawn, or (off screen) waits for the scroll behind a
      // placeholder; at least the first one is drawn.
      const boards = () =>
        document.querySelectorAll('[data-testid="wave-board"]').length;
      const complete = () =>
        boards() >= 1 &&
        boards() +
          document.querySelectorAll('[data-testid="drawn-near-view"]').length >=
          expectedBoards &&
        document.querySelector('[data-testid="execution-history"] tbody tr') &&
        document.querySelector('[data-testid="findings"]') &&
        document.querySelector('[data-testid="delivery-metrics"]');
      const observer = new MutationObserver(() => {
        if (
          !bench.mounted &&
          document.querySelector('[data-testid="entity-pipelines"]')
        ) {
          bench.mounted = performance.now();
        }
        if (complete()) {
          bench.done = performance.now();
          bench.rulesAfter = cssRules();
          bench.styleElementsAfter = document.querySelectorAll('style').length;
          bench.metasAfter = [...document.querySelectorAll('style')].map(e =>
            e.getAttribute('data-meta'),
          );
          observer.disconnect();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
      const tab = document.querySelector<HTMLElement>(`a[href$="${tabHref}"]`);
      if (!tab) throw new Error(`no link to ${tabHref}`);
      bench.start = performance.now();
      tab.click();
    },
    { tabHref: `${ENTITY_PATH}/pipelines`, expectedBoards: pipelines },
  );
  await page.waitForFunction(
    () => (window as any).__dpraBench.done > 0,
    undefined,
    {
      timeout: 120_000,
    },
  );
  const t = await page.evaluate(() => (window as any).__dpraBench);
  // Which style sheets the switch added (`data-meta`: the Material UI component, or makeStyles).
  const before = new Map<string, number>();
  for (const m of t.metasBefore) before.set(m, (before.get(m) ?? 0) + 1);
  const added = new Map<string, number>();
  for (const m of t.metasAfter) {
    if ((before.get(m) ?? 0) > 0) before.set(m, before.get(m)! - 1);
    else added.set(m ?? '?', (added.get(m ?? '?') ?? 0) + 1);
  }
  return {
    mounted: t.mounted - t.start,
    complete: t.done - t.start,
    styleElements: t.styleElementsAfter - t.styleElementsBefore,
    rules: t.rulesAfter - t.rulesBefore,
    addedSheets: [...added]
      .map(([meta, n]) => (n > 1 ? `${meta} × ${n}` : meta))
      .join(', '),
  };
}

/** Back to the Overview tab, and wait until the Pipelines tab is gone. */
async function switchAway(page: Page) {
  await page.locator(`a[href$="${ENTITY_PATH}"]`).last().click();
  await page
    .locator('[data-testid="entity-pipelines"]')
    .waitFor({ state: 'detached', timeout: 60_000 });
}

/** Raw and gzip bytes of a file. */
function sizeOf(file: string) {
  const content = readFileSync(file);
  return { raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * The built app's JavaScript: total, what index.html loads before anything else, the chunks that
 * hold the Pipelines plugin's code, and the chunks the first switch to the tab fetched.
 */
function reportBundle(firstSwitchChunks: Set<string>) {
  const staticDir = path.join(repoRoot, 'packages/app/dist/static');
  const files = readdirSync(staticDir).filter(f => f.endsWith('.js'));
  const sizes = new Map(files.map(f => [f, sizeOf(path.join(staticDir, f))]));
  const sum = (names: Iterable<string>) => {
    let raw = 0;
    let gzip = 0;
    for (const n of names) {
      raw += sizes.get(n)?.raw ?? 0;
      gzip += sizes.get(n)?.gzip ?? 0;
    }
    return `${kib(raw)} raw, ${kib(gzip)} gzip`;
  };
  const indexHtml = readFileSync(
    path.join(repoRoot, 'packages/app/dist/index.html'),
    'utf8',
  );
  const initial = files.filter(f => indexHtml.includes(`static/${f}`));
  // Strings only the plugin's own modules contain (test ids and texts of the tab).
  const markers = ['Executions in flight of', 'data-testid":"wave-board'];
  const pluginChunks = files.filter(f => {
    const text = readFileSync(path.join(staticDir, f), 'utf8');
    return markers.some(m => text.includes(m));
  });
  console.log('\nbundle (packages/app/dist/static, gzip -9):');
  console.log(`  app JavaScript: ${files.length} files, ${sum(files)}`);
  console.log(
    `  loaded by index.html: ${initial.length} files, ${sum(initial)}`,
  );
  console.log(
    `  the Pipelines plugin's chunk(s): ${
      pluginChunks.join(', ') || 'none found'
    } — ${sum(pluginChunks)}`,
  );
  console.log(
    `  fetched by the first switch to the tab: ${
      firstSwitchChunks.size
    } files, ${sum(firstSwitchChunks)}`,
  );
  if (process.argv.includes('--verbose')) {
    for (const f of firstSwitchChunks) {
      console.log(`    ${f} ${kib(sizes.get(f)?.raw ?? 0)}`);
    }
  }
}

/** p50, p95, min and max of the times, and the p50 of the time until the tab mounted. */
function report(what: string, complete: number[], mounted: number[]) {
  const sorted = [...complete].sort((a, b) => a - b);
  const sortedMounted = [...mounted].sort((a, b) => a - b);
  console.log(
    `${what} p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p95 ${percentile(
      sorted,
      0.95,
    ).toFixed(0)} ms, min ${sorted[0].toFixed(0)}, max ${sorted[
      sorted.length - 1
    ].toFixed(0)} over ${sorted.length} switches ` +
      `(click → tab mounted p50 ${percentile(sortedMounted, 0.5).toFixed(
        0,
      )} ms)`,
  );
}

async function benchSize(
  appUrl: string,
  size: Size,
  runs: number,
  coldRuns: number,
  firstSwitchChunks: Set<string>,
) {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 1000 },
    });
    // Sign in on a page of its own and close it: openAsGuest races the sign-in button against
    // the sidebar, and the losing wait keeps querying the page by role for minutes, which would
    // be timed with the tab. The measured page signs in from the remembered provider.
    const signIn = await context.newPage();
    await openAsGuest(signIn, `${appUrl}/${ENTITY_PATH}`);
    await signIn.close();
    const page = await context.newPage();
    const api = new MockPipelinesApi({ ...size, now: Date.now() });
    // The client writes the kind as the entity spells it (Component); the backend matches it
    // case-insensitively, and so does this.
    const entityRoutes = new RegExp(
      `/api/pipelines/entities/${ENTITY.kind}/${ENTITY.namespace}/${ENTITY.name}/`,
      'i',
    );
    await page.route(
      url => entityRoutes.test(url.pathname),
      route => answerFromFixture(route, api),
    );
    let recording = false;
    page.on('response', response => {
      const name = /\/static\/([^/?]+\.js)/.exec(response.url())?.[1];
      if (name && recording) firstSwitchChunks.add(name);
    });
    await page.goto(`${appUrl}/${ENTITY_PATH}`);
    await page
      .locator(`a[href$="${ENTITY_PATH}/pipelines"]`)
      .waitFor({ timeout: 180_000 });
    const label = `${size.pipelines} × ${size.stages} × ${size.executions}`;
    const complete: number[] = [];
    const mounted: number[] = [];
    for (let run = 0; run <= runs; run++) {
      recording = run === 0;
      const profile = run === 1 && process.argv.includes('--profile');
      const cdp = profile
        ? await page.context().newCDPSession(page)
        : undefined;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      const t = await switchToTab(page, size.pipelines);
      if (cdp) {
        const { profile: cpu } = await cdp.send('Profiler.stop');
        const file = path.join(
          os.tmpdir(),
          `bench-tab-${size.pipelines}x${size.stages}.cpuprofile`,
        );
        writeFileSync(file, JSON.stringify(cpu));
        console.log(`  CPU profile of switch 1: ${file}`);
      }
      recording = false;
      if (run === 0) {
        const boards = await page.getByTestId('wave-board').count();
        const cells = await page.locator('[data-testid^="wave-cell-"]').count();
        const nodes = await page.evaluate(
          () =>
            document.querySelectorAll('[data-testid="entity-pipelines"] *')
              .length,
        );
        console.log(
          `${label}: first switch (loads the tab's code) ${t.complete.toFixed(
            0,
          )} ms; ${boards} wave boards drawn, ${cells} wave cells, ${nodes} elements in the tab`,
        );
        if (process.argv.includes('--verbose')) {
          // Where the elements are: per card of the tab, and per part of the first pipeline card.
          const parts = await page.evaluate(() => {
            const count = (el: Element) => el.querySelectorAll('*').length;
            const name = (el: Element) =>
              el.querySelector('[data-testid]')?.getAttribute('data-testid') ??
              el.tagName;
            const tab = document.querySelector(
              '[data-testid="entity-pipelines"]',
            );
            const card = document.querySelector('[data-testid^="pipeline-"]');
            const inCard = card
              ? [...card.querySelectorAll('[data-testid]')]
                  .filter(
                    el =>
                      el.parentElement?.closest('[data-testid]') === card ||
                      el.parentElement?.closest('[data-testid]') ===
                        card.querySelector('[data-testid]'),
                  )
                  .map(el => `${el.getAttribute('data-testid')} ${count(el)}`)
              : [];
            return [
              ...[...(tab?.children ?? [])].map(c => `${name(c)} ${count(c)}`),
              '-- first pipeline card:',
              ...inCard,
            ];
          });
          console.log(`  elements: ${parts.join(', ')}`);
        }
        const later = await page.getByTestId('drawn-near-view').count();
        if (boards + later !== size.pipelines) {
          throw new Error(
            `expected ${size.pipelines} wave boards, the tab shows ${boards} and ${later} placeholders`,
          );
        }
        if (later > 0) {
          // The boards left for the scroll: scrolled to, each is drawn.
          const started = Date.now();
          // Drawing one moves the next ones up (and may draw them too): scroll to the first
          // one left, until none is left.
          const placeholders = page.getByTestId('drawn-near-view');
          for (let left = later; left > 0; left = await placeholders.count()) {
            await page.evaluate(() =>
              document
                .querySelector('[data-testid="drawn-near-view"]')
                ?.scrollIntoView(),
            );
            await page.waitForFunction(
              expected =>
                document.querySelectorAll('[data-testid="drawn-near-view"]')
                  .length < expected,
              left,
              { timeout: 120_000 },
            );
          }
          console.log(
            `  ${later} of ${
              size.pipelines
            } boards were left for the scroll; scrolling to each drew all ${
              size.pipelines
            } in ${Date.now() - started} ms`,
          );
          await page.evaluate(() => window.scrollTo(0, 0));
        }
        if (process.argv.includes('--screenshot')) {
          const file = path.join(
            os.tmpdir(),
            `bench-tab-${size.pipelines}x${size.stages}.png`,
          );
          // The viewport only: a full-page shot of the 5 × 30 tab outlasts Playwright's timeout.
          await page.screenshot({ path: file });
          console.log(`  screenshot ${file}`);
        }
      } else {
        complete.push(t.complete);
        mounted.push(t.mounted);
      }
      if (process.argv.includes('--verbose')) {
        console.log(
          `  run ${run}: mounted ${t.mounted.toFixed(
            0,
          )} ms, complete ${t.complete.toFixed(0)} ms; style elements ${
            t.styleElements >= 0 ? '+' : ''
          }${t.styleElements}, CSS rules ${t.rules >= 0 ? '+' : ''}${
            t.rules
          }; sheets added: ${t.addedSheets || 'none'}`,
        );
      }
      await switchAway(page);
    }
    report(`${label}: click → tab complete`, complete, mounted);
    // The first switch after a page load: no answers remembered, no style sheets kept, the
    // tab's code evaluated again (from the browser's cache).
    const coldComplete: number[] = [];
    const coldMounted: number[] = [];
    for (let run = 1; run <= coldRuns; run++) {
      await page.reload();
      await page
        .locator(`a[href$="${ENTITY_PATH}/pipelines"]`)
        .waitFor({ timeout: 180_000 });
      // The Overview's own cards finish loading first, as they had for the switches above.
      await page.waitForLoadState('networkidle');
      const t = await switchToTab(page, size.pipelines);
      coldComplete.push(t.complete);
      coldMounted.push(t.mounted);
      await switchAway(page);
    }
    if (coldRuns > 0) {
      report(
        `${label}: first switch after a page load`,
        coldComplete,
        coldMounted,
      );
    }
  } finally {
    await browser.close();
  }
}

export async function main() {
  const runs = Number(arg('runs') ?? 20);
  const coldRuns = Number(arg('cold-runs') ?? 5);
  const sizes = parseSizes(arg('sizes') ?? '1x8x100,5x30x100');
  const installDir =
    arg('install-dir') ?? path.join(os.tmpdir(), 'dpra-bench-production');
  const stdio = process.argv.includes('--verbose') ? 'inherit' : 'ignore';
  if (process.argv.includes('--build')) {
    execFileSync(process.execPath, ['scripts/build-production.mjs'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
  }
  // The suite's own helpers (scripts/lib, plain ESM): one way to start PostgreSQL and the
  // production portal.
  const scriptLib = (file: string) =>
    import(path.join(repoRoot, 'scripts/lib', file));
  const { ensurePostgresBinaries } = await scriptLib('system.mjs');
  const { startThrowawayPostgres } = await scriptLib('postgres.mjs');
  const { startProductionPortal } = await scriptLib('production-portal.mjs');
  const { freePort } = await scriptLib('proc.mjs');
  mkdirSync(installDir, { recursive: true });
  const bindir = await ensurePostgresBinaries();
  if (!bindir)
    throw new Error(
      'No PostgreSQL server binaries (Debian package postgresql)',
    );
  const pg = await startThrowawayPostgres(bindir);
  console.log(
    `» production portal (install in ${installDir}; the first run installs it, later runs reuse it)`,
  );
  try {
    const portal = await startProductionPortal({
      postgres: pg.connectionString,
      backendPort: await freePort(),
      awsPort: await freePort(),
      installDir,
      stdio,
    });
    try {
      console.log(
        `» ${portal.appUrl}: Chromium ${
          process.env.DPRA_CHROMIUM_PATH ?? '/usr/bin/chromium'
        }, ` +
          `${runs} switches per size after one first switch, load average ${os
            .loadavg()
            .map(l => l.toFixed(1))
            .join(' ')}`,
      );
      const firstSwitchChunks = new Set<string>();
      for (const size of sizes) {
        await benchSize(portal.appUrl, size, runs, coldRuns, firstSwitchChunks);
      }
      reportBundle(firstSwitchChunks);
      console.log(
        `load average after: ${os
          .loadavg()
          .map(l => l.toFixed(1))
          .join(' ')}`,
      );
    } finally {
      portal.stop();
    }
  } finally {
    pg.stop();
  }
}
