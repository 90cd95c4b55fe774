import { AwsCall } from '../protocol/identifyAwsCall';
import {
  AwsScenario,
  AwsServiceError,
  ScenarioPipeline,
} from '../scenario/types';

/*
 * Input checks every CodePipeline operation shares, failing as CodePipeline does: a missing
 * member is a ValidationException, an unknown pipeline (in the call's region) a
 * PipelineNotFoundException.
 */

/** A required string member of the input. */
export function requireString(
  input: Record<string, any>,
  member: string,
): string {
  const value = input[member];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsServiceError(
      'ValidationException',
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** The pipeline of that name in the call's region. */
export function pipelineIn(
  scenario: AwsScenario,
  call: AwsCall,
  name: string,
): ScenarioPipeline {
  const p = scenario
    .pipelines()
    .find(x => x.name === name && x.region === call.region);
  if (!p) {
    throw new AwsServiceError(
      'PipelineNotFoundException',
      `Account '${scenario.accountId}' does not have a pipeline with name '${name}'`,
    );
  }
  return p;
}
