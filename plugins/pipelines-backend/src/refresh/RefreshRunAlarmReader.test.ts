import type { AlarmView } from '@dpra/plugin-pipelines-common';
import type { AwsTarget } from '../aws/AwsTarget';
import { RefreshRunAlarmReader } from './RefreshRunAlarmReader';

/** A CloudWatch reader that records its calls; `fail` makes the next call reject. */
function recordingReader() {
  const calls: Array<{ target: AwsTarget; names: string[] }> = [];
  let failures = 0;
  return {
    calls,
    failNext() {
      failures++;
    },
    async describeAlarms(target: AwsTarget, names: string[]) {
      calls.push({ target, names: [...names] });
      if (failures > 0) {
        failures--;
        throw new Error('Rate exceeded');
      }
      return [...new Set(names)].map(
        (name): AlarmView => ({
          name,
          region: target.region,
          type: 'metric',
          state: name.includes('bad') ? 'ALARM' : 'OK',
          stateReason: `read with ${target.roleArn ?? 'the account role'}`,
        }),
      );
    },
  };
}

const account = '111111111111';
const east: AwsTarget = { accountId: account, region: 'us-east-1' };
const west: AwsTarget = { accountId: account, region: 'us-west-2' };

describe('RefreshRunAlarmReader', () => {
  it('GIVEN three pipelines watching alarms in two regions WHEN each reads its alarms THEN one call per region serves them all', async () => {
    const inner = recordingReader();
    const reader = new RefreshRunAlarmReader(inner, [
      { accountId: account, region: 'us-east-1', name: 'a-latency' },
      { accountId: account, region: 'us-east-1', name: 'b-bad-errors' },
      { accountId: account, region: 'us-east-1', name: 'c-latency' },
      { accountId: account, region: 'us-west-2', name: 'a-latency' },
    ]);

    const [a, b, c, aWest] = await Promise.all([
      reader.describeAlarms(east, ['a-latency']),
      reader.describeAlarms(east, ['b-bad-errors']),
      reader.describeAlarms(east, ['c-latency', 'a-latency']),
      reader.describeAlarms(west, ['a-latency']),
    ]);

    expect(inner.calls).toEqual([
      {
        target: east,
        names: ['a-latency', 'b-bad-errors', 'c-latency'],
      },
      { target: west, names: ['a-latency'] },
    ]);
    expect(a.map(v => [v.name, v.state])).toEqual([['a-latency', 'OK']]);
    expect(b.map(v => [v.name, v.state])).toEqual([['b-bad-errors', 'ALARM']]);
    expect(c.map(v => v.name)).toEqual(['c-latency', 'a-latency']);
    expect(aWest[0].region).toBe('us-west-2');
  });

  it('GIVEN a pipeline that now watches an alarm it did not before WHEN it reads THEN only the new name is read on its own', async () => {
    const inner = recordingReader();
    const reader = new RefreshRunAlarmReader(inner, [
      { accountId: account, region: 'us-east-1', name: 'known' },
    ]);

    const views = await reader.describeAlarms(east, ['known', 'new-bad']);

    expect(inner.calls.map(call => call.names)).toEqual([
      ['known'],
      ['new-bad'],
    ]);
    expect(views.map(v => [v.name, v.state])).toEqual([
      ['known', 'OK'],
      ['new-bad', 'ALARM'],
    ]);
    // A target nobody watched before is read as asked.
    await reader.describeAlarms(west, ['x', 'x']);
    expect(inner.calls[2]).toEqual({ target: west, names: ['x', 'x'] });
  });

  it('GIVEN pipelines read with different roles WHEN they read the same alarm names THEN each role reads for itself', async () => {
    const inner = recordingReader();
    const role = 'arn:aws:iam::111111111111:role/orders-read';
    const reader = new RefreshRunAlarmReader(inner, [
      { accountId: account, region: 'us-east-1', name: 'latency' },
      {
        accountId: account,
        region: 'us-east-1',
        name: 'latency',
        roleArn: role,
      },
    ]);

    const [plain, withRole] = await Promise.all([
      reader.describeAlarms(east, ['latency']),
      reader.describeAlarms({ ...east, roleArn: role }, ['latency']),
    ]);

    expect(inner.calls.map(call => call.target.roleArn)).toEqual([
      undefined,
      role,
    ]);
    expect(plain[0].stateReason).toBe('read with the account role');
    expect(withRole[0].stateReason).toBe(`read with ${role}`);
  });

  it('GIVEN a shared read that failed WHEN the next pipeline reads THEN it tries again instead of reusing the failure', async () => {
    const inner = recordingReader();
    const reader = new RefreshRunAlarmReader(inner, [
      { accountId: account, region: 'us-east-1', name: 'latency' },
    ]);
    inner.failNext();

    await expect(reader.describeAlarms(east, ['latency'])).rejects.toThrow(
      'Rate exceeded',
    );
    await expect(reader.describeAlarms(east, ['latency'])).resolves.toEqual([
      expect.objectContaining({ name: 'latency', state: 'OK' }),
    ]);
    expect(inner.calls).toHaveLength(2);
  });

  it('GIVEN a long run WHEN the shared read is older than maxAgeMs THEN alarms are read again', async () => {
    const inner = recordingReader();
    let now = 0;
    const reader = new RefreshRunAlarmReader(
      inner,
      [{ accountId: account, region: 'us-east-1', name: 'latency' }],
      { maxAgeMs: 5000, now: () => now },
    );

    await reader.describeAlarms(east, ['latency']);
    now = 5000;
    await reader.describeAlarms(east, ['latency']);
    expect(inner.calls).toHaveLength(1);
    now = 5001;
    await reader.describeAlarms(east, ['latency']);
    expect(inner.calls).toHaveLength(2);
  });
});
