import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { pipelinesApiRef } from '../../api';
import { PipelinesInboxCard, PipelinesInboxPage } from '../../plugin';
import { Route, Routes } from 'react-router-dom';
import { MockPipelinesApi, makeResponseError } from '../../testing';

// The machine running these is shared; dialogs and user events take seconds there, tens of seconds
// while browser tests run beside them.
jest.setTimeout(60_000);

function render(api: MockPipelinesApi, element = <PipelinesInboxPage />) {
  return renderInTestApp(
    <TestApiProvider apis={[[pipelinesApiRef, api]]}>
      {/* The routable page needs a path, as the app's route gives it. */}
      <Routes>
        <Route path="/*" element={element} />
      </Routes>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('the approvals inbox', () => {
  it('lists what waits, with revision, age and what approving promotes, and approves inline', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    const [pending] = (await api.getPendingApprovals()).items;
    await render(api);
    const entry = await screen.findByTestId('inbox-approval');
    expect(entry).toHaveTextContent(pending.pipelineName);
    expect(entry).toHaveTextContent(
      `${pending.stageName} / ${pending.actionName}`,
    );
    expect(within(entry).getByTestId('inbox-promotes')).toHaveTextContent(
      `Approving promotes to ${
        pending.promotes!.stageName
      } (wave 1): ${pending.promotes!.regions.join(', ')}`,
    );
    expect(
      within(entry).getByRole('link', { name: /orders-service/ }),
    ).toBeInTheDocument();

    await userEvent.click(within(entry).getByTestId('inbox-review'));
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Approval comment' }),
      'ship it',
    );
    await userEvent.click(screen.getByTestId('approval-approve'));
    await waitFor(() =>
      expect(screen.queryByTestId('inbox-approval')).toBeNull(),
    );
    expect(screen.getByTestId('approval-decided')).toHaveTextContent(
      'Approved',
    );
    expect(api.calls.find(c => c.method === 'decideApproval')?.args).toEqual([
      { kind: 'component', namespace: 'default', name: 'orders-service' },
      expect.objectContaining({
        token: pending.token,
        decision: 'Approved',
        comment: 'ship it',
      }),
    ]);
    expect(
      await screen.findByText('Nothing is waiting for your approval'),
    ).toBeInTheDocument();
  });

  it('keeps the dialog and the typed comment on a 409, and refetches', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    const conflict = await makeResponseError(
      409,
      'ConflictError',
      'Already decided by user:default/jane at 2026-12-02T01:00:00.000Z: rejected; refresh to see the new state',
    );
    const realDecide = api.decideApproval.bind(api);
    api.decideApproval = async (entityRef, request) => {
      await realDecide(entityRef, { ...request, decision: 'Rejected' });
      throw conflict;
    };
    await render(api);
    await userEvent.click(await screen.findByTestId('inbox-review'));
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Approval comment' }),
      'looks good',
    );
    const before = api.count('getPendingApprovals');
    await userEvent.click(screen.getByTestId('approval-approve'));
    expect(await screen.findByTestId('approval-error')).toHaveTextContent(
      'Already decided by user:default/jane',
    );
    await waitFor(() =>
      expect(api.count('getPendingApprovals')).toBeGreaterThan(before),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('inbox-approval')).toBeNull(),
    );
    expect(screen.getByTestId('approval-dialog')).toBeInTheDocument();
    expect(
      screen.getByRole('textbox', { name: 'Approval comment' }),
    ).toHaveValue('looks good');
    expect(screen.getByTestId('approval-approve')).toBeDisabled();
  });

  it('shows the oldest approvals on the card, with a link to the inbox', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    await render(api, <PipelinesInboxCard inboxLink="/approvals" />);
    expect(
      await screen.findByText('Waiting for my approval'),
    ).toBeInTheDocument();
    expect(await screen.findAllByTestId('inbox-approval')).toHaveLength(1);
    expect(screen.getByText('Open the inbox')).toBeInTheDocument();
  });
});
