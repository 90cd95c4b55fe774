import type { ExecutionStatus } from '@dpra/plugin-pipelines-common';
import { computeDeliveryMetrics } from './computeDeliveryMetrics';
import type { StoredExecutionForMetrics } from './types';

/** A small deterministic generator (LCG), so that a failure can be replayed from its seed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (min: number, max: number) =>
      min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}

const HOUR = 3_600_000;
const NOW = new Date('2026-06-15T12:00:00Z');
const STATUSES: ExecutionStatus[] = [
  'Succeeded',
  'Succeeded',
  'Succeeded',
  'Failed',
  'Stopped',
  'Superseded',
  'InProgress',
];

/** A random but plausible history: executions over 45 days in 3 pipelines, some rollbacks. */
function randomHistory(seed: number): StoredExecutionForMetrics[] {
  const random = seeded(seed);
  const count = random.int(0, 60);
  return Array.from({ length: count }, (_, i) => {
    const startedAt = NOW.getTime() - random.int(0, 45 * 24) * HOUR;
    const status = random.pick(STATUSES);
    const reachesProd = random.next() < 0.7;
    const reachedProdAt = reachesProd
      ? startedAt + random.int(1, 5) * HOUR
      : undefined;
    const completesProd = reachedProdAt !== undefined && status === 'Succeeded';
    return {
      id: `e${i}`,
      pipelineArn: `arn:aws:codepipeline:us-east-1:111111111111:p${random.int(
        1,
        3,
      )}`,
      status,
      executionType: random.next() < 0.1 ? 'ROLLBACK' : 'STANDARD',
      startedAt: new Date(startedAt).toISOString(),
      sourceRevisionTimes:
        random.next() < 0.5
          ? [new Date(startedAt - random.int(0, 48) * HOUR).toISOString()]
          : undefined,
      reachedProdAt:
        reachedProdAt !== undefined
          ? new Date(reachedProdAt).toISOString()
          : undefined,
      prodCompletedAt: completesProd
        ? new Date(reachedProdAt! + random.int(1, 20) * HOUR).toISOString()
        : undefined,
    };
  });
}

describe('computeDeliveryMetrics invariants over random histories', () => {
  const seeds = Array.from({ length: 150 }, (_, i) => i + 1);

  it.each(seeds)('seed %d', seed => {
    const history = randomHistory(seed);
    const windowDays = seeded(seed * 7).int(1, 40);
    const all = computeDeliveryMetrics(history, { windowDays, now: NOW });

    // One point per day, consecutive, ending today.
    expect(all.series.deployments).toHaveLength(windowDays);
    expect(all.series.failures).toHaveLength(windowDays);
    expect(all.series.deployments[windowDays - 1].date).toBe('2026-06-15');
    // The frequency is the daily series' mean.
    const deployments = all.series.deployments.reduce((n, p) => n + p.value, 0);
    expect(all.deploymentFrequencyPerDay).toBeCloseTo(
      deployments / windowDays,
      10,
    );
    // Lead time exists exactly when something was deployed, and is never negative.
    expect(all.leadTimeHours === undefined).toBe(deployments === 0);
    expect(all.series.leadTimeHours.every(p => p.value >= 0)).toBe(true);
    expect(all.series.leadTimeHours).toHaveLength(
      all.series.deployments.filter(p => p.value > 0).length,
    );
    // A rate in [0, 1] when defined, and undefined only when nothing failed either; the number of
    // production deployments it implies is a whole number.
    const failures = all.series.failures.reduce((n, p) => n + p.value, 0);
    const rate = all.changeFailureRate;
    expect(rate === undefined ? failures === 0 : rate >= 0 && rate <= 1).toBe(
      true,
    );
    const impliedDeployments = rate ? failures / rate : 0;
    expect(impliedDeployments).toBeCloseTo(Math.round(impliedDeployments), 6);
    expect(all.mtbfHours === undefined || all.mtbfHours >= 0).toBe(true);
    expect(all.mttrHours === undefined || all.mttrHours >= 0).toBe(true);

    // Per-pipeline figures add up to the whole.
    const arns = [...new Set(history.map(e => e.pipelineArn))];
    const perPipeline = arns.map(pipelineArn =>
      computeDeliveryMetrics(history, { windowDays, now: NOW, pipelineArn }),
    );
    expect(
      perPipeline.reduce((n, m) => n + m.deploymentFrequencyPerDay, 0),
    ).toBeCloseTo(all.deploymentFrequencyPerDay, 10);
    expect(perPipeline.reduce((n, m) => n + m.sampleSize, 0)).toBe(
      all.sampleSize,
    );
    expect(
      perPipeline.reduce(
        (n, m) => n + m.series.failures.reduce((k, p) => k + p.value, 0),
        0,
      ),
    ).toBe(failures);

    // The order of the input does not matter.
    const shuffled = [...history].reverse();
    expect(computeDeliveryMetrics(shuffled, { windowDays, now: NOW })).toEqual(
      all,
    );
  });
});
