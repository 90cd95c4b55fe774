import { isInsideDeploymentWindow } from './deploymentWindow';

const WORKING_HOURS = '* * 9-16 ? * MON-THU *';

describe('isInsideDeploymentWindow', () => {
  it.each([
    ['Wednesday 15:00 UTC', '2026-12-02T15:00:00Z', 'UTC', true],
    ['Wednesday 17:00 UTC', '2026-12-02T17:00:00Z', 'UTC', false],
    ['Friday 10:00 UTC', '2026-12-04T10:00:00Z', 'UTC', false],
    ['Thursday 16:59 UTC', '2026-12-03T16:59:30Z', 'UTC', true],
    // 17:00 UTC is 09:00 in PST (AWS's own example zone), 18:00 in Berlin (winter).
    ['Wednesday 09:00 PST', '2026-12-02T17:00:00Z', 'PST', true],
    ['Wednesday 18:00 Berlin', '2026-12-02T17:00:00Z', 'Europe/Berlin', false],
    ['Wednesday 08:00 Berlin', '2026-12-02T07:00:00Z', 'Europe/Berlin', false],
    ['Wednesday 09:00 Berlin', '2026-12-02T08:00:00Z', 'Europe/Berlin', true],
    ['Wednesday 09:30 UTC+05:30', '2026-12-02T04:00:00Z', 'UTC+05:30', true],
    // Sunday 23:00 UTC is Monday 08:00 in Tokyo: not yet; an hour later it is.
    ['Monday 08:00 Tokyo', '2026-12-06T23:00:00Z', 'Asia/Tokyo', false],
    ['Monday 09:00 Tokyo', '2026-12-07T00:00:00Z', 'Asia/Tokyo', true],
  ])('%s: %s in %s -> %s', (_, at, zone, inside) => {
    expect(isInsideDeploymentWindow(WORKING_HOURS, zone, new Date(at))).toBe(
      inside,
    );
  });

  it('reads lists, steps, names and numbers (1 = Sunday)', () => {
    const sunday = new Date('2026-12-06T12:30:00Z');
    expect(
      isInsideDeploymentWindow('0 0/30 12 ? DEC 1 2026', 'UTC', sunday),
    ).toBe(true);
    expect(
      isInsideDeploymentWindow('0 0/30 12 ? JAN,FEB 1 *', 'UTC', sunday),
    ).toBe(false);
    expect(
      isInsideDeploymentWindow('0 15,45 12 ? * SUN *', 'UTC', sunday),
    ).toBe(false);
  });

  it('names what it cannot read', () => {
    const at = new Date('2026-12-02T15:00:00Z');
    expect(() => isInsideDeploymentWindow('* * 9-16 ? *', 'UTC', at)).toThrow(
      'does not have 7 fields',
    );
    expect(() =>
      isInsideDeploymentWindow('* * 9-16 ? * 2#1 *', 'UTC', at),
    ).toThrow('cron value "2#1" is not supported');
    expect(() =>
      isInsideDeploymentWindow(WORKING_HOURS, 'Mars/Olympus', at),
    ).toThrow('DeploymentWindow TimeZone "Mars/Olympus"');
  });
});
