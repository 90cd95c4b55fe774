import { STAGE, parseStageName } from './stages';

describe('stage names', () => {
  it('GIVEN the fixed stages THEN each reads back as its phase', () => {
    expect(
      [
        STAGE.source,
        STAGE.build,
        STAGE.test,
        STAGE.beta,
        STAGE.gamma,
        STAGE.approval,
      ].map(parseStageName),
    ).toEqual(
      ['source', 'build', 'test', 'beta', 'gamma', 'approval'].map(phase => ({
        phase,
      })),
    );
  });

  it('GIVEN a production wave THEN its name carries the 1-based wave number', () => {
    // The names deployed pipelines already have: changing them renames stages in AWS.
    expect(STAGE.prodWave(1)).toBe('Prod-Wave1');
    expect(STAGE.prodWave(12)).toBe('Prod-Wave12');
    expect(parseStageName(STAGE.prodWave(12))).toEqual({
      phase: 'prod',
      wave: 12,
    });
  });

  it('GIVEN a name outside the convention THEN it is not read as one', () => {
    for (const name of [
      'Prod-Wave0',
      'Prod-Wave',
      'Prod-Wave01',
      'prod-wave1',
      'Production',
      'Build2',
      '',
    ]) {
      expect(parseStageName(name)).toBeUndefined();
    }
  });

  it('GIVEN a wave number that is not a positive integer THEN no name is made', () => {
    expect(() => STAGE.prodWave(0)).toThrow(RangeError);
    expect(() => STAGE.prodWave(1.5)).toThrow(RangeError);
  });
});
