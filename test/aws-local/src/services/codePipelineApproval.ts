import { AwsCall } from '../protocol/identifyAwsCall';
import { AwsScenario, AwsServiceError } from '../scenario/types';
import { pipelineIn, requireString } from './codePipelineInput';

/**
 * PutApprovalResult: the input checked against the API reference's constraints (the same
 * ValidationException messages), then the decision recorded by the scenario, which answers
 * ApprovalAlreadyCompleted / InvalidApprovalToken as AWS does.
 */
export function putApprovalResult(scenario: AwsScenario, call: AwsCall) {
  const input = call.input;
  const p = pipelineIn(scenario, call, requireString(input, 'pipelineName'));
  const result = input.result ?? {};
  if (result.status !== 'Approved' && result.status !== 'Rejected') {
    throw new AwsServiceError(
      'ValidationException',
      "1 validation error detected: Value at 'result.status' failed to satisfy constraint: Member must satisfy enum value set: [Rejected, Approved]",
    );
  }
  if (typeof result.summary !== 'string') {
    throw new AwsServiceError(
      'ValidationException',
      "1 validation error detected: Value null at 'result.summary' failed to satisfy constraint: Member must not be null",
    );
  }
  // ApprovalSummary is at most 512 characters; ApprovalToken is a UUID (API reference constraints).
  if (result.summary.length > 512) {
    throw new AwsServiceError(
      'ValidationException',
      "1 validation error detected: Value at 'result.summary' failed to satisfy constraint: Member must have length less than or equal to 512",
    );
  }
  if (
    !/^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/.test(
      String(input.token ?? ''),
    )
  ) {
    throw new AwsServiceError(
      'ValidationException',
      "1 validation error detected: Value at 'token' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}",
    );
  }
  return scenario.putApprovalResult({
    pipelineName: p.name,
    stageName: requireString(input, 'stageName'),
    actionName: requireString(input, 'actionName'),
    token: requireString(input, 'token'),
    status: result.status,
    summary: result.summary,
    decidedBy: call.accessKeyId
      ? `arn:aws:sts::${p.accountId}:assumed-role/backstage-dpra/${call.accessKeyId}`
      : undefined,
  });
}
