import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { guestToken, RunningPortal, startTestPortal } from './portal';

/** Where every browser test writes its screenshots (looked at 1600, 1024 and 390 px wide). */
export const screenshots = path.resolve(__dirname, '..', 'output');

/** A running portal, a headless Chromium with one page, and the signed-in guest's API headers. */
export interface PortalSession {
  readonly portal: RunningPortal;
  readonly browser: Browser;
  readonly page: Page;
  /** `Authorization` (the local guest's Backstage token) and a JSON `Content-Type`. */
  readonly headers: Record<string, string>;
}

/**
 * Registers, in the enclosing `describe`, the hooks that start the portal (as `npm run portal`
 * does, or the production bundle with DPRA_E2E_PRODUCTION) and Chromium before its tests and stop
 * both after them. The returned session's fields are readable once the `before` hook has run.
 */
export function withPortalAndBrowser(): PortalSession {
  const state: Partial<PortalSession> = {};
  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    const portal = await startTestPortal();
    Object.assign(state, { portal });
    const browser = await launchChromium();
    Object.assign(state, {
      browser,
      page: await browser.newPage({ viewport: { width: 1440, height: 1000 } }),
      headers: {
        Authorization: `Bearer ${await guestToken(portal.backendUrl)}`,
        'Content-Type': 'application/json',
      },
    });
  });
  after(async () => {
    await state.browser?.close();
    state.portal?.stop();
  });
  const read = <K extends keyof PortalSession>(key: K): PortalSession[K] => {
    const value = state[key];
    if (value === undefined) {
      throw new Error(
        `the portal session's ${key} is read before its before() hook ran`,
      );
    }
    return value as PortalSession[K];
  };
  return {
    get portal() {
      return read('portal');
    },
    get browser() {
      return read('browser');
    },
    get page() {
      return read('page');
    },
    get headers() {
      return read('headers');
    },
  };
}
