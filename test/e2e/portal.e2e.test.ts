/*
 * Browser tests against the running local portal (Backstage app + backend + local AWS scenario
 * endpoint), in Debian's headless Chromium via playwright-core. Run by `npm run test:all`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAsGuest } from './lib/browser';
import { guestToken, RunningPortal, startTestPortal } from './lib/portal';

const screenshots = path.resolve(__dirname, 'output');

describe('local portal', { timeout: 600_000 }, () => {
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    portal = await startTestPortal();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  });

  after(async () => {
    await browser?.close();
    portal?.stop();
  });

  it('backend answers its health check and a pipelines route', async () => {
    const health = await fetch(`${portal.backendUrl}/.backstage/health/v1/readiness`);
    assert.equal(health.status, 200);

    const token = await guestToken(portal.backendUrl);
    const status = await fetch(`${portal.backendUrl}/api/pipelines/status`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(status.status, 200, await status.clone().text());
    const body = await status.json();
    assert.equal(body.source.kind, 'local');

    const anonymous = await fetch(`${portal.backendUrl}/api/pipelines/status`);
    assert.equal(anonymous.status, 401, 'pipelines routes require a signed-in user');
  });

  it('shows the catalog with the example entities', async () => {
    await openAsGuest(page, `${portal.appUrl}/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all`);
    await page.getByRole('link', { name: 'orders-service' }).waitFor({ timeout: 120_000 });
    assert.ok(await page.getByRole('link', { name: 'payments-service' }).isVisible());
    await page.screenshot({ path: path.join(screenshots, 'catalog.png'), fullPage: true });
  });

  it('has a Pipelines tab on the example service', async () => {
    await page.getByRole('link', { name: 'orders-service' }).click();
    const tab = page.getByRole('tab', { name: 'Pipelines' });
    await tab.waitFor({ timeout: 60_000 });
    await tab.click();
    await page.waitForURL(/\/pipelines$/);
    await page.getByText('orders-service-pipeline').first().waitFor({ timeout: 120_000 });
    await page.screenshot({ path: path.join(screenshots, 'pipelines-tab.png'), fullPage: true });
  });
});
