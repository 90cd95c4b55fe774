/*
 * The browser step of `npm run pack:check`: in the fresh create-app app with our packed packages
 * installed by the README, the annotated example entity has a Pipelines tab that shows the
 * pipeline the local AWS endpoint serves. Run by scripts/pack-check.mjs with
 * DPRA_FRESH_APP_URL, DPRA_FRESH_ENTITY (kind:namespace/name) and DPRA_FRESH_PIPELINE set.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, openAsGuest } from './lib/browser';

async function main() {
  const appUrl = process.env.DPRA_FRESH_APP_URL;
  const entity = process.env.DPRA_FRESH_ENTITY;
  const pipeline = process.env.DPRA_FRESH_PIPELINE;
  if (!appUrl || !entity || !pipeline) {
    throw new Error('DPRA_FRESH_APP_URL, DPRA_FRESH_ENTITY and DPRA_FRESH_PIPELINE must be set');
  }
  const [kind, rest] = entity.split(':');
  const [namespace, name] = rest.split('/');
  const screenshots = path.resolve(__dirname, 'output');
  mkdirSync(screenshots, { recursive: true });

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    try {
      await openAsGuest(page, `${appUrl}/catalog/${namespace}/${kind}/${name}`);
      const tab = page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'Pipelines' });
      await tab.waitFor({ timeout: 120_000 });
      await tab.click();
      await page.waitForURL(/\/pipelines$/);
      await page.getByText(pipeline).first().waitFor({ timeout: 120_000 });
      await page.getByTestId(`pipeline-${pipeline}`).getByTestId('wave-board').waitFor({ timeout: 120_000 });
      await page.screenshot({ path: path.join(screenshots, 'fresh-app-pipelines-tab.png'), fullPage: true });
      console.log(`» ${entity}: the Pipelines tab shows ${pipeline} (test/e2e/output/fresh-app-pipelines-tab.png)`);
    } catch (e) {
      await page.screenshot({ path: path.join(screenshots, 'fresh-app-failure.png'), fullPage: true }).catch(() => {});
      throw e;
    }
  } finally {
    await browser.close();
  }
}

main().catch(e => {
  console.error(`!! ${e instanceof Error ? e.stack : e}`);
  process.exit(1);
});
