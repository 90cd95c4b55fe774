import type { AlarmView } from '@dpra/plugin-pipelines-common';
import { splitOnAlarmNames } from './alarmNames';

function alarm(
  name: string,
  region: string,
  state: AlarmView['state'] = 'OK',
): AlarmView {
  return { name, region, state, type: 'metric' };
}

describe('splitOnAlarmNames', () => {
  it('leaves a text without alarm names whole', () => {
    expect(
      splitOnAlarmNames('Deployment window closed', [
        alarm('blocker', 'eu-west-1'),
      ]),
    ).toEqual(['Deployment window closed']);
    expect(splitOnAlarmNames('Entry conditions failed', [])).toEqual([
      'Entry conditions failed',
    ]);
  });

  it('finds every name, longest first, with the region of each', () => {
    expect(
      splitOnAlarmNames('Alarms latency and latency-p99 (x.y) are in ALARM', [
        alarm('latency', 'eu-west-1'),
        alarm('latency-p99 (x.y)', 'us-east-1'),
      ]),
    ).toEqual([
      'Alarms ',
      { name: 'latency', regions: ['eu-west-1'] },
      ' and ',
      { name: 'latency-p99 (x.y)', regions: ['us-east-1'] },
      ' are in ALARM',
    ]);
  });

  it('prefers the regions where a shared name is in ALARM, else lists them all', () => {
    const alarms = [
      alarm('high-severity', 'eu-west-1', 'OK'),
      alarm('high-severity', 'us-east-1', 'ALARM'),
      alarm('high-severity', 'us-west-2', 'ALARM'),
    ];
    expect(
      splitOnAlarmNames('Alarm high-severity is in ALARM', alarms),
    ).toEqual([
      'Alarm ',
      { name: 'high-severity', regions: ['us-east-1', 'us-west-2'] },
      ' is in ALARM',
    ]);
    expect(
      splitOnAlarmNames(
        'high-severity',
        alarms.map(a => ({ ...a, state: 'OK' as const })),
      ),
    ).toEqual([
      {
        name: 'high-severity',
        regions: ['eu-west-1', 'us-east-1', 'us-west-2'],
      },
    ]);
  });
});
