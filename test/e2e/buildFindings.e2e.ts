/*
 * Browser test of the findings a generated build imports (issue 11), against the running local
 * portal. Registered by portal.e2e.test.ts, whose portal and browser it shares. The local world
 * made the finding by running the app pipeline's synthesized import step (Trivy's ASFF document,
 * Debian's jq, BatchImportFindings); the tab must show it for the run that reported it.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  ExecutionsResponse,
  FindingView,
  FindingsResponse,
} from '@dpra/plugin-pipelines-common';
import { openAsGuest, shootAtWidths } from './lib/browser';
import { type PortalSession, screenshots } from './lib/session';

const ENTITY = 'component/default/orders-service';
/** examples/specs/app-service.yaml's pipeline and its SCA action. */
const PIPELINE = 'orders-service';
const SCA = 'SCA';

export function buildFindingsTest(session: PortalSession) {
  it("shows an app pipeline's SCA finding, imported by its generated build step, for the run that reported it", async () => {
    const { backendUrl, appUrl } = session.portal;
    const { headers } = session;
    const base = `${backendUrl}/api/pipelines/entities/${ENTITY}`;
    let sca: FindingView | undefined;
    const deadline = Date.now() + 180_000;
    while (!sca && Date.now() < deadline) {
      const res = await fetch(`${base}/findings`, { headers });
      assert.equal(res.status, 200);
      const { findings } = (await res.json()) as FindingsResponse;
      sca = findings.find(
        f =>
          f.action === SCA &&
          f.tool === 'Trivy' &&
          f.executionId &&
          f.pipelineArn?.endsWith(`:${PIPELINE}`),
      );
      if (!sca) await new Promise(r => setTimeout(r, 2000));
    }
    assert.ok(sca, `${PIPELINE} has an SCA finding stamped with its run`);
    const executions = await fetch(
      `${base}/executions?${new URLSearchParams({
        pipelineArn: sca.pipelineArn!,
        limit: '100',
      })}`,
      { headers },
    );
    assert.equal(executions.status, 200);
    const { executions: runs } =
      (await executions.json()) as ExecutionsResponse;
    assert.ok(
      runs.some(r => r.id === sca!.executionId),
      `run ${sca.executionId} is an execution of ${PIPELINE}`,
    );

    const page = await session.browser.newPage({
      viewport: { width: 1600, height: 1000 },
    });
    try {
      await openAsGuest(
        page,
        `${appUrl}/catalog/default/component/orders-service/pipelines`,
      );
      const findings = page.getByTestId('findings');
      await findings.waitFor({ timeout: 120_000 });
      const row = findings
        .getByRole('row')
        .filter({
          hasText: `${PIPELINE} · run ${sca.executionId!.slice(0, 8)} · ${SCA}`,
        })
        .filter({ hasText: sca.title })
        .first();
      // The screenshots are full-page: no scrolling to the row, which the tab's live updates may
      // draw again at any moment (scrolling to it then failed on a detached element).
      await row.waitFor({ timeout: 60_000 });
      await shootAtWidths(page, screenshots, 'sca-finding');
    } finally {
      await page.close();
    }
  });
}
