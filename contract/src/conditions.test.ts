import {
  cloudWatchAlarmRuleConfiguration,
  deploymentWindowRuleConfiguration,
  readCloudWatchAlarmRuleConfiguration,
  readDeploymentWindowRuleConfiguration,
} from './conditions';

describe('stage-condition rule configuration', () => {
  it('GIVEN a bake rule THEN it is written with CodePipeline keys and reads back', () => {
    const configuration = cloudWatchAlarmRuleConfiguration({
      alarmNames: ['a-high-severity'],
      waitMinutes: 720,
    });
    expect(configuration).toEqual({
      AlarmName: 'a-high-severity',
      AlarmStates: 'ALARM',
      WaitTime: '720',
    });
    expect(readCloudWatchAlarmRuleConfiguration(configuration)).toEqual({
      alarmNames: ['a-high-severity'],
      alarmStates: ['ALARM'],
      waitMinutes: 720,
    });
  });

  it('GIVEN a hand-written rule with several alarms and no wait THEN every alarm is read and no bake', () => {
    expect(
      readCloudWatchAlarmRuleConfiguration({
        AlarmName: 'a, b',
        AlarmStates: 'ALARM,INSUFFICIENT_DATA',
      }),
    ).toEqual({
      alarmNames: ['a', 'b'],
      alarmStates: ['ALARM', 'INSUFFICIENT_DATA'],
      waitMinutes: undefined,
    });
    expect(
      readCloudWatchAlarmRuleConfiguration({ WaitTime: 'soon' }).waitMinutes,
    ).toBeUndefined();
    expect(readCloudWatchAlarmRuleConfiguration(undefined).alarmNames).toEqual(
      [],
    );
  });

  it('GIVEN a deployment window THEN it reads back, and without a cron there is none', () => {
    const configuration = deploymentWindowRuleConfiguration({
      cron: '* * 9-16 ? * MON-THU *',
      timeZone: 'PST',
    });
    expect(configuration).toEqual({
      Cron: '* * 9-16 ? * MON-THU *',
      TimeZone: 'PST',
    });
    expect(readDeploymentWindowRuleConfiguration(configuration)).toEqual({
      cron: '* * 9-16 ? * MON-THU *',
      timeZone: 'PST',
    });
    expect(
      readDeploymentWindowRuleConfiguration({ TimeZone: 'UTC' }),
    ).toBeUndefined();
  });
});
