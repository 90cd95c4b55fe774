#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * Screenshots of the wave board of each pipeline kind (application: regions; image: accounts ×
 * regions; account fleet: organisational units) at 1600, 1024 and 390 px, for people to look at
 * (not a test). Serves from the dev page's `/kinds` entity (mock API, one pipeline of each kind).
 *
 * Usage:
 *   # dev page, in another shell:
 *   npx backstage-cli package start --config ../../app-config.yaml --config dev/app-config.yaml
 *   node bench/wave-board-shots.mjs [--url http://localhost:3456/kinds] [--out <dir>]
 *       [--chromium /usr/bin/chromium]
 *
 * Writes `<targets>-<width>.png` per board (regions, accountsByRegion, organizationalUnits) and
 * `page-<width>.png` of the whole tab.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const url = arg('url', 'http://localhost:3456/kinds');
const out = arg('out', 'wave-board-shots');
const timeout = 300_000;
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: arg(
    'chromium',
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  ),
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 1000 },
  });
  // The dev page has no auth backend: Backstage's guest provider then needs its legacy token.
  await context.addInitScript(() =>
    localStorage.setItem('enableLegacyGuestToken', 'true'),
  );
  const page = await context.newPage();
  page.on('dialog', dialog => dialog.accept());
  await page.goto(url, { timeout });
  const enter = page.getByRole('button', { name: /^enter$/i });
  const boards = page.locator('[data-testid="wave-board"]');
  await Promise.race([
    enter.waitFor({ timeout }),
    boards.first().waitFor({ timeout }),
  ]);
  if (await enter.isVisible()) await enter.click();
  await boards.nth(2).waitFor({ timeout });
  for (const width of [1600, 1024, 390]) {
    await page.setViewportSize({ width, height: 1000 });
    // Let the layout settle after the resize (media queries, wrapped phases).
    await page.waitForTimeout(800);
    for (let i = 0; i < (await boards.count()); i++) {
      const board = boards.nth(i);
      await board.scrollIntoViewIfNeeded();
      const targets = await board.getAttribute('data-targets');
      // The board's scroll container, as a reader sees it.
      const file = join(out, `${targets}-${width}.png`);
      await board.locator('xpath=..').screenshot({ path: file });
      console.log(file);
    }
    const height = await page.evaluate(
      () => document.documentElement.scrollHeight,
    );
    await page.setViewportSize({ width, height: Math.min(height, 8000) });
    const file = join(out, `page-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
} finally {
  await browser.close();
}
