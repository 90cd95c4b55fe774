import { FIXTURE_NOW, makeDemoPipeline } from '../../testing/fixtures';
import {
  makeFleetPipeline,
  makeImagePipeline,
} from '../../testing/kindFixtures';
import {
  aggregateStatus,
  deriveWaveBoard,
  summariseAlarms,
  waveTargetsSummary,
} from './waveBoardModel';

describe('deriveWaveBoard', () => {
  it('lays out waves × regions in deploy order with one-box steps', () => {
    const pipeline = makeDemoPipeline({
      scenario: 'succeeded',
      waves: [['eu-west-1'], ['us-east-1'], ['ap-southeast-2', 'us-west-2']],
    });
    const board = deriveWaveBoard(pipeline, FIXTURE_NOW);
    expect(board.regions).toEqual([
      'eu-west-1',
      'us-east-1',
      'ap-southeast-2',
      'us-west-2',
    ]);
    expect(board.waves.map(w => w.index)).toEqual([1, 2, 3]);
    expect(Object.keys(board.waves[2].cells)).toEqual([
      'ap-southeast-2',
      'us-west-2',
    ]);
    expect(board.waves[0].cells['eu-west-1']).toMatchObject({
      status: 'Succeeded',
      oneBox: { actionName: 'OneBox-eu-west-1', status: 'Succeeded' },
      alarmState: 'OK',
    });
    expect(board.waves[0].bakeMinutes).toBe(720);
    expect(board.waves[1].bakeMinutes).toBe(180);
  });

  it('marks the baking wave with its bake end, and only while it has not ended', () => {
    const pipeline = makeDemoPipeline({ scenario: 'baking' });
    const board = deriveWaveBoard(pipeline, FIXTURE_NOW);
    expect(board.waves[0].bakeEndsAt).toBe(
      new Date(FIXTURE_NOW + 45.5 * 60_000).toISOString(),
    );
    expect(board.waves[1].bakeEndsAt).toBeUndefined();
    const afterBake = deriveWaveBoard(
      {
        ...pipeline,
        stages: pipeline.stages.map(s => ({
          ...s,
          onSuccessStatus: undefined,
        })),
      },
      FIXTURE_NOW + 3600_000,
    );
    expect(afterBake.waves[0].bakeEndsAt).toBeUndefined();
  });

  it('spells out blockers: closed window and blocker alarm in ALARM', () => {
    const board = deriveWaveBoard(
      makeDemoPipeline({ scenario: 'blocked' }),
      FIXTURE_NOW,
    );
    expect(board.waves[1].status).toBe('NotStarted');
    expect(board.waves[1].blockers).toEqual([
      'Deployment window closed: deploys may start Mon–Thu 08:00–17:59 Europe/Berlin',
      'Alarm org-deployment-blocker is in ALARM',
    ]);
    // A finished wave is not blocked by an alarm that went off later.
    expect(board.waves[0].blockers).toEqual([]);
  });

  it('reports a disabled transition with its reason', () => {
    const pipeline = makeDemoPipeline({ scenario: 'succeeded' });
    pipeline.stages = pipeline.stages.map(s =>
      s.name === 'Prod-Wave2'
        ? {
            ...s,
            status: 'NotStarted',
            inboundTransitionEnabled: false,
            disabledReason: 'Change freeze',
          }
        : s,
    );
    const board = deriveWaveBoard(pipeline, FIXTURE_NOW);
    expect(board.waves[1].blockers).toContain(
      'Inbound transition disabled: Change freeze',
    );
  });

  it('shows a failed region and the alarm in ALARM in that region only', () => {
    const board = deriveWaveBoard(
      makeDemoPipeline({ scenario: 'failed' }),
      FIXTURE_NOW,
    );
    const cell = board.waves[0].cells['eu-west-1'];
    expect(cell.status).toBe('Failed');
    expect(cell.alarmState).toBe('ALARM');
    expect(board.waves[1].cells['us-east-1'].alarmState).toBe('OK');
  });
});

describe('aggregateStatus', () => {
  it('puts failure first, then progress, and reads partial success as in progress', () => {
    expect(aggregateStatus(['Succeeded', 'Failed'])).toBe('Failed');
    expect(aggregateStatus(['Succeeded', 'InProgress'])).toBe('InProgress');
    expect(aggregateStatus(['Succeeded', 'NotStarted'])).toBe('InProgress');
    expect(aggregateStatus(['Succeeded', 'Succeeded'])).toBe('Succeeded');
    expect(aggregateStatus(['NotStarted'])).toBe('NotStarted');
    expect(aggregateStatus([])).toBeUndefined();
  });
});

describe('summariseAlarms', () => {
  it('takes the worst state', () => {
    const alarm = (state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA') => ({
      name: state,
      type: 'metric' as const,
      state,
      region: 'eu-west-1',
    });
    expect(summariseAlarms([])).toBe('NONE');
    expect(summariseAlarms([alarm('OK'), alarm('INSUFFICIENT_DATA')])).toBe(
      'INSUFFICIENT_DATA',
    );
    expect(summariseAlarms([alarm('OK'), alarm('ALARM')])).toBe('ALARM');
  });
});

describe('the wave board of each kind', () => {
  it('GIVEN a layout read before kinds THEN its waves are regions', () => {
    const pipeline = makeDemoPipeline({ scenario: 'succeeded' });
    expect(pipeline.layout.waveTargets).toBeUndefined();
    const board = deriveWaveBoard(pipeline, FIXTURE_NOW);
    expect(board.targets).toBe('regions');
    expect(board.waves[0].accounts).toEqual([]);
    expect(board.waves[0].units).toEqual([]);
    expect(waveTargetsSummary(pipeline.layout)).toBe('4 regions');
  });

  it('GIVEN an image pipeline THEN each wave has its accounts, each cell its accounts, and the SSM parameter', () => {
    const pipeline = makeImagePipeline({ scenario: 'succeeded' });
    const board = deriveWaveBoard(pipeline, FIXTURE_NOW);
    expect(board.targets).toBe('accountsByRegion');
    expect(board.waves.map(w => w.accounts)).toEqual([
      ['222222222222'],
      ['333333333333', '444444444444'],
    ]);
    expect(board.waves[1].cells['eu-west-1']).toMatchObject({
      status: 'Succeeded',
      accounts: ['333333333333', '444444444444'],
    });
    expect(board.waves[1].ssmParameters).toEqual([
      '/dpra/images/golden-ami/latest',
    ]);
    expect(waveTargetsSummary(pipeline.layout)).toBe('3 accounts × 2 regions');
  });

  it('GIVEN an account fleet THEN each wave has its units with the status of the baseline applied to each', () => {
    const pipeline = makeFleetPipeline({ scenario: 'failed' });
    const board = deriveWaveBoard(pipeline, FIXTURE_NOW);
    expect(board.targets).toBe('organizationalUnits');
    expect(board.waves.map(w => w.units.map(u => [u.name, u.status]))).toEqual([
      [['NonProd', 'Failed']],
      [
        ['Prod', 'NotStarted'],
        ['Security', 'NotStarted'],
      ],
    ]);
    expect(waveTargetsSummary(pipeline.layout)).toBe('3 organisational units');
  });
});
