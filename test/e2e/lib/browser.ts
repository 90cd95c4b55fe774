import { chromium, Browser, Page } from 'playwright-core';

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
 * Opens `url` as the local guest user: the guest sign-in page asks for one click on "Enter" the
 * first time (later visits in the same browser context are signed in automatically).
 */
export async function openAsGuest(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 180_000 });
  const enter = page.getByRole('button', { name: /^\s*enter\s*$/i });
  // Either the sign-in page shows its button, or the app renders its (possibly collapsed) sidebar.
  const sidebar = page.locator('nav[aria-label="sidebar nav"]');
  await Promise.race([
    enter.waitFor({ timeout: 120_000 }),
    sidebar.waitFor({ state: 'attached', timeout: 120_000 }),
  ]);
  if (await enter.isVisible()) {
    await enter.click();
    await enter.waitFor({ state: 'detached', timeout: 180_000 });
    await sidebar.waitFor({ state: 'attached', timeout: 60_000 });
  }
}
