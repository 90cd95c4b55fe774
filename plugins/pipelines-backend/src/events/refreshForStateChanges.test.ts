import { createTestDatabases, createTestStores } from '../testing/stores';
import { parseStateChangeEvent } from './parseStateChangeEvent';
import { refreshForStateChanges } from './refreshForStateChanges';

jest.setTimeout(60_000);

const ACCOUNT = '111111111111';
const ORDERS = `arn:aws:codepipeline:us-east-1:${ACCOUNT}:orders-service`;
const PAYMENTS = `arn:aws:codepipeline:eu-west-1:${ACCOUNT}:payments-service`;

/** EventBridge events as AWS documents them for CodePipeline and CloudWatch. */
const pipelineExecutionEvent = {
  version: '0',
  id: '01234567-0123-0123-0123-012345678901',
  'detail-type': 'CodePipeline Pipeline Execution State Change',
  source: 'aws.codepipeline',
  account: ACCOUNT,
  time: '2026-11-23T10:00:00Z',
  region: 'us-east-1',
  resources: [ORDERS],
  detail: {
    pipeline: 'orders-service',
    'execution-id': 'exec-0003',
    state: 'STARTED',
    version: 3,
  },
};
const stageEventInSns = {
  Type: 'Notification',
  MessageId: 'sns-1',
  TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:pipeline-events`,
  Message: JSON.stringify({
    ...pipelineExecutionEvent,
    'detail-type': 'CodePipeline Stage Execution State Change',
    resources: [],
    detail: {
      pipeline: 'orders-service',
      'execution-id': 'exec-0003',
      stage: 'Prod-Wave1',
      state: 'SUCCEEDED',
    },
  }),
};
const alarmEvent = {
  version: '0',
  id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: ACCOUNT,
  time: '2026-11-23T10:05:00Z',
  region: 'eu-west-1',
  resources: [
    `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:payments-prod-eu-west-1-high-severity`,
  ],
  detail: {
    alarmName: 'payments-prod-eu-west-1-high-severity',
    state: {
      value: 'ALARM',
      reason: 'Alarm rule evaluated to ALARM',
      timestamp: '2026-11-23T10:05:00.000+0000',
    },
    previousState: { value: 'OK' },
  },
};
const untracked = {
  ...pipelineExecutionEvent,
  resources: [`arn:aws:codepipeline:us-east-1:${ACCOUNT}:someone-else`],
};

describe('parseStateChangeEvent', () => {
  it('reads pipeline and alarm events, raw and wrapped in SNS', () => {
    expect(
      parseStateChangeEvent(JSON.stringify(pipelineExecutionEvent)),
    ).toEqual({ kind: 'pipeline', pipelineArn: ORDERS });
    expect(parseStateChangeEvent(JSON.stringify(stageEventInSns))).toEqual({
      kind: 'pipeline',
      pipelineArn: ORDERS,
    });
    expect(parseStateChangeEvent(JSON.stringify(alarmEvent))).toEqual({
      kind: 'alarm',
      region: 'eu-west-1',
      alarmName: 'payments-prod-eu-west-1-high-severity',
    });
    expect(parseStateChangeEvent('not json')).toBeUndefined();
    expect(
      parseStateChangeEvent(JSON.stringify({ source: 'aws.ec2', detail: {} })),
    ).toBeUndefined();
  });
});

describe('refreshForStateChanges', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'makes the tracked pipelines that events name due and refreshes them in the background, on %p',
    async databaseId => {
      const { stores } = await createTestStores(databases, databaseId);
      const t0 = new Date('2026-11-23T10:00:00Z');
      const later = new Date(t0.getTime() + 3600_000);
      await stores.entities.saveEntityResolution(
        'component:default/shop',
        {
          referencesHash: 'h',
          pipelines: [
            {
              arn: ORDERS,
              accountId: ACCOUNT,
              region: 'us-east-1',
              name: 'orders-service',
              reference: ORDERS,
            },
            {
              arn: PAYMENTS,
              accountId: ACCOUNT,
              region: 'eu-west-1',
              name: 'payments-service',
              reference: PAYMENTS,
            },
          ],
          problems: [],
        },
        t0,
      );
      for (const state of await stores.refreshQueue.claimDuePipelines({
        now: t0,
        owner: 'x',
        leaseMs: 1000,
        limit: 10,
      })) {
        await stores.snapshotWriter.savePipelineSnapshot({
          location: state,
          stages: [],
          pendingApprovals: [],
          executions: [],
          alarms:
            state.arn === PAYMENTS
              ? [
                  {
                    name: 'payments-prod-eu-west-1-high-severity',
                    type: 'composite',
                    state: 'OK',
                    region: 'eu-west-1',
                  },
                ]
              : [],
          capturedAt: t0,
        });
        await stores.refreshQueue.recordRefreshSuccess(state.arn, {
          owner: 'x',
          now: t0,
          nextRefreshAt: later,
          inProgress: false,
          findingsRefreshed: false,
        });
      }
      const claim = () =>
        stores.refreshQueue.claimDuePipelines({
          now: t0,
          owner: 'y',
          leaseMs: 1000,
          limit: 10,
        });
      expect(await claim()).toEqual([]);

      const refreshed: Array<{ arns: string[]; reason: string }> = [];
      const arns = await refreshForStateChanges(
        [
          pipelineExecutionEvent,
          stageEventInSns,
          alarmEvent,
          untracked,
          'garbage',
        ].map(e => parseStateChangeEvent(JSON.stringify(e))),
        {
          refreshQueue: stores.refreshQueue,
          alarms: stores.alarms,
          background: {
            refreshInBackground: (pipelineArns, reason) =>
              refreshed.push({ arns: pipelineArns, reason }),
          },
          now: () => t0,
        },
      );
      const named = [
        ORDERS,
        PAYMENTS,
        `arn:aws:codepipeline:us-east-1:${ACCOUNT}:someone-else`,
      ].sort();
      expect(arns.sort()).toEqual(named);
      expect(refreshed).toEqual([
        { arns: expect.any(Array), reason: 'an event' },
      ]);
      expect(refreshed[0].arns.sort()).toEqual(named);
      // Tracked pipelines are due at once; the untracked one created nothing.
      expect((await claim()).map(d => d.arn).sort()).toEqual(
        [ORDERS, PAYMENTS].sort(),
      );

      // Events that name nothing refresh nothing.
      refreshed.length = 0;
      expect(
        await refreshForStateChanges([undefined], {
          refreshQueue: stores.refreshQueue,
          alarms: stores.alarms,
          background: {
            refreshInBackground: (pipelineArns, reason) =>
              refreshed.push({ arns: pipelineArns, reason }),
          },
          now: () => t0,
        }),
      ).toEqual([]);
      expect(refreshed).toEqual([]);
    },
  );
});
