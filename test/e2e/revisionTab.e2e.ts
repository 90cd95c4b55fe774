/*
 * Browser tests of what the Pipelines tab says about revisions, executions, decisions and findings
 * (issue 12), against the running local portal. Registered by portal.e2e.test.ts, whose portal and
 * browser they share. They name the entity (orders-service: two pipelines, one in PARALLEL mode)
 * and what the page shows, not the local scenario's pipeline names.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { STAGE } from '@dpra/pipeline-contract';
import type { FindingsResponse } from '@dpra/plugin-pipelines-common';
import { openAsGuest, shootAtWidths, waitForDialogClosed } from './lib/browser';
import { type PortalSession, screenshots } from './lib/session';

/** The guest's display name in examples/catalog/org.yaml. */
const GUEST_NAME = 'Guest (local portal)';

const ORDERS = 'catalog/default/component/orders-service/pipelines';

/**
 * The approval the two-tab test decides: the orders service's configuration rollout, which the
 * example world keeps waiting at its approval (EXAMPLE_SITUATIONS) and which no other browser test
 * decides, so the test does not depend on which approvals earlier tests left.
 */
const INFRA_APPROVAL = `Review approval ${STAGE.approval} of orders-infra`;
const CONFIG_APPROVAL = `Review approval ${STAGE.approval} of orders-config`;

/**
 * Registers the check that every execution in flight of the PARALLEL pipeline is listed. It runs
 * while the tab is open and before any test decides an approval: each pending approval is an
 * execution in flight, and the scenario has two of them in the PARALLEL pipeline at the start.
 */
export function parallelExecutionsTest(ctx: { page: () => Page }) {
  it('shows every execution in flight of the PARALLEL pipeline, with its position and revision', async () => {
    const page = ctx.page();
    const inFlight = page.locator(
      '[role="region"][aria-label^="Executions in flight of"]',
    );
    await inFlight.first().waitFor({ timeout: 180_000 });
    const items = inFlight.first().getByTestId('in-flight-execution');
    assert.ok((await items.count()) >= 2, 'two or more executions are listed');
    assert.match((await inFlight.first().textContent()) ?? '', /PARALLEL mode/);
    for (const item of await items.all()) {
      assert.match(
        (await item.textContent()) ?? '',
        /^([0-9a-f]{7}|execution )/,
      );
    }
    await inFlight
      .first()
      .screenshot({ path: path.join(screenshots, 'in-flight-executions.png') });
  });
}

export function revisionTabTests(session: PortalSession) {
  let page: Page;

  const openOrders = async (p: Page) => {
    await openAsGuest(p, `${session.portal.appUrl}/${ORDERS}`);
    await p.getByTestId('wave-board').first().waitFor({ timeout: 180_000 });
  };

  it('the revision picker marks the wave that holds the picked revision', async () => {
    page = await session.browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    await openOrders(page);
    // The service's app pipeline: pick the revision its first wave holds.
    const card = page.getByTestId('pipeline-orders-service');
    // The short commit is a link: its text is followed by the link's ", Opens in a new window".
    // The tab asks for the pipelines and the executions at once; until the executions arrive a
    // wave names the execution it holds, then its commit.
    const revisionLabel = card
      .getByTestId('wave-1-revision')
      .filter({ hasNotText: /^execution / });
    await revisionLabel.waitFor({ timeout: 60_000 });
    const label = (await revisionLabel.textContent()) ?? '';
    const held = /^[^\s,·]+/.exec(label)?.[0];
    assert.ok(held, `the first wave names its revision (${label})`);
    await card.getByRole('button', { name: /^Where is/ }).click();
    const option = page
      .getByRole('option', {
        name: new RegExp(held.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      })
      .first();
    await option.click();
    const marker = card.getByTestId('wave-1-picked');
    await marker.waitFor({ timeout: 30_000 });
    assert.match(
      (await marker.textContent()) ?? '',
      new RegExp(`^${held} here: `),
    );
    await shootAtWidths(page, screenshots, 'revision-picked', {
      board: 'revision-picked-board',
      pipeline: 'orders-service',
    });
  });

  it("keeps the guest's approval, by display name and with the comment, once the banner is gone", async () => {
    await openOrders(page);
    // The infrastructure pipeline's other pending approval (the portal test rejects one): the
    // orders service's own and its configuration rollout's are decided by other tests.
    const review = page
      .getByRole('button', { name: INFRA_APPROVAL, exact: true })
      .first();
    await review.waitFor({ timeout: 180_000 });
    // The approval names the revision, its message and trigger, not only an execution id.
    assert.match(
      (await page.getByTestId('approval-revision').first().textContent()) ?? '',
      /^(Revision|Execution) /,
    );
    await review.click();
    const dialog = page.getByTestId('approval-dialog');
    const comment = `e2e decision ${Date.now()}`;
    await dialog
      .getByRole('textbox', { name: 'Approval comment' })
      .fill(comment);
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await waitForDialogClosed(dialog);

    const notice = page.getByTestId('approval-decided');
    await notice.waitFor({ timeout: 30_000 });
    const said = (await notice.textContent()) ?? '';
    assert.match(
      said,
      new RegExp(
        `^Approved by ${GUEST_NAME.replace(
          /[()]/g,
          '\\$&',
        )} · .* · “${comment}”$`,
      ),
    );
    assert.doesNotMatch(said, /in Backstage by/, 'the decision is said once');
    await notice.getByRole('button', { name: /close/i }).click();
    await notice.waitFor({ state: 'detached' });

    // On the stage it decided and in the history, read from the backend's record.
    const kept = page
      .locator('[data-testid$="-decision"], [data-testid^="history-decision-"]')
      .filter({ hasText: comment });
    await kept.first().waitFor({ timeout: 120_000 });
    assert.match(
      (await kept.first().textContent()) ?? '',
      new RegExp(`^Approved by ${GUEST_NAME.replace(/[()]/g, '\\$&')}`),
    );
    assert.match(
      (await kept.first().getAttribute('title')) ?? '',
      /^user:default\/guest at /,
    );
    await page.screenshot({
      path: path.join(screenshots, 'decision-kept.png'),
      fullPage: true,
    });
  });

  it('explains a decision taken in another tab first, and keeps what was typed', async () => {
    const other = await session.browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    try {
      await openOrders(page);
      await openOrders(other);
      const review = (p: Page) =>
        p.getByRole('button', { name: CONFIG_APPROVAL, exact: true });
      await review(page).waitFor({ timeout: 180_000 });
      await review(page).click();
      const dialog = page.getByTestId('approval-dialog');
      await dialog
        .getByRole('textbox', { name: 'Approval comment' })
        .fill('approving in tab one');

      await review(other).click();
      const otherDialog = other.getByTestId('approval-dialog');
      await otherDialog.getByRole('button', { name: 'Reject' }).click();
      await waitForDialogClosed(otherDialog);

      // Two outcomes are right, depending on which comes first: this tab's Approve (the backend
      // answers 409 and the dialog explains it) or this tab's refresh (the dialog says the
      // approval was decided elsewhere and disables Approve). Checking `isEnabled()` first and
      // then clicking raced with that refresh, so the click is tried once, briefly.
      const approve = dialog.getByRole('button', { name: 'Approve' });
      await approve.click({ timeout: 5_000 }).catch(() => undefined);
      const error = dialog.getByTestId('approval-error');
      const elsewhere = dialog.getByTestId('approval-decided-elsewhere');
      await error.or(elsewhere).first().waitFor({ timeout: 60_000 });
      if (await error.isVisible()) {
        assert.match(
          (await error.textContent()) ?? '',
          new RegExp(
            `^Already decided by ${GUEST_NAME.replace(
              /[()]/g,
              '\\$&',
            )} .* rejected — refresh to see the new state\\.$`,
          ),
        );
      }
      assert.equal(
        await dialog
          .getByRole('textbox', { name: 'Approval comment' })
          .inputValue(),
        'approving in tab one',
      );
      await page.screenshot({
        path: path.join(screenshots, 'two-tab-conflict.png'),
      });
      await dialog
        .getByRole('button', { name: /close|cancel/i })
        .first()
        .click();
    } finally {
      await other.close();
    }
  });

  it("lists each of orders-service's findings once, the counts following", async () => {
    const res = await fetch(
      `${session.portal.backendUrl}/api/pipelines/entities/component/default/orders-service/findings`,
      { headers: session.headers },
    );
    assert.equal(res.status, 200);
    const body = (await res.json()) as FindingsResponse;
    const ids = body.findings.map(f => f.id);
    assert.ok(ids.length > 0, 'orders-service has findings');
    assert.equal(new Set(ids).size, ids.length, 'no finding is listed twice');
    assert.equal(
      Object.values(body.counts).reduce((a, b) => a + b, 0),
      ids.length,
      'the severity counts add up to the findings listed',
    );
    await openOrders(page);
    const findings = page.getByTestId('findings');
    await findings.waitFor({ timeout: 120_000 });
    await findings
      .getByText(`Findings (${ids.length} of ${ids.length})`)
      .waitFor({ timeout: 60_000 });
    await page.close();
  });
}
