import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import type {
  AlarmHistoryItem,
  AlarmHistoryResponse,
} from '@dpra/plugin-pipelines-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openAlarmHistory } from '../../testing/alarmHistory';
import { PipelinesApi, pipelinesApiRef } from '../../api';
import {
  MockPipelinesApi,
  makeDemoPipeline,
  makeResponseError,
} from '../../testing';
import { WaveBoard } from '../WaveBoard';
import { AlarmHistoryDialog } from './AlarmHistoryDialog';

// The machine running these is shared; dialogs and user events take a few seconds there.
jest.setTimeout(20_000);

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'orders-service',
};
const pipelineArn =
  'arn:aws:codepipeline:eu-west-1:111122223333:orders-service';
const alarmName = 'orders-service-high-severity';
const region = 'us-east-1';

const HOUR = 3600_000;

function item(
  msAgo: number,
  oldState: AlarmHistoryItem['oldState'],
  newState: AlarmHistoryItem['newState'],
  reason?: string,
): AlarmHistoryItem {
  return {
    timestamp: new Date(Date.now() - msAgo).toISOString(),
    oldState,
    newState,
    summary: `Alarm updated from ${oldState} to ${newState}`,
    reason,
  };
}

function historyResponse(
  overrides: Partial<AlarmHistoryResponse> = {},
): AlarmHistoryResponse {
  return {
    pipelineArn,
    region,
    alarmName,
    items: [],
    complete: true,
    freshness: {
      stale: false,
      lastRefreshedAt: new Date(Date.now() - 10_000).toISOString(),
    },
    ...overrides,
  };
}

/** An API whose getAlarmHistory is the given mock; the dialog calls nothing else. */
function apiWith(getAlarmHistory: PipelinesApi['getAlarmHistory']) {
  const api = new MockPipelinesApi();
  const mock = jest.fn(getAlarmHistory);
  api.getAlarmHistory = mock;
  return { api, mock };
}

async function renderDialog(api: PipelinesApi, onClose = jest.fn()) {
  await renderInTestApp(
    <TestApiProvider apis={[[pipelinesApiRef, api]]}>
      <AlarmHistoryDialog
        open
        entityRef={entityRef}
        pipelineArn={pipelineArn}
        region={region}
        alarmName={alarmName}
        onClose={onClose}
      />
    </TestApiProvider>,
  );
  return onClose;
}

/** Body rows of the history table: [time, change, reason] cells. */
function historyRows() {
  return within(screen.getByTestId('alarm-history-table'))
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('cell'));
}

describe('AlarmHistoryDialog', () => {
  it('shows progress while loading, then the state changes newest first', async () => {
    let resolve: (value: AlarmHistoryResponse) => void = () => {};
    const { api, mock } = apiWith(
      () =>
        new Promise<AlarmHistoryResponse>(r => {
          resolve = r;
        }),
    );
    const newest = item(1 * HOUR, 'OK', 'ALARM', 'Threshold Crossed: 3 > 1');
    const middle = item(5 * HOUR, 'INSUFFICIENT_DATA', 'OK');
    const oldest = item(
      3 * 24 * HOUR,
      'UNKNOWN',
      'INSUFFICIENT_DATA',
      'Unchecked: Initial alarm creation',
    );
    await renderDialog(api);

    const dialog = screen.getByRole('dialog', {
      name: `${alarmName} (${region})`,
    });
    expect(within(dialog).getByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByTestId('alarm-history-table')).toBeNull();
    expect(mock).toHaveBeenCalledTimes(1);
    expect(mock).toHaveBeenCalledWith(entityRef, {
      pipelineArn,
      region,
      alarmName,
    });

    // Out of order on purpose: the dialog must still list the newest change first.
    resolve(historyResponse({ items: [middle, newest, oldest] }));
    expect(await screen.findByTestId('alarm-history-table')).toBeVisible();
    expect(screen.queryByTestId('progress')).toBeNull();

    const rows = historyRows();
    expect(rows).toHaveLength(3);
    // Absolute time in the user's locale, then how long ago.
    expect(rows.map(cells => cells[0].textContent)).toEqual([
      `${new Date(newest.timestamp).toLocaleString()}1 h ago`,
      `${new Date(middle.timestamp).toLocaleString()}5 h ago`,
      `${new Date(oldest.timestamp).toLocaleString()}3 days ago`,
    ]);
    expect(within(rows[0][0]).getByText('1 h ago')).toBeInTheDocument();
    expect(rows.map(cells => cells[1].textContent)).toEqual([
      'OK→ALARM',
      'Insufficient data→OK',
      'Unknown→Insufficient data',
    ]);
    // The wave board's colours: OK green, ALARM red, missing data and unknown as warnings.
    expect(
      rows.map(cells =>
        within(cells[1])
          .getAllByTestId(/^status-/)
          .map(icon => icon.getAttribute('data-testid')),
      ),
    ).toEqual([
      ['status-ok', 'status-error'],
      ['status-warning', 'status-ok'],
      ['status-warning', 'status-warning'],
    ]);
    // The reason, or CloudWatch's summary when there is none.
    expect(rows.map(cells => cells[2].textContent)).toEqual([
      'Threshold Crossed: 3 > 1',
      'Alarm updated from INSUFFICIENT_DATA to OK',
      'Unchecked: Initial alarm creation',
    ]);
    expect(screen.queryByTestId('alarm-history-incomplete')).toBeNull();
    expect(screen.getByTestId('freshness-note')).toHaveTextContent(
      'Last updated just now',
    );
  });

  it('says when the latest state change has not been read yet', async () => {
    const { api } = apiWith(async () =>
      historyResponse({
        items: [item(2 * 24 * HOUR, 'ALARM', 'OK', 'Back to normal')],
        complete: false,
      }),
    );
    await renderDialog(api);
    expect(
      await screen.findByTestId('alarm-history-incomplete'),
    ).toHaveTextContent(
      "The alarm's latest state change is still being read from CloudWatch; it appears here after the next refresh.",
    );
    // What is already known is still listed.
    expect(historyRows().map(cells => cells[2].textContent)).toEqual([
      'Back to normal',
    ]);
  });

  it.each([
    [true, 'No state changes in the last 30 days.'],
    [false, 'No state changes have been read yet.'],
  ])(
    'shows an empty state without state changes (complete: %s)',
    async (complete, text) => {
      const { api } = apiWith(async () => historyResponse({ complete }));
      await renderDialog(api);
      expect(
        await screen.findByTestId('alarm-history-empty'),
      ).toHaveTextContent(text);
      expect(screen.queryByTestId('alarm-history-table')).toBeNull();
      expect(screen.queryByTestId('alarm-history-incomplete') !== null).toBe(
        !complete,
      );
    },
  );

  it('shows the server error in an error panel, and loads again on reload', async () => {
    const error = await makeResponseError(
      400,
      'InputError',
      `Alarm ${alarmName} in ${region} is not watched by pipeline ${pipelineArn}`,
    );
    let calls = 0;
    const { api, mock } = apiWith(async () => {
      calls += 1;
      if (calls === 1) throw error;
      return historyResponse({ items: [item(HOUR, 'OK', 'ALARM', 'Boom')] });
    });
    await renderDialog(api);
    // Backstage's response error panel, titled with the server's message.
    expect(
      await screen.findByText(
        `Error: Could not load the alarm history: Alarm ${alarmName} in ${region} is not watched by pipeline ${pipelineArn}`,
      ),
    ).toBeInTheDocument();
    // Its details name the status and the error.
    expect(screen.getByText('400: InputError')).toBeInTheDocument();
    expect(screen.queryByTestId('alarm-history-table')).toBeNull();
    expect(screen.queryByTestId('progress')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(await screen.findByTestId('alarm-history-table')).toBeVisible();
    expect(mock).toHaveBeenCalledTimes(2);
    expect(screen.queryByText('400: InputError')).toBeNull();
    expect(historyRows()[0][2]).toHaveTextContent('Boom');
  });

  it('closes with the close button', async () => {
    const { api } = apiWith(async () => historyResponse());
    const onClose = await renderDialog(api);
    await screen.findByTestId('alarm-history-empty');
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe('alarm names on the wave board', () => {
  it('open the history of that alarm of that pipeline and region', async () => {
    const pipeline = makeDemoPipeline({ scenario: 'failed', now: Date.now() });
    const api = new MockPipelinesApi();
    // The mock answers for the alarms of the pipelines it serves.
    api.pipelines = { ...api.pipelines, pipelines: [pipeline] };
    await renderInTestApp(
      <TestApiProvider apis={[[pipelinesApiRef, api]]}>
        <WaveBoard pipeline={pipeline} entityRef={entityRef} />
      </TestApiProvider>,
    );
    // Nothing is read until an alarm is opened.
    expect(api.count('getAlarmHistory')).toBe(0);
    expect(screen.queryByRole('dialog')).toBeNull();

    // The alarm in ALARM, named in the failed region's cell.
    await userEvent.click(
      within(screen.getByTestId('wave-cell-1-eu-west-1')).getByRole('button', {
        name: 'History of alarm orders-service-high-severity in eu-west-1',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'orders-service-high-severity (eu-west-1)',
    });
    expect(api.calls.filter(c => c.method === 'getAlarmHistory')).toEqual([
      {
        method: 'getAlarmHistory',
        args: [
          entityRef,
          {
            pipelineArn: pipeline.arn,
            region: 'eu-west-1',
            alarmName: 'orders-service-high-severity',
          },
        ],
      },
    ]);
    expect(
      await within(dialog).findByTestId('alarm-history-table'),
    ).toBeVisible();
    // The latest change is the one into ALARM.
    expect(historyRows()[0][1]).toHaveTextContent('OK→ALARM');

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // The same alarm name in another region's cell opens that region's alarm.
    await openAlarmHistory(
      screen.getByTestId('wave-cell-2-us-east-1'),
      'orders-service-high-severity',
      'us-east-1',
    );
    expect(
      api.calls.filter(c => c.method === 'getAlarmHistory')[1].args,
    ).toEqual([
      entityRef,
      {
        pipelineArn: pipeline.arn,
        region: 'us-east-1',
        alarmName: 'orders-service-high-severity',
      },
    ]);
    expect(historyRows()[0][1]).toHaveTextContent('ALARM→OK');
  });
});
