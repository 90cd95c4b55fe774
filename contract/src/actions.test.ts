import { ACTION, parseWaveActionName, waveActionName } from './actions';

describe('action names', () => {
  it('GIVEN each wave step THEN its name reads back as the step and target', () => {
    expect(ACTION.oneBox('us-east-1')).toBe('OneBox-us-east-1');
    expect(ACTION.deploy('us-gov-west-1')).toBe('Deploy-us-gov-west-1');
    expect(ACTION.distribute('eu-west-1')).toBe('Distribute-eu-west-1');
    expect(ACTION.apply('Workloads')).toBe('Apply-Workloads');
    expect(parseWaveActionName(ACTION.oneBox('us-east-1'))).toEqual({
      step: 'oneBox',
      target: 'us-east-1',
    });
    expect(parseWaveActionName(ACTION.deploy('us-gov-west-1'))).toEqual({
      step: 'deploy',
      target: 'us-gov-west-1',
    });
    expect(parseWaveActionName(ACTION.distribute('eu-west-1'))).toEqual({
      step: 'distribute',
      target: 'eu-west-1',
    });
    expect(parseWaveActionName(ACTION.apply('Non-Prod_2'))).toEqual({
      step: 'apply',
      target: 'Non-Prod_2',
    });
    // `Deploy-` must not swallow the configuration steps' names.
    expect(ACTION.deployFlags('eu-west-1')).toBe('DeployFlags-eu-west-1');
    expect(parseWaveActionName(ACTION.deployFlags('eu-west-1'))).toEqual({
      step: 'deployFlags',
      target: 'eu-west-1',
    });
    expect(parseWaveActionName(ACTION.deployConfig('us-east-1'))).toEqual({
      step: 'deployConfig',
      target: 'us-east-1',
    });
    expect(parseWaveActionName('DeployFlags-staging')).toBeUndefined();
  });

  it('GIVEN a region step whose target is not a region THEN it is not read as a wave step', () => {
    expect(parseWaveActionName('Deploy-staging')).toBeUndefined();
    expect(parseWaveActionName('OneBox-')).toBeUndefined();
    expect(parseWaveActionName('Apply-')).toBeUndefined();
    expect(parseWaveActionName('DeployEverything')).toBeUndefined();
    expect(parseWaveActionName(ACTION.manualApproval)).toBeUndefined();
  });

  it('GIVEN no target THEN no name is made', () => {
    expect(() => waveActionName('apply', '')).toThrow(RangeError);
  });
});
