/*
 * Browser tests of the stage controls (issue 15, item 3) against the running local portal: roll a
 * wave back, disable then enable a transition, retry a failed stage and watch it run, stop an
 * execution, and the controls disabled for an entity the signed-in user does not own.
 *
 * Without the permission: the portal's policy grants `dpra.pipeline.operate` to an entity's owners,
 * and the local guest belongs to team-orders only. base-ami (owner platform, a pipeline of the
 * example specs) is therefore an entity the same signed-in user may read but not operate: no second
 * identity or policy switch is needed, and it tests the portal's real policy.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type {
  EntityPipelinesResponse,
  ExecutionsResponse,
  PipelineView,
  StageStateView,
} from '@dpra/plugin-pipelines-common';
import type { Locator } from 'playwright-core';
import { openAsGuest, waitForDialogClosed } from './lib/browser';
import { screenshots, withPortalAndBrowser } from './lib/session';

const PIPELINE = 'orders-service';
const ARN = `arn:aws:codepipeline:us-east-1:111111111111:${PIPELINE}`;
const WAVE1 = 'Prod-Wave1';

describe('stage controls in the local portal', { timeout: 900_000 }, () => {
  const session = withPortalAndBrowser();
  let headers: Record<string, string>;
  let base: string;

  /** The pipeline as the backend serves it now. */
  async function pipeline(): Promise<PipelineView> {
    const res = await fetch(`${base}/pipelines`, { headers });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as EntityPipelinesResponse;
    const found = body.pipelines.find(p => p.arn === ARN);
    assert.ok(found, `the backend serves ${ARN}`);
    return found;
  }

  async function stage(name: string): Promise<StageStateView> {
    const found = (await pipeline()).stages.find(s => s.name === name);
    assert.ok(found, `${PIPELINE} has a stage ${name}`);
    return found;
  }

  /** Polls the backend (which refreshes after each control) until `check` holds. */
  async function until<T>(
    what: string,
    read: () => Promise<T>,
    check: (v: T) => boolean,
  ) {
    const deadline = Date.now() + 180_000;
    let value = await read();
    while (!check(value)) {
      if (Date.now() > deadline)
        assert.fail(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
      await new Promise(r => setTimeout(r, 2000));
      value = await read();
    }
    return value;
  }

  const controls = () => session.page.getByTestId(`stage-controls-${PIPELINE}`);

  /** Opens a control's dialog, lets `fill` type into it, confirms, and waits for it to close. */
  async function runControl(
    testId: string,
    fill?: (dialog: Locator) => Promise<void>,
    confirm = 'control-confirm',
  ) {
    const button = controls().getByTestId(testId);
    await button.waitFor({ timeout: 120_000 });
    await button.click();
    const dialog = session.page.getByTestId('control-dialog');
    await dialog.waitFor();
    await fill?.(dialog);
    const effect = (
      await dialog.getByTestId('control-effect').allTextContents()
    ).join(' ');
    await dialog.getByTestId(confirm).click();
    const outcome = await Promise.race([
      dialog
        .waitFor({ state: 'detached', timeout: 60_000 })
        .then(() => 'closed'),
      dialog
        .getByTestId('control-error')
        .waitFor({ timeout: 60_000 })
        .then(
          () => 'refused',
          () => 'closed',
        ),
    ]);
    if (outcome === 'refused') {
      assert.fail(
        `${testId} refused: ${await dialog
          .getByTestId('control-error')
          .textContent()}`,
      );
    }
    await controls().getByTestId('control-done').waitFor({ timeout: 30_000 });
    return effect;
  }

  async function setAlarms(names: string[], region: string, state: string) {
    for (const alarmName of names) {
      const res = await fetch(`${session.portal.awsUrl}/__scenario/alarm`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          region,
          alarmName,
          state,
          reason: `e2e: ${state}`,
        }),
      });
      assert.equal(res.status, 200, await res.text());
    }
  }

  /** The stage controls panel at 1600, 1024 and 390 px wide. */
  async function shootControls(name: string) {
    for (const width of [1600, 1024, 390]) {
      await session.page.setViewportSize({ width, height: 1000 });
      await session.page.waitForTimeout(500);
      await controls().screenshot({
        path: path.join(screenshots, `${name}-${width}.png`),
      });
    }
    await session.page.setViewportSize({ width: 1440, height: 1000 });
  }

  before(async () => {
    headers = session.headers;
    base = `${session.portal.backendUrl}/api/pipelines/entities/component/default/orders-service`;
    await openAsGuest(
      session.page,
      `${session.portal.appUrl}/catalog/default/component/orders-service/pipelines`,
    );
    await controls().waitFor({ timeout: 180_000 });
  });

  it('rolls wave 1 back to the last good revision, named in the dialog', async () => {
    const before = await until(
      'wave 1 to hold an execution',
      () => stage(WAVE1),
      s => Boolean(s?.pipelineExecutionId),
    );
    await shootControls('stage-controls');
    const effect = await runControl(`control-rollback-stage-${WAVE1}`);
    // The dialog names the revision: short commit and its message.
    assert.match(
      effect,
      /deploys Prod-Wave1 again with revision [0-9a-f]{7} "[^"]+" from execution/,
    );
    const after = await until(
      'wave 1 to run the rollback',
      () => stage(WAVE1),
      s => s.pipelineExecutionId !== before.pipelineExecutionId,
    );
    const executions = (await (
      await fetch(
        `${base}/executions?pipelineArn=${encodeURIComponent(ARN)}&limit=5`,
        { headers },
      )
    ).json()) as ExecutionsResponse;
    const rollback = executions.executions.find(
      e => e.id === after.pipelineExecutionId,
    );
    assert.equal(rollback?.executionType, 'ROLLBACK');
    await session.page.screenshot({
      path: path.join(screenshots, 'stage-controls-rolled-back.png'),
      fullPage: true,
    });
  });

  it('disables, then enables, the transition into wave 1', async () => {
    await runControl(`control-disable-transition-${WAVE1}`, dialog =>
      dialog.getByRole('textbox', { name: 'Reason' }).fill('Game day (INC-42)'),
    );
    await controls()
      .getByTestId(`transition-disabled-${WAVE1}`)
      .waitFor({ timeout: 120_000 });
    assert.match(
      (await controls()
        .getByTestId(`transition-disabled-${WAVE1}`)
        .textContent()) ?? '',
      /Game day \(INC-42\)/,
    );
    await shootControls('stage-controls-transition-disabled');
    await runControl(`control-enable-transition-${WAVE1}`);
    await controls()
      .getByTestId(`transition-disabled-${WAVE1}`)
      .waitFor({ state: 'detached', timeout: 120_000 });
    assert.equal((await stage(WAVE1)).inboundTransitionEnabled, true);
  });

  it('retries a failed stage and watches it run', async () => {
    // Wave 1's entry check fails while its alarms are in ALARM: approve, and the stage fails.
    const p = await pipeline();
    const layout = p.layout.stages.find(s => s.name === WAVE1);
    assert.ok(layout, `${PIPELINE}'s layout has ${WAVE1}`);
    const alarms: string[] = layout.safety.alarmNames;
    const region: string =
      p.alarms.find(a => alarms.includes(a.name))?.region ?? 'us-east-1';
    await setAlarms(alarms, region, 'ALARM');
    const approval = await until(
      'a pending approval',
      pipeline,
      q => q.pendingApprovals.length > 0,
    );
    const pending = approval.pendingApprovals[0];
    const decided = await fetch(`${base}/approvals`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        pipelineArn: ARN,
        stageName: pending.stageName,
        actionName: pending.actionName,
        token: pending.token,
        decision: 'Approved',
      }),
    });
    assert.equal(decided.status, 200, await decided.text());
    const failed = await until(
      'wave 1 to fail its entry check',
      () => stage(WAVE1),
      s => s.status === 'Failed',
    );
    await setAlarms(alarms, region, 'OK');
    await controls()
      .getByTestId(`control-retry-stage-${WAVE1}`)
      .waitFor({ timeout: 120_000 });
    await shootControls('stage-controls-failed');
    await runControl(`control-retry-stage-${WAVE1}`);
    const running = await until(
      'wave 1 to run again',
      () => stage(WAVE1),
      s => s.status === 'InProgress',
    );
    assert.equal(
      running.pipelineExecutionId,
      failed.pipelineExecutionId,
      'the same execution runs again',
    );
    await session.page.screenshot({
      path: path.join(screenshots, 'stage-controls-retried.png'),
      fullPage: true,
    });
  });

  it('starts an execution, and stops the running execution the dialog names', async () => {
    // A run of its own to stop: a started execution goes on to the approval and waits there, so
    // it still runs when the stop is confirmed. (Stopping whatever ran — the rollback above, the
    // run in wave 1 — raced with its end: the backend then refused, rightly, a stale stop.)
    const before = (await pipeline()).latestExecution?.id;
    await runControl('control-start-execution');
    const started: string = (
      await until(
        'the started execution to run',
        pipeline,
        p =>
          !!p.latestExecution &&
          p.latestExecution.id !== before &&
          p.latestExecution.status === 'InProgress',
      )
    ).latestExecution!.id;
    // The tab follows (signal or poll): wait until its stop control names the started run.
    const deadline = Date.now() + 120_000;
    for (;;) {
      await controls().getByTestId('control-stop-execution').click();
      const dialog = session.page.getByTestId('control-dialog');
      const effect = (
        await dialog.getByTestId('control-effect').allTextContents()
      ).join(' ');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await waitForDialogClosed(dialog);
      if (effect.includes(`Execution ${started.slice(0, 8)} of `)) break;
      if (Date.now() > deadline)
        assert.fail(`the stop control never named ${started}: ${effect}`);
      await new Promise(r => setTimeout(r, 2000));
    }
    const effect = await runControl(
      'control-stop-execution',
      dialog =>
        dialog
          .getByRole('textbox', { name: 'Reason' })
          .fill('Stopping for the e2e test'),
      'control-abandon',
    );
    const named = /Execution ([0-9a-f]{8}) of /.exec(effect)?.[1];
    assert.equal(named, started.slice(0, 8), effect);
    const executions = async () =>
      (
        (await (
          await fetch(
            `${base}/executions?pipelineArn=${encodeURIComponent(
              ARN,
            )}&limit=10`,
            { headers },
          )
        ).json()) as ExecutionsResponse
      ).executions;
    const stopped = await until(
      `execution ${named} to stop`,
      executions,
      list => list.find(e => e.id.startsWith(named))?.status === 'Stopped',
    );
    assert.equal(
      stopped.filter(e => e.id.startsWith(named)).length,
      1,
      'the short id names one execution',
    );
  });

  it('shows the controls disabled, with the reason, on an entity the user does not own', async () => {
    await openAsGuest(
      session.page,
      `${session.portal.appUrl}/catalog/default/component/base-ami/pipelines`,
    );
    const panel = session.page.getByTestId('stage-controls-base-ami');
    await panel.waitFor({ timeout: 180_000 });
    const note = panel.getByTestId('controls-not-allowed');
    await note.waitFor({ timeout: 60_000 });
    assert.match((await note.textContent()) ?? '', /dpra\.pipeline\.operate/);
    const buttons = panel.locator('button[data-testid^="control-"]');
    assert.ok((await buttons.count()) > 0);
    for (const button of await buttons.all())
      assert.equal(await button.isDisabled(), true);
    for (const width of [1600, 1024, 390]) {
      await session.page.setViewportSize({ width, height: 1000 });
      await session.page.waitForTimeout(500);
      await panel.screenshot({
        path: path.join(screenshots, `stage-controls-not-allowed-${width}.png`),
      });
    }
  });
});
