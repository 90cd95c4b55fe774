import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { PIPELINES_ANNOTATION } from '@dpra/plugin-pipelines-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { pipelinesApiRef } from '../../api';
import { EntityPipelinesContent } from '../../plugin';
import { Route, Routes } from 'react-router-dom';
import {
  MockPipelinesApi,
  makeDemoPipeline,
  makeResponseError,
} from '../../testing';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: {
      [PIPELINES_ANNOTATION]:
        'arn:aws:codepipeline:eu-west-1:111122223333:orders-service',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

async function renderContent(
  api: MockPipelinesApi | Record<string, unknown>,
  e: Entity = entity,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[pipelinesApiRef, api]]}>
      <EntityProvider entity={e}>
        {/* The routable extension needs a path, as EntityLayout.Route gives it in the app. */}
        <Routes>
          <Route path="/*" element={<EntityPipelinesContent />} />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
  );
}

// The machine running these is shared; dialogs and user events take a few seconds there, and
// under the whole suite on two loaded cores a test of the full tab took up to 25 s.
jest.setTimeout(40_000);

describe('EntityPipelinesContent', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('renders phases, the wave board and the pending approval, and marks the entity viewed once', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    await renderContent(api);
    expect(await screen.findByTestId('wave-board')).toBeInTheDocument();
    expect(screen.getByTestId('pipeline-phases')).toBeInTheDocument();
    expect(screen.getByTestId('wave-cell-1-eu-west-1')).toBeInTheDocument();
    expect(screen.getByTestId('approval-banner')).toHaveTextContent(
      'Approval pending: orders-service / Approval / ManualApproval',
    );
    // The rest of the tab: metrics, findings and the execution history.
    expect(await screen.findByTestId('delivery-metrics')).toBeInTheDocument();
    expect(await screen.findByTestId('findings')).toBeInTheDocument();
    expect(await screen.findByTestId('execution-history')).toBeInTheDocument();
    expect(api.count('markEntityViewed')).toBe(1);
    expect(
      api.calls.find(c => c.method === 'markEntityViewed')?.args[0],
    ).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'orders-service',
    });
  });

  it('shows a progress bar while loading', async () => {
    const api = new MockPipelinesApi();
    api.getEntityPipelines = () => new Promise(() => {});
    await renderContent(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('asks for the findings, metrics and executions together with the pipelines, not after them', async () => {
    const api = new MockPipelinesApi();
    api.getEntityPipelines = () => new Promise(() => {});
    await renderContent(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        (['getFindings', 'getMetrics', 'getExecutions'] as const).map(m =>
          api.count(m),
        ),
      ).toEqual([1, 1, 1]),
    );
  });

  it('explains the missing annotation', async () => {
    const api = new MockPipelinesApi();
    await renderContent(api, {
      ...entity,
      metadata: { name: 'bare', annotations: {} },
    });
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(
      screen.getAllByText(new RegExp(PIPELINES_ANNOTATION)).length,
    ).toBeGreaterThan(0);
    expect(api.count('getEntityPipelines')).toBe(0);
  });

  it('shows the server error', async () => {
    const api = new MockPipelinesApi();
    const error = await makeResponseError(
      403,
      'NotAllowedError',
      'You may not read these pipelines',
    );
    api.getEntityPipelines = async () => {
      throw error;
    };
    await renderContent(api);
    expect(
      (await screen.findAllByText(/You may not read these pipelines/)).length,
    ).toBeGreaterThan(0);
  });

  it('explains that no AWS accounts are configured', async () => {
    const api = new MockPipelinesApi();
    api.pipelines = { ...api.pipelines, pipelines: [], problems: [] };
    api.status = { source: { kind: 'aws', label: 'AWS' }, targets: 0 };
    await renderContent(api);
    expect(
      await screen.findByText(
        'No AWS accounts are configured for the pipelines backend',
      ),
    ).toBeInTheDocument();
  });

  it('lists references that cannot be shown, with the reason', async () => {
    const api = new MockPipelinesApi();
    api.pipelines = {
      ...api.pipelines,
      pipelines: [],
      problems: [
        {
          reference: '999999999999/eu-west-1/payments',
          message: 'Account 999999999999 is not allowed by config',
        },
      ],
    };
    await renderContent(api);
    expect(
      await screen.findByText('None of the annotated pipelines can be shown'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Account 999999999999 is not allowed by config'),
    ).toBeInTheDocument();
  });

  it('marks stale data and local demo data', async () => {
    const api = new MockPipelinesApi({ local: true });
    api.pipelines = {
      ...api.pipelines,
      pipelines: [
        makeDemoPipeline({
          scenario: 'succeeded',
          now: Date.now(),
          staleReason: 'AWS throttled the request (ThrottlingException)',
        }),
      ],
    };
    await renderContent(api);
    expect(await screen.findByTestId('stale-note')).toHaveTextContent(
      'Last updated 3 min ago — AWS throttled the request (ThrottlingException)',
    );
    expect(screen.getByTestId('local-source-label')).toHaveTextContent(
      'Local AWS scenario (demo data)',
    );
  });

  it('disables the review button with the reason when the user may not decide', async () => {
    const api = new MockPipelinesApi({
      canDecideApprovals: false,
      now: Date.now(),
    });
    await renderContent(api);
    const button = await screen.findByTestId('approval-review');
    expect(button).toBeDisabled();
    expect(screen.getByTestId('approval-not-allowed')).toHaveTextContent(
      'You are not allowed to approve or reject for this entity',
    );
  });

  it('approves with a comment and shows the next wave starting without a reload', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    await renderContent(api);
    await userEvent.click(await screen.findByTestId('approval-review'));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByLabelText('Approval comment'));
    await userEvent.paste('Looks good');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );

    await waitFor(() =>
      expect(screen.queryByTestId('approval-banner')).toBeNull(),
    );
    // Said once, from the recorded facts: who by display name, when, and the comment as typed.
    expect(screen.getByTestId('approval-decided')).toHaveTextContent(
      /^Approved by Guest \(local portal\) · just now · “Looks good”$/,
    );
    expect(
      api.calls.find(c => c.method === 'decideApproval')?.args[1],
    ).toMatchObject({
      stageName: 'Approval',
      actionName: 'ManualApproval',
      decision: 'Approved',
      comment: 'Looks good',
      token: expect.any(String),
    });
    const cell = screen.getByTestId('wave-cell-1-eu-west-1');
    expect(cell).toHaveAttribute(
      'aria-label',
      expect.stringContaining('Wave 1, eu-west-1: In progress'),
    );
  });

  it('does not offer a decided approval again while the store still lists it', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    const stillPending = api.pipelines;
    const decide = api.decideApproval.bind(api);
    api.decideApproval = async (entityRef, request) => {
      const result = await decide(entityRef, request);
      // The backend has not refreshed yet: it still serves the old state.
      api.pipelines = stillPending;
      return result;
    };
    await renderContent(api);
    await userEvent.click(await screen.findByTestId('approval-review'));
    const before = api.count('getEntityPipelines');
    await userEvent.click(await screen.findByTestId('approval-approve'));
    expect(await screen.findByTestId('approval-decided')).toBeInTheDocument();
    // Wait for the refetch that still lists the approval to be rendered.
    await waitFor(() =>
      expect(api.count('getEntityPipelines')).toBeGreaterThan(before),
    );
    await act(async () => {});
    expect(screen.queryByTestId('approval-banner')).toBeNull();
  });

  it('rejects and shows the approval stage failed', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    await renderContent(api);
    await userEvent.click(await screen.findByTestId('approval-review'));
    await userEvent.click(await screen.findByTestId('approval-reject'));
    await waitFor(() =>
      expect(screen.queryByTestId('approval-banner')).toBeNull(),
    );
    expect(screen.getByTestId('stage-Approval')).toHaveAttribute(
      'aria-label',
      'Stage Approval: Failed',
    );
  });

  it('keeps the decision, by display name and with its comment, on the stage and in the history once the banner is gone', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    await renderContent(api);
    await userEvent.click(await screen.findByTestId('approval-review'));
    await userEvent.click(
      screen.getByRole('textbox', { name: 'Approval comment' }),
    );
    await userEvent.paste('not with this error rate');
    await userEvent.click(await screen.findByTestId('approval-reject'));
    const notice = await screen.findByTestId('approval-decided');
    await userEvent.click(
      within(notice).getByRole('button', { name: /close/i }),
    );
    expect(screen.queryByTestId('approval-decided')).toBeNull();

    const onStage = await screen.findByTestId('stage-Approval-decision');
    expect(onStage).toHaveTextContent(
      /^Rejected by Guest \(local portal\) · just now · “not with this error rate”$/,
    );
    expect(onStage).toHaveAttribute(
      'title',
      expect.stringMatching(/^user:default\/guest at /),
    );
    // AWS's summary of the decision is not shown beside it.
    expect(screen.getByTestId('stage-Approval')).not.toHaveTextContent(
      'in Backstage by',
    );
    const history = within(screen.getByTestId('execution-history'));
    expect(
      history.getByText(
        /^Rejected by Guest \(local portal\) · just now · “not with this error rate”$/,
      ),
    ).toBeInTheDocument();
  });

  it('keeps the dialog open on a 409 with who decided first, and refetches', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    const conflict = await makeResponseError(
      409,
      'ConflictError',
      'Already decided by user:default/jane at 2026-12-02T01:00:00.000Z: rejected; refresh to see the new state',
    );
    const realDecide = api.decideApproval.bind(api);
    api.decideApproval = async (entityRef, request) => {
      // Another tab decided first: the approval is gone from the next fetch.
      await realDecide(entityRef, { ...request, decision: 'Rejected' });
      throw conflict;
    };
    await renderContent(api);
    await userEvent.click(await screen.findByTestId('approval-review'));
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Approval comment' }),
      'looks good',
    );
    const before = api.count('getEntityPipelines');
    await userEvent.click(await screen.findByTestId('approval-approve'));
    expect(await screen.findByTestId('approval-error')).toHaveTextContent(
      `Already decided by user:default/jane at ${new Date(
        '2026-12-02T01:00:00.000Z',
      ).toLocaleString()}: rejected — refresh to see the new state.`,
    );
    await waitFor(() =>
      expect(api.count('getEntityPipelines')).toBeGreaterThan(before),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('approval-banner')).toBeNull(),
    );
    // The banner is gone, the dialog is not: the message and the typed text stay.
    expect(screen.getByTestId('approval-dialog')).toBeInTheDocument();
    expect(screen.getByTestId('approval-error')).toBeInTheDocument();
    expect(
      screen.getByRole('textbox', { name: 'Approval comment' }),
    ).toHaveValue('looks good');
    expect(screen.getByTestId('approval-approve')).toBeDisabled();
  });

  it('keeps the dialog open with the comment when AWS did not confirm the decision (202)', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    const reconciled =
      'AWS did not confirm your decision in time; it may have been sent, and its outcome will be reconciled with AWS shortly';
    api.decideApproval = async (_entityRef, request) => ({
      decision: request.decision,
      decidedBy: 'user:default/guest',
      decidedAt: new Date().toISOString(),
      summary: `${request.decision} by user:default/guest`,
      outcome: 'unknown',
      message: reconciled,
    });
    await renderContent(api);
    await userEvent.click(await screen.findByTestId('approval-review'));
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Approval comment' }),
      'ship it',
    );
    const before = api.count('getEntityPipelines');
    await userEvent.click(await screen.findByTestId('approval-approve'));
    expect(
      await screen.findByTestId('approval-unknown-outcome'),
    ).toHaveTextContent(reconciled);
    // The view behind is re-read; the dialog, its comment and the decision buttons stay.
    await waitFor(() =>
      expect(api.count('getEntityPipelines')).toBeGreaterThan(before),
    );
    expect(screen.getByTestId('approval-dialog')).toBeInTheDocument();
    expect(screen.queryByTestId('approval-error')).toBeNull();
    // Not a decision yet: no "decided" notice, and the approval is still listed as pending.
    expect(screen.queryByTestId('approval-decided')).toBeNull();
    expect(screen.queryByTestId('approval-decided-elsewhere')).toBeNull();
    expect(screen.getByTestId('approval-banner')).toBeInTheDocument();
    expect(
      screen.getByRole('textbox', { name: 'Approval comment' }),
    ).toHaveValue('ship it');
    expect(screen.getByTestId('approval-approve')).toBeEnabled();
  });

  it('says so when the open approval is decided elsewhere, and keeps the typed comment', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    const api = new MockPipelinesApi({ now: Date.now() });
    await renderContent(api);
    await userEvent.click(await screen.findByTestId('approval-review'));
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Approval comment' }),
      'half-written',
    );
    const [pipeline] = api.pipelines.pipelines;
    const [approval] = pipeline.pendingApprovals;
    // Another tab rejects; this tab's next poll sees the approval gone.
    await api.decideApproval(
      { kind: 'component', namespace: 'default', name: 'orders-service' },
      {
        pipelineArn: approval.pipelineArn,
        stageName: approval.stageName,
        actionName: approval.actionName,
        token: approval.token,
        decision: 'Rejected',
      },
    );
    await act(async () => {
      jest.advanceTimersByTime(5_100);
    });
    await waitFor(() =>
      expect(screen.queryByTestId('approval-banner')).toBeNull(),
    );
    expect(
      await screen.findByTestId('approval-decided-elsewhere'),
    ).toHaveTextContent('decided elsewhere');
    expect(
      screen.getByRole('textbox', { name: 'Approval comment' }),
    ).toHaveValue('half-written');
    expect(screen.getByTestId('approval-approve')).toBeDisabled();
  });

  it('shows a forbidden (403) decision plainly', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    const forbidden = await makeResponseError(
      403,
      'NotAllowedError',
      'Access denied by policy',
    );
    api.decideApproval = async () => {
      throw forbidden;
    };
    await renderContent(api);
    await userEvent.click(await screen.findByTestId('approval-review'));
    await userEvent.click(await screen.findByTestId('approval-approve'));
    expect(await screen.findByTestId('approval-error')).toHaveTextContent(
      'You are not allowed to decide this approval: the permission dpra.approval.decide on this entity is missing (Access denied by policy).',
    );
  });

  it("opens an alarm's history for the entity from the wave board", async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    await renderContent(api);
    const cell = await screen.findByTestId('wave-cell-2-us-east-1');
    await userEvent.click(
      within(cell).getByRole('button', {
        name: 'History of alarm orders-service-high-severity in us-east-1',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'orders-service-high-severity (us-east-1)',
    });
    expect(
      await within(dialog).findByTestId('alarm-history-table'),
    ).toBeVisible();
    expect(api.calls.filter(c => c.method === 'getAlarmHistory')).toEqual([
      {
        method: 'getAlarmHistory',
        args: [
          { kind: 'Component', namespace: 'default', name: 'orders-service' },
          {
            pipelineArn: api.pipelines.pipelines[0].arn,
            region: 'us-east-1',
            alarmName: 'orders-service-high-severity',
          },
        ],
      },
    ]);
  });

  it('polls every 5 s while an approval is pending, and keeps the data on a failed poll', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    const api = new MockPipelinesApi({ now: Date.now() });
    await renderContent(api);
    await screen.findByTestId('wave-board');
    expect(api.count('getEntityPipelines')).toBe(1);
    await act(async () => {
      jest.advanceTimersByTime(5_100);
    });
    expect(api.count('getEntityPipelines')).toBe(2);

    const unavailable = await makeResponseError(
      503,
      'ServiceUnavailableError',
      'Store unavailable',
    );
    api.getEntityPipelines = async () => {
      throw unavailable;
    };
    await act(async () => {
      jest.advanceTimersByTime(5_100);
    });
    expect(await screen.findByTestId('refetch-error')).toHaveTextContent(
      'Store unavailable',
    );
    expect(screen.getByTestId('wave-board')).toBeInTheDocument();
  });

  it('fetches the executions again when the pipelines change, and the findings and metrics when the set of pipelines does', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    const api = new MockPipelinesApi({ now: Date.now() });
    await renderContent(api);
    await screen.findByTestId('wave-board');
    await screen.findByTestId('execution-history');
    const counts = () =>
      (['getExecutions', 'getFindings', 'getMetrics'] as const).map(m =>
        api.count(m),
      );
    expect(counts()).toEqual([1, 1, 1]);

    // The same answer on the next poll: nothing else is asked for.
    await act(async () => {
      jest.advanceTimersByTime(5_100);
    });
    expect(api.count('getEntityPipelines')).toBe(2);
    expect(counts()).toEqual([1, 1, 1]);

    // The backend's next read found a second pipeline (as after its first read of the entity).
    const original = api.getEntityPipelines.bind(api);
    api.getEntityPipelines = async ref => {
      const answer = await original(ref);
      const [first] = answer.pipelines;
      return {
        ...answer,
        pipelines: [
          ...answer.pipelines,
          { ...first, arn: `${first.arn}-infra`, name: 'orders-infra' },
        ],
      };
    };
    await act(async () => {
      jest.advanceTimersByTime(5_100);
    });
    expect(
      await screen.findByTestId('pipeline-orders-infra'),
    ).toBeInTheDocument();
    await waitFor(() => expect(counts()).toEqual([2, 2, 2]));
  });
});
