import {
  FINDINGS_STAMP,
  PRODUCT_FIELD,
  findingsStampVariables,
} from './findings';
import {
  codeBuildEnvironmentVariables,
  readCodeBuildEnvironmentVariables,
} from './actionEnvironment';

describe('the findings stamp', () => {
  it('GIVEN an importing action THEN its variables fill every ProductFields key, the run id resolved by CodePipeline', () => {
    const variables = findingsStampVariables('orders-service-pipeline', 'SCA');
    const stamp = Object.fromEntries(
      FINDINGS_STAMP.map(s => [s.productField, variables[s.variable]]),
    );
    expect(stamp).toEqual({
      [PRODUCT_FIELD.pipeline]: 'orders-service-pipeline',
      [PRODUCT_FIELD.action]: 'SCA',
      [PRODUCT_FIELD.executionId]: '#{codepipeline.PipelineExecutionId}',
    });
    expect(new Set(FINDINGS_STAMP.map(s => s.productField))).toEqual(
      new Set(Object.values(PRODUCT_FIELD)),
    );
    expect(
      readCodeBuildEnvironmentVariables({
        EnvironmentVariables: codeBuildEnvironmentVariables(variables),
      }),
    ).toEqual(variables);
  });
});
