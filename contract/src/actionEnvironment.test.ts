import {
  codeBuildEnvironmentVariables,
  formatAccountList,
  formatNameList,
  parseAccountList,
  parseNameList,
  readCodeBuildEnvironmentVariables,
} from './actionEnvironment';

describe('CodeBuild action environment variables', () => {
  it('GIVEN variables THEN they are written as CodePipeline documents them and read back', () => {
    const text = codeBuildEnvironmentVariables({
      OU_NAME: 'Prod',
      AMI_ID: '#{BuildVariables.AMI_ID}',
    });
    expect(JSON.parse(text)).toEqual([
      { name: 'OU_NAME', value: 'Prod', type: 'PLAINTEXT' },
      { name: 'AMI_ID', value: '#{BuildVariables.AMI_ID}', type: 'PLAINTEXT' },
    ]);
    expect(
      readCodeBuildEnvironmentVariables({ EnvironmentVariables: text }),
    ).toEqual({
      OU_NAME: 'Prod',
      AMI_ID: '#{BuildVariables.AMI_ID}',
    });
  });

  it('GIVEN references and junk THEN only plain-text values are read, and nothing throws', () => {
    const text = JSON.stringify([
      { name: 'TOKEN', value: '/ssm/token', type: 'PARAMETER_STORE' },
      { name: 'STAGE', value: 'prod' },
      { name: 42, value: 'x' },
      null,
    ]);
    expect(
      readCodeBuildEnvironmentVariables({ EnvironmentVariables: text }),
    ).toEqual({ STAGE: 'prod' });
    expect(
      readCodeBuildEnvironmentVariables({ EnvironmentVariables: '{oops' }),
    ).toEqual({});
    expect(
      readCodeBuildEnvironmentVariables({ EnvironmentVariables: '{}' }),
    ).toEqual({});
    expect(readCodeBuildEnvironmentVariables(undefined)).toEqual({});
  });

  it('GIVEN accounts THEN they travel as one value', () => {
    expect(
      parseAccountList(formatAccountList(['222222222222', '333333333333'])),
    ).toEqual(['222222222222', '333333333333']);
    expect(parseAccountList('  ')).toEqual([]);
    expect(parseAccountList(undefined)).toEqual([]);
  });

  it('GIVEN names with spaces or none THEN they travel as one non-empty value; junk reads as no list', () => {
    expect(formatNameList([])).toBe('[]');
    expect(parseNameList(formatNameList([]))).toEqual([]);
    expect(
      parseNameList(formatNameList(['orders beta', 'a,b'])),
    ).toEqual(['orders beta', 'a,b']);
    expect(parseNameList(undefined)).toBeUndefined();
    expect(parseNameList('orders-prod')).toBeUndefined();
    expect(parseNameList('[1]')).toBeUndefined();
  });
});
