import { parseQuartzCron } from './quartzCron';
import { describeWindow, parseWindow, windowStatus } from './windowSchedule';

const at = (iso: string) => Date.parse(iso);

describe('parseQuartzCron', () => {
  it('names every problem of a bad expression', () => {
    expect(() => parseQuartzCron('* * 8-17 * *')).toThrow(/5 fields/);
    expect(() => parseQuartzCron('* * 8-25 ? * MON *')).toThrow(
      /hours: "8-25" is outside 0–23/,
    );
    expect(() => parseQuartzCron('* * 8 1 * MON *')).toThrow(/must be "\?"/);
    expect(() => parseQuartzCron('* * 8 ? * FOO *')).toThrow(/day-of-week/);
  });

  it('reads names, ranges, steps and lists', () => {
    const cron = parseQuartzCron('* 0/15 8-10,14 ? JAN-MAR MON-FRI *');
    expect([...cron.minutes]).toEqual([0, 15, 30, 45]);
    expect([...cron.hours]).toEqual([8, 9, 10, 14]);
    expect([...cron.months]).toEqual([1, 2, 3]);
  });
});

describe('describeWindow', () => {
  it.each([
    ['* * 8-17 ? * MON-THU *', 'Mon–Thu 08:00–17:59'],
    ['* * * ? * * *', 'every day'],
    ['* * 22-23 ? JAN-MAR MON-FRI *', 'Mon–Fri 22:00–23:59 in Jan–Mar'],
    ['* 0-29 9 ? * 2#1 *', 'the first Mon of the month 09:00–09:29'],
    ['* * 20-23 ? * 6L *', 'the last Fri of the month 20:00–23:59'],
    ['* * * L * ? *', 'on the last day of the month'],
    ['* * * 15W * ? *', 'on the weekday nearest day 15'],
  ])('%s reads "%s"', (cron, text) => {
    expect(describeWindow(parseQuartzCron(cron))).toBe(text);
  });
});

describe('windowStatus', () => {
  const weekdays = parseQuartzCron('* * 8-17 ? * MON-THU *');

  it('is open inside the hours, in the rule’s time zone, and says when it closes', () => {
    // Tue 2026-12-01 09:30 UTC = 10:30 in Berlin.
    const status = windowStatus(
      weekdays,
      'Europe/Berlin',
      at('2026-12-01T09:30:00Z'),
    );
    expect(status.open).toBe(true);
    // Closes at 18:00 Berlin = 17:00 UTC.
    expect(status.changesAt).toBe(at('2026-12-01T17:00:00Z'));
  });

  it('uses the rule’s zone, not UTC: 07:30 UTC is 08:30 in Berlin', () => {
    const now = at('2026-12-01T07:30:00Z');
    expect(windowStatus(weekdays, 'Europe/Berlin', now).open).toBe(true);
    expect(windowStatus(weekdays, 'UTC', now).open).toBe(false);
  });

  it('is closed over the weekend and opens on Monday morning', () => {
    // Fri 2026-12-04 12:00 UTC.
    const status = windowStatus(
      weekdays,
      'Europe/Berlin',
      at('2026-12-04T12:00:00Z'),
    );
    expect(status.open).toBe(false);
    expect(status.changesAt).toBe(at('2026-12-07T07:00:00Z'));
  });

  it('follows daylight saving time in the rule’s zone', () => {
    // Mon 2026-06-01: Berlin is UTC+2, so 08:00 local is 06:00 UTC.
    const status = windowStatus(
      weekdays,
      'Europe/Berlin',
      at('2026-06-01T05:00:00Z'),
    );
    expect(status).toEqual({
      open: false,
      changesAt: at('2026-06-01T06:00:00Z'),
    });
  });
});

describe('parseWindow', () => {
  it('explains a bad expression or an unknown zone instead of throwing', () => {
    expect(parseWindow('* * 25 ? * * *')).toEqual({
      ok: false,
      reason: expect.stringContaining('hours'),
    });
    expect(parseWindow('* * 8 ? * * *', 'Mars/Olympus')).toEqual({
      ok: false,
      reason: expect.stringContaining('Mars/Olympus'),
    });
    expect(parseWindow('* * 8 ? * * *')).toMatchObject({
      ok: true,
      timeZone: 'UTC',
      text: 'every day 08:00–08:59',
    });
  });
});
