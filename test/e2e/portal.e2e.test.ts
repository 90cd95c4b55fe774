/*
 * Browser tests against the running local portal (Backstage app + backend + local AWS scenario
 * endpoint), in Debian's headless Chromium via playwright-core. Run by `npm run test:all`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type {
  AlarmHistoryItem,
  AlarmHistoryResponse,
  ErrorResponseBody,
  ExecutionsResponse,
  PipelinesStatusResponse,
} from '@dpra/plugin-pipelines-common';
import {
  openAsGuest,
  shootAtWidths,
  waitForDialogClosed,
  waitForWaveRunning,
  waveCellSelector,
} from './lib/browser';
import { guestToken } from './lib/portal';
import { screenshots, withPortalAndBrowser } from './lib/session';
import { buildFindingsTest } from './buildFindings.e2e';
import { configRolloutTest } from './configRollout.e2e';
import { parallelExecutionsTest, revisionTabTests } from './revisionTab.e2e';

describe('local portal', { timeout: 1_200_000 }, () => {
  const session = withPortalAndBrowser();

  it('backend answers its health check and a pipelines route', async () => {
    const health = await fetch(
      `${session.portal.backendUrl}/.backstage/health/v1/readiness`,
    );
    assert.equal(health.status, 200);

    const token = await guestToken(session.portal.backendUrl);
    const status = await fetch(
      `${session.portal.backendUrl}/api/pipelines/status`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    assert.equal(status.status, 200, await status.clone().text());
    const body = (await status.json()) as PipelinesStatusResponse;
    assert.equal(body.source.kind, 'local');

    const anonymous = await fetch(
      `${session.portal.backendUrl}/api/pipelines/status`,
    );
    assert.equal(
      anonymous.status,
      401,
      'pipelines routes require a signed-in user',
    );
  });

  it('shows the catalog with the example entities', async () => {
    await openAsGuest(
      session.page,
      `${session.portal.appUrl}/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all`,
    );
    await session.page
      .getByRole('link', { name: 'orders-service' })
      .waitFor({ timeout: 120_000 });
    assert.ok(
      await session.page
        .getByRole('link', { name: 'payments-service' })
        .isVisible(),
    );
    await session.page.screenshot({
      path: path.join(screenshots, 'catalog.png'),
      fullPage: true,
    });
  });

  it('has a Pipelines tab on the example service', async () => {
    await session.page.getByRole('link', { name: 'orders-service' }).click();
    // The new frontend system's entity page lists its contents as links in a navigation landmark.
    const tab = session.page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Pipelines' });
    await tab.waitFor({ timeout: 60_000 });
    await tab.click();
    await session.page.waitForURL(/\/pipelines$/);
    await session.page
      .getByTestId('pipeline-orders-service')
      .waitFor({ timeout: 120_000 });
    await session.page.screenshot({
      path: path.join(screenshots, 'pipelines-tab.png'),
      fullPage: true,
    });
  });

  it('shows the revision each wave holds, at 1600, 1024 and 390 px', async () => {
    const board = session.page.getByTestId('wave-board').first();
    await board.waitFor({ timeout: 120_000 });
    const waves = await board
      .locator('[data-testid^="wave-"][data-testid$="-revision"]')
      .count();
    const rows = await board.locator('th[data-testid^="wave-"]').count();
    assert.ok(rows > 0, 'the board has waves');
    assert.equal(waves, rows, 'every wave names the revision it holds');
    const first =
      (await board.getByTestId('wave-1-revision').textContent()) ?? '';
    assert.match(first, /^[0-9a-f]{7}|^execution /, first);
    await shootAtWidths(session.page, screenshots, 'pipelines-tab', {
      board: 'wave-board',
    });
  });

  it('wraps the reasons of references that cannot be shown inside the page at 1024 and 390 px', async () => {
    const page = session.page;
    const problems = page.getByTestId('pipeline-problems').first();
    await problems.waitFor({ timeout: 60_000 });
    for (const width of [1024, 390]) {
      await page.setViewportSize({ width, height: 1000 });
      const fit = await problems.evaluate(list => ({
        right: Math.max(
          ...[...list.querySelectorAll('p, span')].map(
            e => e.getBoundingClientRect().right,
          ),
        ),
        page: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
      }));
      assert.ok(
        fit.right <= fit.viewport && fit.page <= fit.viewport,
        `at ${width} px the reasons end at ${fit.right} px and the page is ${fit.page} px wide`,
      );
    }
    await page.setViewportSize({ width: 1440, height: 1000 });
  });

  it('says at 390 px that the execution history scrolls sideways, and which way', async () => {
    const page = session.page;
    const history = page.getByTestId('execution-history');
    // The tables as people see them at each width (a full-page shot is too tall to read).
    for (const width of [1600, 1024, 390]) {
      await page.setViewportSize({ width, height: 1000 });
      for (const table of ['execution-history', 'findings']) {
        const element = page.getByTestId(table).first();
        await element.scrollIntoViewIfNeeded();
        await element.screenshot({
          path: path.join(screenshots, `${table}-${width}.png`),
        });
      }
    }
    await history.scrollIntoViewIfNeeded();
    const hint = history.getByTestId('side-scroll-hint');
    await hint.waitFor({ timeout: 60_000 });
    assert.match(await hint.innerText(), /scroll →[\s\S]*Scroll right/);
    await history.getByTestId('side-scroll-shadow-right').waitFor();
    await history.screenshot({
      path: path.join(screenshots, 'execution-history-390.png'),
    });
    const region = history.getByRole('region', { name: /scrolls sideways/ });
    await region.evaluate(el => el.scrollTo({ left: el.scrollWidth }));
    await history.getByTestId('side-scroll-shadow-left').waitFor();
    await history
      .getByTestId('side-scroll-shadow-right')
      .waitFor({ state: 'detached' });
    assert.match(await hint.innerText(), /← scroll[\s\S]*Scroll left/);
    await history.screenshot({
      path: path.join(screenshots, 'execution-history-390-scrolled.png'),
    });
    await page.setViewportSize({ width: 1440, height: 1000 });
  });

  parallelExecutionsTest({ page: () => session.page });

  it('approves the pending prod approval from the portal and the first wave starts', async () => {
    const pipeline = session.page.getByTestId('pipeline-orders-service');
    await pipeline.getByTestId('wave-board').waitFor({ timeout: 60_000 });
    const cellSelector = waveCellSelector('orders-service', 1, 'us-east-1');
    // Before the decision the cell shows the previous execution's outcome, not a running wave.
    const before =
      (await session.page.locator(cellSelector).getAttribute('aria-label')) ??
      '';
    assert.doesNotMatch(before, /In progress|baking/i);

    // The banners sit above the pipeline cards, one per pending approval.
    await session.page
      .getByRole('button', {
        name: 'Review approval Approval of orders-service',
      })
      .click();
    const dialog = session.page.getByTestId('approval-dialog');
    await dialog
      .getByRole('textbox', { name: 'Approval comment' })
      .fill('Gamma is green, ship it');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await waitForDialogClosed(dialog);

    // No reload: the view polls, the backend refreshes the pipeline right after the decision, and
    // the scenario (×60 clock) starts Prod-Wave1 with its one-box step, then bakes.
    await waitForWaveRunning(session.page, 'orders-service', 1, 'us-east-1');
    assert.equal(
      await session.page
        .getByRole('button', {
          name: 'Review approval Approval of orders-service',
        })
        .count(),
      0,
      'the decided approval is no longer offered',
    );
    await session.page.screenshot({
      path: path.join(screenshots, 'approved-wave1-started.png'),
      fullPage: true,
    });
  });

  it('refuses a second decision with the same (now stale) token, with a clear message', async () => {
    const token = await guestToken(session.portal.backendUrl);
    const headers = {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    };
    const base = `${session.portal.backendUrl}/api/pipelines/entities/component/default/orders-service`;
    const executions = await fetch(`${base}/executions?limit=5`, { headers });
    assert.equal(executions.status, 200);
    const res = await fetch(`${base}/approvals`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        pipelineArn:
          'arn:aws:codepipeline:us-east-1:111111111111:orders-service',
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token: '00000000-0000-4000-8000-000000000000',
        decision: 'Approved',
      }),
    });
    assert.equal(res.status, 409);
    const body = (await res.json()) as ErrorResponseBody;
    assert.equal(body.error.name, 'ConflictError');
    assert.ok(body.error.message.length > 10, body.error.message);
  });

  it('rejects a pending approval of the infrastructure pipeline (PARALLEL mode)', async () => {
    // New executions keep reaching the approval in PARALLEL mode, so count the outcome in AWS's
    // execution history (a rejected execution fails) rather than the banners on screen.
    const token = await guestToken(session.portal.backendUrl);
    const arn = 'arn:aws:codepipeline:us-east-1:111111111111:orders-infra';
    const failedExecutions = async () => {
      const res = await fetch(
        `${
          session.portal.backendUrl
        }/api/pipelines/entities/component/default/orders-service/executions?pipelineArn=${encodeURIComponent(
          arn,
        )}&limit=100`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      assert.equal(res.status, 200);
      const body = (await res.json()) as ExecutionsResponse;
      return new Set(
        body.executions.filter(e => e.status === 'Failed').map(e => e.id),
      );
    };
    const failedBefore = await failedExecutions();

    const reviews = session.page.getByRole('button', {
      name: 'Review approval Approval of orders-infra',
    });
    await reviews.first().waitFor({ timeout: 60_000 });
    await reviews.first().click();
    const dialog = session.page.getByTestId('approval-dialog');
    await dialog
      .getByRole('textbox', { name: 'Approval comment' })
      .fill('Not during the freeze');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await waitForDialogClosed(dialog);

    const deadline = Date.now() + 120_000;
    let newlyFailed: string[] = [];
    while (Date.now() < deadline && newlyFailed.length === 0) {
      await new Promise(r => setTimeout(r, 2000));
      newlyFailed = [...(await failedExecutions())].filter(
        id => !failedBefore.has(id),
      );
    }
    assert.equal(
      newlyFailed.length,
      1,
      'exactly the rejected execution failed',
    );
    await session.page.screenshot({
      path: path.join(screenshots, 'rejected-infra.png'),
      fullPage: true,
    });
  });

  it('shows the state changes of an alarm the wave board names, read by the backend from CloudWatch', async () => {
    const token = await guestToken(session.portal.backendUrl);
    const headers = { Authorization: `Bearer ${token}` };
    const pipelineArn =
      'arn:aws:codepipeline:us-east-1:111111111111:orders-service';
    const board = session.page
      .getByTestId('pipeline-orders-service')
      .getByTestId('wave-board');
    await board.waitFor({ timeout: 60_000 });
    // The board's alarm names are buttons labelled "History of alarm <name> in <region>".
    const label = await board
      .getByRole('button', { name: /^History of alarm / })
      .first()
      .getAttribute('aria-label');
    const [, alarmName, region] =
      /^History of alarm (.+) in ([a-z0-9-]+)$/.exec(label ?? '') ?? [];
    assert.ok(
      alarmName && region,
      `an alarm button on the wave board (${label})`,
    );

    // The alarm changes state in the local AWS; the refresher sees it and reads its history.
    const reason = `e2e: threshold crossed at ${new Date().toISOString()}`;
    const setState = async (state: string, why: string) => {
      const res = await fetch(`${session.portal.awsUrl}/__scenario/alarm`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ region, alarmName, state, reason: why }),
      });
      assert.equal(res.status, 200, await res.text());
    };
    await setState('ALARM', reason);
    const historyUrl = `${
      session.portal.backendUrl
    }/api/pipelines/entities/component/default/orders-service/alarm-history?${new URLSearchParams(
      { pipelineArn, region, alarmName },
    )}`;
    const deadline = Date.now() + 120_000;
    let items: AlarmHistoryItem[] = [];
    while (Date.now() < deadline && !items.some(i => i.reason === reason)) {
      await new Promise(r => setTimeout(r, 2000));
      const res = await fetch(historyUrl, { headers });
      assert.equal(res.status, 200, await res.clone().text());
      items = ((await res.json()) as AlarmHistoryResponse).items;
    }
    assert.ok(
      items.some(i => i.reason === reason && i.newState === 'ALARM'),
      'the backend stored the state change',
    );
    await setState('OK', 'e2e: back to normal');

    // In the portal: the same alarm's button opens its history with the change.
    await board
      .getByRole('button', {
        name: `History of alarm ${alarmName} in ${region}`,
      })
      .first()
      .click();
    const dialog = session.page.getByRole('dialog');
    await dialog.getByText(reason).waitFor({ timeout: 60_000 });
    assert.ok(await dialog.getByText(`${alarmName} (${region})`).isVisible());
    // The dialog fades in; the screenshot is for people, so let the transition end.
    await session.page.waitForTimeout(500);
    await session.page.screenshot({
      path: path.join(screenshots, 'alarm-history.png'),
      fullPage: false,
    });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await waitForDialogClosed(dialog, 10_000);
  });

  it("shows an AMI pipeline's distribution waves as accounts × regions, with the SSM parameter", async () => {
    await openAsGuest(
      session.page,
      `${session.portal.appUrl}/catalog/default/component/base-ami/pipelines`,
    );
    const board = session.page
      .getByTestId('pipeline-base-ami')
      .getByTestId('wave-board');
    await board.waitFor({ timeout: 120_000 });
    // examples/specs/ami-build.yaml: wave 1 shares the image with two accounts in us-east-1,
    // wave 2 with one account in two regions, each publishing the AMI id to the SSM parameter.
    for (const cell of [
      'wave-cell-1-222222222222-us-east-1',
      'wave-cell-1-333333333333-us-east-1',
      'wave-cell-2-444444444444-us-west-2',
    ]) {
      await board.getByTestId(cell).waitFor({ timeout: 60_000 });
    }
    assert.match(
      (await board.getByTestId('wave-1-ssm-parameter').textContent()) ?? '',
      /\/platform\/base-ami\/latest/,
    );
    // QUEUED: two newer runs wait in line to enter the wave that bakes.
    const inFlight = session.page.getByTestId('in-flight-base-ami');
    await inFlight
      .getByText(/2nd in queue for Prod-Wave1/)
      .waitFor({ timeout: 120_000 });
    assert.match(
      (await inFlight.textContent()) ?? '',
      /1st in queue for Prod-Wave1/,
    );
    // "Where is …" marks the accounts × regions of the wave that holds the picked revision.
    const holder = (
      (await board.getByTestId('wave-1-revision').textContent()) ?? ''
    ).slice(0, 7);
    await session.page
      .getByTestId('pipeline-base-ami')
      .getByRole('button', { name: /^Where is/ })
      .click();
    await session.page
      .getByRole('option', { name: new RegExp(`^${holder}`) })
      .first()
      .click();
    await board
      .locator(
        '[data-testid="wave-cell-1-222222222222-us-east-1"][data-picked]',
      )
      .waitFor({ timeout: 30_000 });
    // The image's Inspector findings, imported by the generated image scan of a run.
    await session.page
      .getByTestId('finding-reported-by')
      .filter({ hasText: /^base-ami · run [0-9a-f]{8} · ImageScan$/ })
      .first()
      .waitFor({ timeout: 120_000 });
    await shootAtWidths(session.page, screenshots, 'ami-pipelines-tab', {
      board: 'ami-wave-board',
    });
  });

  it('names the superseded run of a SUPERSEDED pipeline, and the run that superseded it; the tests are those of the run the board shows', async () => {
    await openAsGuest(
      session.page,
      `${session.portal.appUrl}/catalog/default/component/payments-service/pipelines`,
    );
    const superseded = session.page
      .getByTestId('in-flight-payments-service')
      .getByTestId('superseded-execution')
      .first();
    await superseded.waitFor({ timeout: 120_000 });
    assert.match(
      (await superseded.textContent()) ?? '',
      /· superseded by [0-9a-f]{7} /,
    );
    assert.match(
      (await session.page
        .getByTestId('in-flight-payments-service')
        .textContent()) ?? '',
      /1st in queue for Prod-Wave1/,
    );
    const run = session.page
      .getByTestId('test-report-run')
      .filter({ hasText: /› UnitTests · run [0-9a-f]{8} \(Succeeded\)$/ })
      .first();
    await run.waitFor({ timeout: 120_000 });
    await shootAtWidths(session.page, screenshots, 'superseded-tab');
  });

  it("shows an account fleet's waves of organisational units with their accounts", async () => {
    await openAsGuest(
      session.page,
      `${session.portal.appUrl}/catalog/default/component/org-fleet/pipelines`,
    );
    const board = session.page
      .getByTestId('pipeline-org-fleet')
      .getByTestId('wave-board');
    await board.waitFor({ timeout: 120_000 });
    // examples/specs/account-fleet.yaml: NonProd first, then Prod and Security.
    for (const unit of [
      'wave-unit-1-NonProd',
      'wave-unit-2-Prod',
      'wave-unit-2-Security',
    ]) {
      await board.getByTestId(unit).first().waitFor({ timeout: 60_000 });
    }
    assert.ok(
      await board
        .getByTestId('wave-unit-1-NonProd-accounts')
        .first()
        .isVisible(),
    );
    await shootAtWidths(session.page, screenshots, 'fleet-pipelines-tab', {
      board: 'fleet-wave-board',
    });
  });

  // The Pipelines tab's revisions, executions, decisions, conflicts and findings (issue 12).
  revisionTabTests(session);

  // The SCA finding the generated import step made, on its run (issue 11).
  buildFindingsTest(session);

  // A configuration rollout with one rollback by alarm (issue 16).
  configRolloutTest(session);
});
