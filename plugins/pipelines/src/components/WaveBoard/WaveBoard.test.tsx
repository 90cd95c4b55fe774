import { renderInTestApp } from '@backstage/test-utils';
import { act, screen, within } from '@testing-library/react';
import { makeDemoPipeline } from '../../testing/fixtures';
import { pipelineWithPreviousProd } from '../../testing';
import { stageRevisions } from '../Revision';
import { WaveBoard } from './WaveBoard';

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'orders-service',
};

describe('WaveBoard', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows the revision each wave holds, "previous" and how far behind when the newest run has not reached it', async () => {
    const { pipeline, executions, previous } = pipelineWithPreviousProd();
    await renderInTestApp(
      <WaveBoard
        pipeline={pipeline}
        entityRef={entityRef}
        revisions={stageRevisions(pipeline, executions)}
      />,
    );
    const sha = previous.sourceRevisions[0].revisionId!;
    const wave1 = screen.getByTestId('wave-1-revision');
    expect(wave1).toHaveTextContent(
      new RegExp(
        `^${sha.slice(
          0,
          7,
        )}(, Opens in a new window)? · previous, 1 run, 3 h behind$`,
      ),
    );
    expect(wave1).toHaveAttribute('title', 'Change number 4');
    expect(within(wave1).getByRole('link')).toHaveAttribute(
      'href',
      previous.sourceRevisions[0].revisionUrl,
    );
    expect(screen.getByTestId('wave-3-revision')).toHaveTextContent(
      sha.slice(0, 7),
    );
  });

  it('renders a cell per wave and region with status, one-box and alarm state', async () => {
    await renderInTestApp(
      <WaveBoard
        pipeline={makeDemoPipeline({ scenario: 'succeeded', now: Date.now() })}
        entityRef={entityRef}
      />,
    );
    const cell = screen.getByTestId('wave-cell-3-us-west-2');
    expect(within(cell).getByText('Succeeded')).toBeInTheDocument();
    expect(within(cell).getByText('One-box: Succeeded')).toBeInTheDocument();
    expect(within(cell).getByText('Alarms OK (1)')).toBeInTheDocument();
    // The alarm watching the cell is named, and opens its history.
    expect(
      within(cell).getByRole('button', {
        name: 'History of alarm orders-service-high-severity in us-west-2',
      }),
    ).toHaveTextContent(/^orders-service-high-severity$/);
    expect(cell).toHaveAttribute(
      'aria-label',
      expect.stringContaining(
        'Wave 3, us-west-2: Succeeded, one-box Succeeded',
      ),
    );
    // Wave 1 does not deploy to us-west-2.
    expect(
      screen.getByLabelText('Wave 1 does not deploy to us-west-2'),
    ).toBeInTheDocument();
  });

  it('counts the bake time down live', async () => {
    jest.useFakeTimers({
      now: Date.parse('2026-01-15T12:00:00Z'),
      advanceTimers: true,
    });
    const now = Date.now();
    await renderInTestApp(
      <WaveBoard
        pipeline={makeDemoPipeline({ scenario: 'baking', now })}
        entityRef={entityRef}
      />,
    );
    const bake = screen.getByTestId('wave-cell-1-eu-west-1-bake');
    const first = bake.textContent;
    expect(first).toMatch(/^Baking: 45m \d\ds left$/);
    act(() => {
      jest.advanceTimersByTime(65_000);
    });
    expect(
      screen.getByTestId('wave-cell-1-eu-west-1-bake').textContent,
    ).toMatch(/^Baking: 44m \d\ds left$/);
    // The next wave is not baking.
    expect(screen.queryByTestId('wave-cell-2-us-east-1-bake')).toBeNull();
  });

  it('shows blockers with their reasons', async () => {
    await renderInTestApp(
      <WaveBoard
        pipeline={makeDemoPipeline({ scenario: 'blocked', now: Date.now() })}
        entityRef={entityRef}
      />,
    );
    const blockers = screen
      .getAllByTestId('wave-2-blocker')
      .map(b => b.textContent);
    expect(blockers).toEqual([
      'Blocked: Deployment window closed: deploys may start Mon–Thu 08:00–17:59 Europe/Berlin',
      'Blocked: Alarm org-deployment-blocker is in ALARM',
    ]);
    // The blocker alarm's name opens its history, in the region it lives in.
    expect(
      within(screen.getAllByTestId('wave-2-blocker')[1]).getByRole('button', {
        name: 'History of alarm org-deployment-blocker in eu-west-1',
      }),
    ).toHaveTextContent(/^org-deployment-blocker$/);
    expect(
      within(screen.getAllByTestId('wave-2-blocker')[0]).queryByRole('button'),
    ).toBeNull();
    expect(
      within(screen.getByTestId('wave-cell-2-us-east-1')).getByText('Blocked'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('wave-1-blocker')).toBeNull();
  });

  it('shows an alarm in ALARM in the failed region', async () => {
    await renderInTestApp(
      <WaveBoard
        pipeline={makeDemoPipeline({ scenario: 'failed', now: Date.now() })}
        entityRef={entityRef}
      />,
    );
    const cell = screen.getByTestId('wave-cell-1-eu-west-1');
    expect(within(cell).getByText('Failed')).toBeInTheDocument();
    // The name in the state line is a button, so the sentence spans several nodes.
    const button = within(cell).getByRole('button', {
      name: 'History of alarm orders-service-high-severity in eu-west-1',
    });
    expect(button).toHaveTextContent(/^orders-service-high-severity$/);
    const stateLine = button.parentElement!;
    expect(stateLine).toHaveTextContent(
      /^Alarm: orders-service-high-severity in ALARM$/,
    );
    // In the error colours of an alarm in ALARM.
    expect(
      within(stateLine.parentElement!).getByTestId('status-error'),
    ).toBeInTheDocument();
    // The other alarm of the region is still there to open.
    expect(
      within(cell).getByRole('button', {
        name: 'History of alarm org-deployment-blocker in eu-west-1',
      }),
    ).toBeInTheDocument();
    expect(within(cell).getByText(/^Also watching:/)).toBeInTheDocument();
    // A region whose alarms are fine shows no alarm in ALARM.
    expect(
      within(screen.getByTestId('wave-cell-2-us-east-1')).getByText(
        'Alarms OK (1)',
      ),
    ).toBeInTheDocument();
  });
});
