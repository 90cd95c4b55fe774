import path from 'node:path';
import { chromium, Browser, Locator, Page } from 'playwright-core';

/**
 * Launches the system Chromium (Debian's package; path from DPRA_CHROMIUM_PATH) headless. The flags
 * keep Chromium from reaching out to Google services, which this machine's closed network refuses.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.DPRA_CHROMIUM_PATH || '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * Opens `url` as the local guest user. The sign-in page remembers the chosen provider in
 * localStorage and signs in through it on load (the guest provider needs no interaction then); the
 * "Enter" button is the fallback when that silent sign-in does not happen.
 */
export async function openAsGuest(page: Page, url: string): Promise<void> {
  await page.addInitScript(() => {
    window.localStorage.setItem('@backstage/core:SignInPage:provider', 'guest');
  });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 180_000 });
  const enter = page.getByRole('button', { name: /^\s*enter\s*$/i });
  // Either the sign-in page shows its button, or the app renders its (possibly collapsed) sidebar.
  const sidebar = page.locator('nav[aria-label="sidebar nav"]');
  try {
    await Promise.race([
      enter.waitFor({ timeout: 180_000 }),
      sidebar.waitFor({ state: 'attached', timeout: 180_000 }),
    ]);
    if (await enter.isVisible()) {
      await enter.click();
      await sidebar.waitFor({ state: 'attached', timeout: 180_000 });
    }
  } catch (e) {
    await page
      .screenshot({ path: 'test/e2e/output/sign-in-failure.png' })
      .catch(() => {});
    throw e;
  }
}

/**
 * Full-page screenshots at the three widths we check every UI change at (`<dir>/<name>-<width>.png`)
 * and, with `board`, of the page's first wave board, or `pipeline`'s (`<dir>/<board>-<width>.png`); then back to the
 * default viewport.
 */
export async function shootAtWidths(
  page: Page,
  dir: string,
  name: string,
  options: { board?: string; pipeline?: string } = {},
): Promise<void> {
  for (const width of [1600, 1024, 390]) {
    await page.setViewportSize({ width, height: 1000 });
    // Backstage scrolls its content in an inner element, which a full-page shot does not
    // extend: make the viewport as tall as the content instead.
    // Pages without a `main` element (a plugin page of the new frontend system) fall back to the
    // document's height.
    const height = await page.evaluate(() =>
      Math.max(
        document.documentElement.scrollHeight,
        ...[...document.querySelectorAll('main, main *')].map(
          e => e.scrollHeight,
        ),
      ),
    );
    await page.setViewportSize({
      width,
      height: Math.min(height + 50, 12_000),
    });
    await page.waitForTimeout(500);
    await page.screenshot({
      path: path.join(dir, `${name}-${width}.png`),
      fullPage: true,
    });
    if (options.board) {
      const scope = options.pipeline
        ? page.getByTestId(`pipeline-${options.pipeline}`)
        : page;
      await scope
        .getByTestId('wave-board')
        .first()
        .screenshot({ path: path.join(dir, `${options.board}-${width}.png`) });
    }
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

/** The selector of one wave cell of a pipeline's board (`data-testid` wave-cell-<wave>-<region>). */
export const waveCellSelector = (
  pipeline: string,
  wave: number,
  region: string,
) =>
  `[data-testid="pipeline-${pipeline}"] [data-testid="wave-cell-${wave}-${region}"]`;

/**
 * Waits until a wave cell says its wave is running or baking (its aria-label), as it does once an
 * approval lets the pipeline into that wave; the page updates itself (signals or polling), no reload.
 */
export async function waitForWaveRunning(
  page: Page,
  pipeline: string,
  wave: number,
  region: string,
): Promise<void> {
  await page.waitForFunction(
    selector =>
      /In progress|baking/i.test(
        document.querySelector(selector)?.getAttribute('aria-label') ?? '',
      ),
    waveCellSelector(pipeline, wave, region),
    { timeout: 120_000, polling: 1000 },
  );
}

/**
 * Waits until a dialog closes after its decision or control was sent. A dialog that stays open says
 * why (an error, a conflict): the failure quotes it, so a red run names the cause.
 */
export async function waitForDialogClosed(
  dialog: Locator,
  timeout = 60_000,
): Promise<void> {
  try {
    await dialog.waitFor({ state: 'detached', timeout });
  } catch (e) {
    const says = await dialog
      .textContent({ timeout: 1_000 })
      .catch(() => '(unreadable)');
    throw new Error(
      `The dialog was still open after ${timeout / 1000} s; it says: ${says}`,
      { cause: e },
    );
  }
}
