/** What a state-change event asks the backend to refresh. */
export type StateChangeEvent =
  | { kind: 'pipeline'; pipelineArn: string }
  | { kind: 'alarm'; region: string; alarmName: string };

const PIPELINE_ARN =
  /^arn:[a-z-]+:codepipeline:[a-z0-9-]+:\d{12}:[A-Za-z0-9.@_-]+$/;

/**
 * Reads an EventBridge event as it arrives in SQS (raw, or wrapped in an SNS notification), as
 * text or already parsed (a Backstage events payload):
 * CodePipeline pipeline/stage/action execution state changes and CloudWatch alarm state changes.
 * Anything else is ignored (undefined).
 */
export function parseStateChangeEvent(
  body: unknown,
): StateChangeEvent | undefined {
  let event: any;
  try {
    // A Backstage events payload may arrive already parsed.
    event = typeof body === 'string' ? JSON.parse(body) : body;
    if (event?.Type === 'Notification' && typeof event.Message === 'string') {
      event = JSON.parse(event.Message);
    }
  } catch {
    return undefined;
  }
  if (event?.source === 'aws.codepipeline') {
    const fromResources = (event.resources ?? []).find(
      (r: unknown) => typeof r === 'string' && PIPELINE_ARN.test(r),
    );
    if (fromResources) {
      return { kind: 'pipeline', pipelineArn: fromResources };
    }
    const name = event.detail?.pipeline;
    if (
      typeof name === 'string' &&
      /^\d{12}$/.test(event.account ?? '') &&
      event.region
    ) {
      return {
        kind: 'pipeline',
        pipelineArn: `arn:aws:codepipeline:${event.region}:${event.account}:${name}`,
      };
    }
    return undefined;
  }
  if (
    event?.source === 'aws.cloudwatch' &&
    event['detail-type'] === 'CloudWatch Alarm State Change' &&
    typeof event.detail?.alarmName === 'string' &&
    typeof event.region === 'string'
  ) {
    return {
      kind: 'alarm',
      region: event.region,
      alarmName: event.detail.alarmName,
    };
  }
  return undefined;
}
