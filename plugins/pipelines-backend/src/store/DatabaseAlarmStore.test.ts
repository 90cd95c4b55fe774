import {
  OTHER_STORE_ARN,
  STORE_ARN,
  createTestDatabases,
  createTestStores,
  plus,
  storeLocation,
  t0,
  testSnapshot,
} from '../testing/stores';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseAlarmStore on %p',
  databaseId => {
    it('lists the alarms pipelines watch, and the pipelines watching an alarm', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      await stores.snapshotWriter.savePipelineSnapshot(
        testSnapshot({
          alarms: [
            {
              name: 'orders-prod-us-east-1-high-severity',
              type: 'composite',
              state: 'ALARM',
              region: 'us-east-1',
              stateUpdatedAt: '2026-11-23T09:00:00.000Z',
            },
          ],
        }),
      );
      expect(
        await stores.alarms.listWatchedAlarms([STORE_ARN, OTHER_STORE_ARN]),
      ).toEqual([
        {
          pipelineArn: STORE_ARN,
          region: 'us-east-1',
          name: 'orders-prod-us-east-1-high-severity',
          stateUpdatedAt: '2026-11-23T09:00:00.000Z',
        },
      ]);
      expect(await stores.alarms.listWatchedAlarms([OTHER_STORE_ARN])).toEqual(
        [],
      );
      expect(
        await stores.alarms.listPipelineArnsWatchingAlarm(
          'us-east-1',
          'orders-prod-us-east-1-high-severity',
        ),
      ).toEqual([STORE_ARN]);
      expect(
        await stores.alarms.listPipelineArnsWatchingAlarm(
          'eu-west-1',
          'orders-prod-us-east-1-high-severity',
        ),
      ).toEqual([]);
    });

    it('keeps the state history of watched alarms once per account, region and name, for 30 days', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const change = (at: string, to: 'OK' | 'ALARM', reason?: string) => ({
        timestamp: at,
        oldState: to === 'OK' ? ('ALARM' as const) : ('OK' as const),
        newState: to,
        summary: `Alarm updated to ${to}`,
        reason,
      });
      const latency = 'orders-prod-us-east-1-latency';
      await stores.snapshotWriter.savePipelineSnapshot(
        testSnapshot({
          capturedAt: t0,
          alarmHistory: [
            {
              region: 'us-east-1',
              alarmName: latency,
              items: [
                change('2026-11-23T09:00:00.000Z', 'ALARM', 'p99 > 800 ms'),
                change('2026-11-23T08:00:00.000Z', 'OK'),
                // Older than 30 days before the snapshot: not kept.
                change('2026-10-01T08:00:00.000Z', 'ALARM'),
              ],
              readThrough: '2026-11-23T09:00:00.000Z',
            },
          ],
        }),
      );
      // A second pipeline of the same account watching the same alarm adds only what is new.
      await stores.snapshotWriter.savePipelineSnapshot(
        testSnapshot({
          location: {
            ...storeLocation,
            arn: OTHER_STORE_ARN,
            name: 'payments',
          },
          capturedAt: plus(60_000),
          alarmHistory: [
            {
              region: 'us-east-1',
              alarmName: latency,
              items: [
                change('2026-11-23T09:30:00.000Z', 'OK', 'p99 back to 300 ms'),
                change('2026-11-23T09:00:00.000Z', 'ALARM', 'p99 > 800 ms'),
              ],
            },
          ],
        }),
      );

      const history = await stores.alarms.getAlarmHistory({
        accountId: '111111111111',
        region: 'us-east-1',
        name: latency,
        limit: 10,
      });
      expect(history).toEqual([
        change('2026-11-23T09:30:00.000Z', 'OK', 'p99 back to 300 ms'),
        change('2026-11-23T09:00:00.000Z', 'ALARM', 'p99 > 800 ms'),
        change('2026-11-23T08:00:00.000Z', 'OK'),
      ]);
      expect(
        await stores.alarms.getAlarmHistory({
          accountId: '111111111111',
          region: 'us-east-1',
          name: latency,
          limit: 1,
        }),
      ).toHaveLength(1);
      const newest = await stores.alarms.getNewestAlarmHistory('111111111111', [
        { region: 'us-east-1', name: latency },
        { region: 'us-east-1', name: 'never-changed' },
        { region: 'us-west-2', name: latency },
      ]);
      expect([...newest.entries()]).toEqual([
        [`us-east-1\u0000${latency}`, new Date('2026-11-23T09:30:00.000Z')],
      ]);
      expect([
        ...(
          await stores.alarms.getAlarmHistoryReadThrough('111111111111', [
            { region: 'us-east-1', name: latency },
            { region: 'us-east-1', name: 'never-read' },
          ])
        ).entries(),
      ]).toEqual([
        [`us-east-1\u0000${latency}`, new Date('2026-11-23T09:00:00.000Z')],
      ]);
      expect(
        (
          await stores.alarms.getNewestAlarmHistory('222222222222', [
            { region: 'us-east-1', name: latency },
          ])
        ).size,
      ).toBe(0);
    });
  },
);
