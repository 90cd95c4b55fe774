/*
 * Browser test of the dynamic-configuration pipeline kind (issue 16), against the running local
 * portal. Registered by portal.e2e.test.ts, whose portal and browser it shares. The local world
 * ran orders-config (examples/specs/dynamic-config.yaml) through its synthesized stages; a day ago
 * AppConfig rolled the feature flags of its first production wave back on an alarm the
 * environment watches, and the pipeline redeployed the last good configuration. The tab must show
 * the configuration deployments per environment and region, with that rollback and its alarm,
 * and the overview card which version is live where.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type {
  ConfigDeploymentView,
  EntityPipelinesResponse,
} from '@dpra/plugin-pipelines-common';
import { openAsGuest, shootAtWidths } from './lib/browser';
import { type PortalSession, screenshots } from './lib/session';

const ENTITY = 'component/default/orders-service';
/** examples/specs/dynamic-config.yaml's pipeline, its first production region and its alarm. */
const PIPELINE = 'orders-config';
const REGION = 'us-east-1';
const ALARM = 'orders-checkout-errors';

export function configRolloutTest(session: PortalSession) {
  it('shows a configuration rollout per environment and region, with the deployment AppConfig rolled back on an alarm', async () => {
    const { backendUrl, appUrl } = session.portal;
    const { headers } = session;
    let rolledBack: ConfigDeploymentView | undefined;
    let all: ConfigDeploymentView[] = [];
    let refused = '';
    const deadline = Date.now() + 180_000;
    while (!rolledBack && Date.now() < deadline) {
      const res = await fetch(
        `${backendUrl}/api/pipelines/entities/${ENTITY}/pipelines`,
        { headers },
      );
      if (res.status !== 200) {
        // Right after the portal starts, the catalog may not hold the entity yet.
        refused = `${res.status} ${await res.text()}`;
        await new Promise(r => setTimeout(r, 2000));
        continue;
      }
      const body = (await res.json()) as EntityPipelinesResponse;
      all =
        body.pipelines.find(p => p.name === PIPELINE)?.configDeployments ?? [];
      rolledBack = all.find(
        d => d.environment === 'prod' && d.region === REGION && d.rolledBack,
      );
      if (!rolledBack) await new Promise(r => setTimeout(r, 2000));
    }
    assert.ok(
      rolledBack,
      `${PIPELINE} shows a rollback in prod ${REGION}${
        refused ? ` (last refusal: ${refused})` : ''
      }`,
    );
    assert.equal(rolledBack.rolledBack?.triggeredBy, 'CLOUDWATCH_ALARM');
    assert.equal(rolledBack.rolledBack?.alarmName, ALARM);
    // beta, gamma in two regions, production in three: two profiles each.
    assert.equal(all.length, 12);

    const page = await session.browser.newPage({
      viewport: { width: 1600, height: 1000 },
    });
    try {
      await openAsGuest(
        page,
        `${appUrl}/catalog/default/component/orders-service/pipelines`,
      );
      const card = page.getByTestId(`pipeline-${PIPELINE}`);
      const board = card.getByTestId('config-board');
      await board.waitFor({ timeout: 120_000 });
      const rollback = card.getByTestId(
        `config-prod-${REGION}-${rolledBack.profile}-rollback`,
      );
      await rollback.waitFor({ timeout: 60_000 });
      const text = (await rollback.textContent()) ?? '';
      assert.match(
        text,
        new RegExp(
          `v${
            rolledBack.rolledBack!.version
          } .*rolled back .* by alarm ${ALARM}`,
        ),
      );
      await rollback.scrollIntoViewIfNeeded();
      await shootAtWidths(page, screenshots, 'config-rollback');
      // The board alone at each width (the page is the tab's three pipelines); phones stack it
      // per environment and region.
      for (const width of [1600, 1024, 390]) {
        await page.setViewportSize({ width, height: 1000 });
        const layout = width === 390 ? 'stacked' : 'table';
        const sized = card.locator(
          `[data-testid="config-board"][data-layout="${layout}"]`,
        );
        await sized.waitFor({ timeout: 30_000 });
        await sized.scrollIntoViewIfNeeded();
        await sized.screenshot({
          path: path.join(screenshots, `config-board-${width}.png`),
        });
      }
      await page.setViewportSize({ width: 1440, height: 1000 });

      await openAsGuest(
        page,
        `${appUrl}/catalog/default/component/orders-service`,
      );
      const live = page.getByTestId(`config-live-${PIPELINE}`);
      await live.waitFor({ timeout: 120_000 });
      assert.match(
        (await live.textContent()) ?? '',
        // Grouped by the revision live, each target with its version there.
        new RegExp(
          `${rolledBack.profile} live: [0-9a-f]{7} in .*prod ${REGION} \\(v${
            rolledBack.liveVersion ?? '\\d+'
          }\\)`,
        ),
      );
      await live.scrollIntoViewIfNeeded();
      await shootAtWidths(page, screenshots, 'config-live-versions');
    } finally {
      await page.close();
    }
  });
}
