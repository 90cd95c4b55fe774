#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * Render benchmark of the Pipelines tab in headless Chromium (not a test).
 *
 * Times, per run, from navigation start until the tab is complete for an entity with 5 pipelines ×
 * 30 stages × 100 executions: 5 wave boards, the execution history, findings and delivery metrics
 * rendered. Prints each run and the median/p95.
 *
 * Usage:
 *   # dev page (mock API, fixture 5×30×100), in another shell:
 *   npx backstage-cli package start --config ../../app-config.yaml --config dev/app-config.yaml
 *   node bench/render-bench.mjs [--url http://localhost:3456/pipelines] [--runs 7]
 *       [--pipelines 5] [--chromium /usr/bin/chromium] [--screenshot out.png]
 *       [--legacy-guest true|false]  (default true for the dev page on :3456)
 *
 * Against the portal, pass the entity tab URL and the number of pipelines it shows.
 */
import { chromium } from 'playwright-core';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const url = arg('url', 'http://localhost:3456/pipelines');
const runs = Number(arg('runs', '7'));
const pipelines = Number(arg('pipelines', '5'));
const executablePath = arg(
  'chromium',
  process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
);
const screenshot = arg('screenshot', undefined);
const timeout = Number(arg('timeout', '120000'));

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const timings = [];
// One context for all runs: the guest sign-in of run 0 is remembered, so later runs go straight to
// the tab and time only the tab.
const context = await browser.newContext({
  viewport: { width: 1600, height: 1000 },
});
// Record when the tab first shows up in the DOM (loading state included), to split the time spent
// loading the app from the time spent rendering the tab.
await context.addInitScript(() => {
  const observer = new MutationObserver(() => {
    if (
      !window.__dpraTabStart &&
      document.querySelector(
        '[data-testid="progress"], [data-testid="entity-pipelines"]',
      )
    ) {
      window.__dpraTabStart = performance.now();
    }
  });
  document.addEventListener('DOMContentLoaded', () => {
    window.__dpraDomContentLoaded = performance.now();
    observer.observe(document.body, { childList: true, subtree: true });
  });
});
// The dev page has no auth backend: Backstage's guest provider then needs its legacy local token.
if (arg('legacy-guest', url.includes(':3456') ? 'true' : 'false') === 'true') {
  await context.addInitScript(() =>
    localStorage.setItem('enableLegacyGuestToken', 'true'),
  );
}
try {
  for (let run = 0; run <= runs; run++) {
    const page = await context.newPage();
    // Guest sign-in without an auth backend asks to fall back to the legacy token: yes.
    page.on('dialog', dialog => dialog.accept());
    await page.goto(url, { waitUntil: 'commit', timeout });
    if (run === 0) {
      const enter = page.getByRole('button', { name: /^enter$/i });
      const tab = page.locator(
        '[data-testid="entity-pipelines"], [data-testid="wave-board"]',
      );
      await Promise.race([
        enter.waitFor({ timeout }),
        tab.first().waitFor({ timeout }),
      ]);
      if (await enter.isVisible()) await enter.click();
    }
    await page.waitForFunction(
      expected =>
        document.querySelectorAll('[data-testid="wave-board"]').length >=
          expected &&
        document.querySelector('[data-testid="execution-history"] tbody tr') &&
        document.querySelector('[data-testid="findings"]') &&
        document.querySelector('[data-testid="delivery-metrics"]'),
      pipelines,
      { timeout, polling: 'raf' },
    );
    const t = await page.evaluate(() => ({
      total: performance.now(),
      domContentLoaded: window.__dpraDomContentLoaded ?? 0,
      tabStart: window.__dpraTabStart ?? 0,
    }));
    const ms = t.total;
    const tab = t.total - t.tabStart;
    const cells = await page.locator('[data-testid^="wave-cell-"]').count();
    // Run 0 warms the dev server's caches; it is reported but not counted.
    console.log(
      `run ${run}${run === 0 ? ' (warm-up)' : ''}: ${ms.toFixed(
        0,
      )} ms from navigation ` +
        `(DOMContentLoaded ${t.domContentLoaded.toFixed(
          0,
        )} ms, tab mounted at ${t.tabStart.toFixed(0)} ms, ` +
        `tab mount → complete ${tab.toFixed(0)} ms), ${cells} wave cells`,
    );
    if (run > 0) timings.push({ ms, tab });
    if (run === runs && screenshot) {
      await page.screenshot({ path: screenshot, fullPage: true });
      console.log(`screenshot: ${screenshot}`);
    }
    await page.close();
  }
} finally {
  await context.close();
  await browser.close();
}
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const p95 =
    sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
  return `median ${median.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`;
}
console.log(
  `navigation → tab complete (${pipelines} pipelines): ${stats(
    timings.map(t => t.ms),
  )} over ${timings.length} runs`,
);
console.log(`tab mount → tab complete: ${stats(timings.map(t => t.tab))}`);
