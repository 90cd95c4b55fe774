/*
 * The software templates end to end on the local portal, in headless Chromium: fill a template's
 * form, review, Create; the task publishes to a repository on this portal (publish:dpra-local),
 * registers the entity and hands the pipeline spec to the local AWS scenario, whose pipeline the
 * new entity's Pipelines tab shows running its first execution. Run by `npm run test:all`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { ExecutionsResponse } from '@dpra/plugin-pipelines-common';
import { TEMPLATE_VALUES } from '../../plugins/scaffolder-backend-module-pipelines/src/testing/templateValues';
import { openAsGuest, shootAtWidths } from './lib/browser';
import { guestToken } from './lib/portal';
import { screenshots, withPortalAndBrowser } from './lib/session';

/** One run per template, with names no example entity or pipeline uses. */
const RUNS = [
  {
    dir: 'app-service',
    template: 'dpra-app-service',
    name: 'checkout-service',
    shots: 'template-app',
  },
  {
    dir: 'ami-build',
    template: 'dpra-ami-build',
    name: 'hardened-ami',
    shots: 'template-ami',
  },
  {
    dir: 'account-fleet',
    template: 'dpra-account-fleet',
    name: 'sandbox-fleet',
    shots: 'template-fleet',
  },
] as const;

function formValues(run: (typeof RUNS)[number]) {
  const values = TEMPLATE_VALUES[run.dir]();
  values.name = run.name;
  values.source = { ...values.source, repository: `example-org/${run.name}` };
  values.publish = 'local';
  if (run.dir === 'app-service') {
    // A required check off with its reason: the reason lands in the spec and on the tab.
    values.checks = { ...values.checks, sast: false };
    values.waivers = [{ check: 'build.checks.sast', reason: SAST_REASON }];
  }
  return values;
}

const SAST_REASON = "Semgrep runs in the monorepo's nightly job (SEC-142)";

describe('software templates on the local portal', { timeout: 900_000 }, () => {
  const session = withPortalAndBrowser();

  /** Fills the form from `values` (the wizard's formData query), steps to the review and creates. */
  async function createFromTemplate(run: (typeof RUNS)[number]) {
    const formData = encodeURIComponent(JSON.stringify(formValues(run)));
    await openAsGuest(
      session.page,
      `${session.portal.appUrl}/create/templates/default/${run.template}?formData=${formData}`,
    );
    await session.page
      .getByRole('button', { name: /^(Next|Review)$/ })
      .waitFor({ timeout: 120_000 });
    await shootAtWidths(session.page, screenshots, `${run.shots}-form`);
    const create = session.page.getByRole('button', { name: 'Create' });
    for (let step = 0; step < 10 && !(await create.isVisible()); step++) {
      await session.page
        .getByRole('button', { name: /^(Next|Review)$/ })
        .click();
      await session.page.waitForTimeout(500);
      // The destination field: this portal offered, GitHub disabled with the reason.
      const destination = session.page.getByTestId('dpra-publish-target');
      if (step === 0 && (await destination.isVisible())) {
        await session.page
          .getByTestId('dpra-publish-target-github-reason')
          .waitFor({ timeout: 30_000 });
        assert.equal(
          await destination
            .getByRole('radio', { name: /^GitHub/ })
            .isDisabled(),
          true,
        );
        assert.equal(
          await destination
            .getByRole('radio', { name: /^This portal/ })
            .isChecked(),
          true,
        );
        await shootAtWidths(
          session.page,
          screenshots,
          `${run.shots}-destination`,
        );
      }
    }
    await create.waitFor({ timeout: 30_000 });
    await shootAtWidths(session.page, screenshots, `${run.shots}-review`);
    await create.click();
    await session.page.waitForURL(/\/create\/tasks\//, { timeout: 60_000 });
    // Generation synthesizes every stack in-process: allow for a loaded machine.
    const open = session.page.getByRole('link', { name: 'Open in catalog' });
    try {
      await open.waitFor({ timeout: 300_000 });
    } catch (error) {
      await session.page.screenshot({
        path: path.join(screenshots, `${run.shots}-task-failure.png`),
        fullPage: true,
      });
      throw error;
    }
    await shootAtWidths(session.page, screenshots, `${run.shots}-task`);
    return open;
  }

  it('lists the cross-field problems of the spec on the last page, every one at once, in words', async () => {
    const values = formValues(RUNS[0]);
    values.name = 'form-check-service';
    // Wave 2 repeats wave 1's region; beta shares the toolchain account.
    values.production.waves = [
      { regions: ['us-east-1'], bake: '12h', oneBox: true },
      { regions: ['us-west-2', 'us-east-1'], bake: '3h', oneBox: true },
    ];
    values.environments.beta.account = values.toolchain.account;
    // SAST off without a reason.
    values.checks = { ...values.checks, sast: false };
    values.waivers = [];
    const formData = encodeURIComponent(JSON.stringify(values));
    await openAsGuest(
      session.page,
      `${session.portal.appUrl}/create/templates/default/dpra-app-service?formData=${formData}`,
    );
    const check = session.page.getByTestId('dpra-pipeline-spec-check');
    for (let step = 0; step < 6 && !(await check.isVisible()); step++) {
      await session.page
        .getByRole('button', { name: /^(Next|Review)$/ })
        .click();
      await session.page.waitForTimeout(500);
    }
    await check
      .getByText('The pipeline spec has 3 problems')
      .waitFor({ timeout: 60_000 });
    const problems = await check.locator('li').allTextContents();
    assert.deepEqual(problems, [
      'Environments beta account: must differ from the toolchain account 111111111111 (DPRA: each environment in its own account)',
      'Production wave 2, region 2: deploys to us-east-1, which wave 1 already deploys to',
      'Build checks SAST: is a DPRA-required check: to turn it off, add a waiver for build.checks.sast with the reason (spec.waivers)',
    ]);
    await shootAtWidths(
      session.page,
      screenshots,
      'template-app-spec-problems',
    );

    // Review (the way to Create) is refused: the field's validation lists every problem at the
    // top of the page, and the wizard stays on this page, with no Create button.
    await session.page.getByRole('button', { name: /^Review$/ }).click();
    const refused = session.page.getByTestId('dpra-spec-check-refusal');
    const create = session.page.getByRole('button', { name: 'Create' });
    await Promise.race([
      refused.waitFor({ timeout: 60_000 }),
      create.waitFor({ timeout: 60_000 }),
    ]).catch(() => undefined);
    await session.page.screenshot({
      path: path.join(screenshots, 'template-app-review-pressed.png'),
      fullPage: true,
    });
    assert.equal(
      await create.count(),
      0,
      'no Create button while the spec has problems',
    );
    await refused.waitFor({ timeout: 60_000 });
    for (const problem of problems) {
      await session.page
        .getByText(`'Pipeline spec check' ${problem}`, { exact: true })
        .waitFor({ timeout: 30_000 });
    }
    assert.equal(await create.count(), 0, 'still no Create button');
    assert.equal(await check.isVisible(), true, 'still on the last page');
    await shootAtWidths(
      session.page,
      screenshots,
      'template-app-create-blocked',
    );
  });

  it('creates a service from the app template; its Pipelines tab shows the first execution running', async () => {
    const run = RUNS[0];
    const open = await createFromTemplate(run);

    // The task log names files as text: fetch:template's "Writing file README.md …" has no link
    // (the log viewer took README.md for a web address); every link left names its scheme.
    await session.page.getByPlaceholder('Search').fill('README.md');
    const logLines = session.page.locator('div:has(> a[href^="#line-"])');
    const readmeLine = logLines.filter({ hasText: 'Writing file README.md' });
    await readmeLine.first().waitFor({ timeout: 60_000 });
    assert.equal(await readmeLine.first().locator('span a').count(), 0);
    await session.page.getByPlaceholder('Search').fill('cdk.tf.json');
    await logLines
      .filter({ hasText: 'cdk.tf.json' })
      .first()
      .waitFor({ timeout: 60_000 });
    const logLinks = await logLines.locator('span a').allTextContents();
    for (const text of logLinks) {
      assert.match(
        text,
        /^(https?:\/\/|www\.)/,
        `a log link made of "${text}"`,
      );
    }
    await session.page.getByPlaceholder('Search').fill('');

    // Every generated file is readable from the task page, the Terraform JSON of each stack too.
    const files = session.page.getByRole('navigation', {
      name: 'Generated files',
    });
    const toolchainStack = files.getByText(
      `pipeline/cdktf.out/stacks/${run.name}-toolchain/cdk.tf.json`,
      { exact: true },
    );
    await toolchainStack.click();
    const content = session.page.getByTestId('dpra-generated-file-content');
    await content
      .getByText('"aws_codepipeline"', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    const stack = JSON.parse((await content.textContent()) ?? '');
    assert.ok(
      stack.resource.aws_codepipeline,
      'the toolchain stack declares the pipeline',
    );
    await toolchainStack.scrollIntoViewIfNeeded();
    await shootAtWidths(
      session.page,
      screenshots,
      `${run.shots}-generated-file`,
    );
    await open.click();
    await session.page.waitForURL(
      new RegExp(`/catalog/default/component/${run.name}`),
      { timeout: 60_000 },
    );
    const tab = session.page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Pipelines' });
    await tab.waitFor({ timeout: 60_000 });
    await tab.click();
    await session.page
      .getByTestId(`pipeline-${run.name}`)
      .waitFor({ timeout: 120_000 });

    // The backend read the new pipeline from the local AWS scenario: its first execution runs.
    const token = await guestToken(session.portal.backendUrl);
    const res = await fetch(
      `${session.portal.backendUrl}/api/pipelines/entities/component/default/${run.name}/executions?limit=5`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    assert.equal(res.status, 200, await res.clone().text());
    const { executions } = (await res.json()) as ExecutionsResponse;
    assert.equal(
      executions.length,
      1,
      'a new pipeline has exactly its first execution',
    );
    assert.equal(executions[0].status, 'InProgress');
    await session.page
      .getByTestId('pipeline-phases')
      .first()
      .waitFor({ timeout: 60_000 });
    // The reason written in the spec is on the tab, read back from the pipeline's tags.
    const waived = session.page.getByTestId(`waived-checks-${run.name}`);
    await waived.waitFor({ timeout: 120_000 });
    assert.ok(
      ((await waived.textContent()) ?? '').includes(
        `SAST (static application security testing) is off (spec.build.checks.sast): ${SAST_REASON}`,
      ),
      `the tab names the waived check with its reason: ${await waived.textContent()}`,
    );
    await shootAtWidths(
      session.page,
      screenshots,
      `${run.shots}-pipelines-tab`,
    );
  });

  for (const run of RUNS.slice(1)) {
    it(`creates from the ${run.dir} template down to a registered entity`, async () => {
      const open = await createFromTemplate(run);
      await open.click();
      await session.page.waitForURL(
        new RegExp(`/catalog/default/component/${run.name}`),
        { timeout: 60_000 },
      );
      await session.page
        .getByRole('heading', { name: run.name })
        .first()
        .waitFor({ timeout: 60_000 });
      await shootAtWidths(session.page, screenshots, `${run.shots}-entity`);
    });
  }
});
