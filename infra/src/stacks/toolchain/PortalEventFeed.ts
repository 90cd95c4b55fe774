import type { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { policyDocument } from '../iamPolicy';

/** Props of {@link PortalEventFeed}. @public */
export interface PortalEventFeedProps {
  /** Name of the pipeline whose state changes are fed (also stems the queue and rule names). */
  readonly pipeline: string;
}

/**
 * The portal's push channel: an EventBridge rule that forwards the pipeline's execution, stage and
 * action state changes to an SQS queue (`<pipeline>-pipeline-events`), which the backend's event
 * consumer reads, so the portal refreshes a pipeline when it changes instead of polling it.
 *
 * Adds its resources to `scope` itself rather than to a child construct, so their Terraform
 * addresses stay those of deployed pipelines (ADR 0003).
 *
 * @public
 */
export class PortalEventFeed {
  readonly queue: SqsQueue;
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, props: PortalEventFeedProps) {
    const name = props.pipeline;
    this.queue = new SqsQueue(scope, 'events-queue', {
      name: `${name}-pipeline-events`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 345600,
    });
    this.rule = new CloudwatchEventRule(scope, 'state-changes', {
      name: `${name}-state-changes`,
      description: `State changes of pipeline ${name}`,
      eventPattern: JSON.stringify({
        source: ['aws.codepipeline'],
        'detail-type': [
          'CodePipeline Pipeline Execution State Change',
          'CodePipeline Stage Execution State Change',
          'CodePipeline Action Execution State Change',
        ],
        detail: { pipeline: [name] },
      }),
    });
    new CloudwatchEventTarget(scope, 'state-changes-queue', {
      rule: this.rule.name,
      arn: this.queue.arn,
      targetId: 'portal-queue',
    });
    new SqsQueuePolicy(scope, 'events-queue-policy', {
      queueUrl: this.queue.url,
      policy: policyDocument([
        {
          Sid: 'EventBridge',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: this.queue.arn,
          Condition: { ArnEquals: { 'aws:SourceArn': this.rule.arn } },
        },
      ]),
    });
  }
}
