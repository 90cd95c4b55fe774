import { InputError } from '@backstage/errors';
import { computeDeliveryMetrics } from './computeDeliveryMetrics';
import type { StoredExecutionForMetrics } from './types';

const A = 'arn:aws:codepipeline:us-east-1:111111111111:service-a';
const B = 'arn:aws:codepipeline:us-east-1:111111111111:service-b';

/** Shorthand: `t('08T06:00')` → `2026-03-08T06:00:00.000Z`. */
function t(dayAndTime: string): string {
  return `2026-03-${dayAndTime}:00.000Z`;
}

function execution(
  fields: Partial<StoredExecutionForMetrics> &
    Pick<
      StoredExecutionForMetrics,
      'id' | 'pipelineArn' | 'status' | 'startedAt'
    >,
): StoredExecutionForMetrics {
  return { executionType: 'STANDARD', ...fields };
}

/**
 * A hand-worked history over the 3-day window 2026-03-08 .. 2026-03-10 12:00 UTC.
 * Every expected number in the tests below is derived in the comments here.
 */
const history: StoredExecutionForMetrics[] = [
  // A turns green before the window (starts the green period at 07T10:00).
  execution({
    id: 'a1',
    pipelineArn: A,
    status: 'Succeeded',
    startedAt: t('07T10:00'),
    reachedProdAt: t('07T12:00'),
    prodCompletedAt: t('07T20:00'),
  }),
  // Fails in prod: MTBF 08T06:00 - 07T10:00 = 20 h; change failure on 03-08; A red since 08T06:00.
  execution({
    id: 'a2',
    pipelineArn: A,
    status: 'Failed',
    startedAt: t('08T06:00'),
    reachedProdAt: t('08T08:00'),
    finishedAt: t('08T09:00'),
  }),
  // Automatic rollback in prod, undoes a2 (already a failure: counted once).
  execution({
    id: 'a3',
    pipelineArn: A,
    executionType: 'ROLLBACK',
    status: 'Succeeded',
    startedAt: t('08T09:30'),
    reachedProdAt: t('08T09:30'),
  }),
  // Fails in build while already red: no new MTBF period, no production deployment.
  execution({
    id: 'a4',
    pipelineArn: A,
    status: 'Failed',
    startedAt: t('08T12:00'),
  }),
  // Restores: MTTR 09T00:00 - 08T06:00 = 18 h. Deployment on 03-09, lead 09T06:00 - 08T23:00 = 7 h
  // (the latest revision counts).
  execution({
    id: 'a5',
    pipelineArn: A,
    status: 'Succeeded',
    startedAt: t('09T00:00'),
    sourceRevisionTimes: [t('08T22:00'), t('08T23:00')],
    reachedProdAt: t('09T02:00'),
    prodCompletedAt: t('09T06:00'),
  }),
  // Deployment on 03-09 without revision times: lead from start, 11:00 - 08:00 = 3 h.
  execution({
    id: 'a6',
    pipelineArn: A,
    status: 'Succeeded',
    startedAt: t('09T08:00'),
    reachedProdAt: t('09T09:00'),
    prodCompletedAt: t('09T11:00'),
  }),
  // Manual rollback in prod after a6: a6 becomes a change failure (reached prod on 03-09).
  execution({
    id: 'a7',
    pipelineArn: A,
    executionType: 'ROLLBACK',
    status: 'Succeeded',
    startedAt: t('09T14:00'),
    reachedProdAt: t('09T14:05'),
  }),
  // Still running in prod: not finished, so neither a production outcome nor in the sample.
  execution({
    id: 'a8',
    pipelineArn: A,
    status: 'InProgress',
    startedAt: t('10T10:00'),
    reachedProdAt: t('10T11:00'),
  }),
  // B turns green at 10T01:00; deployment on 03-10, lead 10T04:00 - 09T20:00 = 8 h.
  execution({
    id: 'b1',
    pipelineArn: B,
    status: 'Succeeded',
    startedAt: t('10T01:00'),
    sourceRevisionTimes: [t('09T20:00')],
    reachedProdAt: t('10T02:00'),
    prodCompletedAt: t('10T04:00'),
  }),
  // Stopped in prod: a change failure on 03-10, but no effect on MTBF/MTTR.
  execution({
    id: 'b2',
    pipelineArn: B,
    status: 'Stopped',
    startedAt: t('10T05:00'),
    reachedProdAt: t('10T06:00'),
  }),
  // Superseded: finished (in the sample) but says nothing else.
  execution({
    id: 'b3',
    pipelineArn: B,
    status: 'Superseded',
    startedAt: t('10T07:00'),
  }),
  // Fails before prod: MTBF 10T09:00 - 10T01:00 = 8 h.
  execution({
    id: 'b4',
    pipelineArn: B,
    status: 'Failed',
    startedAt: t('10T09:00'),
  }),
];

const now = new Date(t('10T12:00'));

describe('computeDeliveryMetrics', () => {
  it('computes every metric over all pipelines', () => {
    const metrics = computeDeliveryMetrics(history, { windowDays: 3, now });

    expect(metrics.windowDays).toBe(3);
    expect(metrics.pipelineArn).toBeUndefined();
    // a5, a6, b1 → 3 deployments / 3 days.
    expect(metrics.deploymentFrequencyPerDay).toBe(1);
    // Lead times 7, 3, 8 → median 7.
    expect(metrics.leadTimeHours).toBe(7);
    // Production deployments a2, a5, a6, b1, b2; failures a2 (failed), a6 (rolled back), b2 (stopped).
    expect(metrics.changeFailureRate).toBeCloseTo(3 / 5, 10);
    // MTBF periods 20 h (A) and 8 h (B); MTTR period 18 h (A).
    expect(metrics.mtbfHours).toBe(14);
    expect(metrics.mttrHours).toBe(18);
    // Finished standard executions started in the window: a2 a4 a5 a6 b1 b2 b3 b4.
    expect(metrics.sampleSize).toBe(8);
    expect(metrics.series).toEqual({
      deployments: [
        { date: '2026-03-08', value: 0 },
        { date: '2026-03-09', value: 2 },
        { date: '2026-03-10', value: 1 },
      ],
      leadTimeHours: [
        { date: '2026-03-09', value: 5 },
        { date: '2026-03-10', value: 8 },
      ],
      failures: [
        { date: '2026-03-08', value: 1 },
        { date: '2026-03-09', value: 1 },
        { date: '2026-03-10', value: 1 },
      ],
    });
  });

  it.each([
    {
      pipelineArn: A,
      deploymentFrequencyPerDay: 2 / 3,
      leadTimeHours: 5,
      changeFailureRate: 2 / 3,
      mtbfHours: 20,
      mttrHours: 18,
      sampleSize: 4,
      deployments: [0, 2, 0],
      failures: [1, 1, 0],
    },
    {
      pipelineArn: B,
      deploymentFrequencyPerDay: 1 / 3,
      leadTimeHours: 8,
      changeFailureRate: 1 / 2,
      mtbfHours: 8,
      mttrHours: undefined,
      sampleSize: 4,
      deployments: [0, 0, 1],
      failures: [0, 0, 1],
    },
  ])('scopes the metrics to $pipelineArn', expected => {
    const metrics = computeDeliveryMetrics(history, {
      windowDays: 3,
      now,
      pipelineArn: expected.pipelineArn,
    });
    expect(metrics.pipelineArn).toBe(expected.pipelineArn);
    expect(metrics.deploymentFrequencyPerDay).toBeCloseTo(
      expected.deploymentFrequencyPerDay,
      10,
    );
    expect(metrics.leadTimeHours).toBe(expected.leadTimeHours);
    expect(metrics.changeFailureRate).toBeCloseTo(
      expected.changeFailureRate,
      10,
    );
    expect(metrics.mtbfHours).toBe(expected.mtbfHours);
    expect(metrics.mttrHours).toBe(expected.mttrHours);
    expect(metrics.sampleSize).toBe(expected.sampleSize);
    expect(metrics.series.deployments.map(p => p.value)).toEqual(
      expected.deployments,
    );
    expect(metrics.series.failures.map(p => p.value)).toEqual(
      expected.failures,
    );
  });

  it('uses the history before the window to date periods that end inside it', () => {
    // With a 1-day window only 03-10 counts: B's MTBF period (8 h) ends there, A's (20 h) does not.
    const metrics = computeDeliveryMetrics(history, { windowDays: 1, now });
    expect(metrics.mtbfHours).toBe(8);
    expect(metrics.mttrHours).toBeUndefined();
    expect(metrics.deploymentFrequencyPerDay).toBe(1);
    expect(metrics.leadTimeHours).toBe(8);
    // Production deployments on 03-10 with an outcome: b1 (ok), b2 (stopped).
    expect(metrics.changeFailureRate).toBe(0.5);
    expect(metrics.series.deployments).toEqual([
      { date: '2026-03-10', value: 1 },
    ]);
  });

  it('returns zeros and no averages for an empty history', () => {
    const metrics = computeDeliveryMetrics([], { windowDays: 2, now });
    expect(metrics).toEqual({
      windowDays: 2,
      deploymentFrequencyPerDay: 0,
      leadTimeHours: undefined,
      changeFailureRate: undefined,
      mtbfHours: undefined,
      mttrHours: undefined,
      sampleSize: 0,
      series: {
        deployments: [
          { date: '2026-03-09', value: 0 },
          { date: '2026-03-10', value: 0 },
        ],
        leadTimeHours: [],
        failures: [
          { date: '2026-03-09', value: 0 },
          { date: '2026-03-10', value: 0 },
        ],
      },
    });
  });

  it.each([
    {
      at: '2026-03-09T00:00:00.000Z',
      counted: true,
      why: 'first instant of the window',
    },
    {
      at: '2026-03-08T23:59:59.999Z',
      counted: false,
      why: 'just before the window',
    },
    { at: '2026-03-10T12:00:00.000Z', counted: true, why: 'exactly now' },
    { at: '2026-03-10T12:00:00.001Z', counted: false, why: 'after now' },
  ])(
    'window boundary: a deployment at $at ($why) counted=$counted',
    ({ at, counted }) => {
      const metrics = computeDeliveryMetrics(
        [
          execution({
            id: 'x',
            pipelineArn: A,
            status: 'Succeeded',
            startedAt: '2026-03-01T00:00:00Z',
            reachedProdAt: at,
            prodCompletedAt: at,
          }),
        ],
        { windowDays: 2, now },
      );
      expect(metrics.deploymentFrequencyPerDay).toBe(counted ? 0.5 : 0);
    },
  );

  it('takes the mean of the two middle lead times for an even count and accepts Date values', () => {
    const start = new Date('2026-03-10T00:00:00Z');
    const leadHours = [1, 2, 4, 10];
    const metrics = computeDeliveryMetrics(
      leadHours.map((hours, i) =>
        execution({
          id: `e${i}`,
          pipelineArn: A,
          status: 'Succeeded',
          startedAt: start,
          reachedProdAt: start,
          prodCompletedAt: new Date(start.getTime() + hours * 3_600_000),
        }),
      ),
      { windowDays: 1, now },
    );
    expect(metrics.leadTimeHours).toBe(3);
    expect(metrics.series.leadTimeHours).toEqual([
      { date: '2026-03-10', value: 3 },
    ]);
  });

  it('never reports a negative lead time when the commit clock is ahead of AWS', () => {
    const metrics = computeDeliveryMetrics(
      [
        execution({
          id: 'skew',
          pipelineArn: A,
          status: 'Succeeded',
          startedAt: t('10T01:00'),
          sourceRevisionTimes: [t('10T03:00')],
          reachedProdAt: t('10T01:30'),
          prodCompletedAt: t('10T02:00'),
        }),
      ],
      { windowDays: 1, now },
    );
    expect(metrics.leadTimeHours).toBe(0);
  });

  it('ignores executions whose start time cannot be parsed and unparsable revision times', () => {
    const metrics = computeDeliveryMetrics(
      [
        execution({
          id: 'bad',
          pipelineArn: A,
          status: 'Succeeded',
          startedAt: 'not a date',
          prodCompletedAt: t('10T02:00'),
        }),
        execution({
          id: 'ok',
          pipelineArn: A,
          status: 'Succeeded',
          startedAt: t('10T01:00'),
          sourceRevisionTimes: ['garbage'],
          reachedProdAt: t('10T01:00'),
          prodCompletedAt: t('10T03:00'),
        }),
      ],
      { windowDays: 1, now },
    );
    expect(metrics.deploymentFrequencyPerDay).toBe(1);
    expect(metrics.leadTimeHours).toBe(2);
  });

  it('attributes a rollback only to its own pipeline and only when it ran in production', () => {
    const metrics = computeDeliveryMetrics(
      [
        execution({
          id: 'a',
          pipelineArn: A,
          status: 'Succeeded',
          startedAt: t('10T01:00'),
          reachedProdAt: t('10T02:00'),
          prodCompletedAt: t('10T03:00'),
        }),
        execution({
          id: 'b',
          pipelineArn: B,
          status: 'Succeeded',
          startedAt: t('10T01:00'),
          reachedProdAt: t('10T02:00'),
          prodCompletedAt: t('10T03:00'),
        }),
        // Rollback of B's gamma stage: never reached production, so B's deployment stays good.
        execution({
          id: 'rb',
          pipelineArn: B,
          executionType: 'ROLLBACK',
          status: 'Succeeded',
          startedAt: t('10T04:00'),
        }),
        // Rollback of A in production: A's deployment failed.
        execution({
          id: 'ra',
          pipelineArn: A,
          executionType: 'ROLLBACK',
          status: 'Succeeded',
          startedAt: t('10T05:00'),
          reachedProdAt: t('10T05:00'),
          prodCompletedAt: t('10T05:30'),
        }),
      ],
      { windowDays: 1, now },
    );
    expect(metrics.changeFailureRate).toBe(0.5);
    // Rollback executions are not deployments even when they complete production.
    expect(metrics.deploymentFrequencyPerDay).toBe(2);
    expect(metrics.sampleSize).toBe(2);
  });

  it.each([0, -1, 1.5, 367, Number.NaN])(
    'rejects windowDays=%p with an InputError',
    windowDays => {
      expect(() => computeDeliveryMetrics([], { windowDays, now })).toThrow(
        InputError,
      );
    },
  );

  it('rejects an invalid now', () => {
    expect(() =>
      computeDeliveryMetrics([], { windowDays: 1, now: new Date('nope') }),
    ).toThrow(InputError);
  });
});
