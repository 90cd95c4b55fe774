import type { Construct } from 'constructs';
import { CodestarnotificationsNotificationRule } from '@cdktf/provider-aws/lib/codestarnotifications-notification-rule';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { policyDocument } from '../iamPolicy';

/** Props of {@link PipelineNotifications}. @public */
export interface PipelineNotificationsProps {
  /** Pipeline name: the topic is `<name>-notifications`, the rule `<name>-pipeline`. */
  readonly name: string;
  /** KMS key (ARN) that encrypts the topic: the home region's artifact key. */
  readonly kmsKeyArn: string;
  /** E-mail subscriptions of the topic (duplicates are dropped). @default [] */
  readonly emails?: readonly string[];
}

/**
 * The pipeline's SNS topic: manual approvals notify it, and {@link PipelineNotifications.notifyAbout}
 * sends it the pipeline's failures and pending approvals through a CodeStar Notifications rule.
 *
 * Adds its resources to `scope` itself rather than to a child construct, so their Terraform
 * addresses stay those of deployed pipelines (ADR 0003).
 *
 * @public
 */
export class PipelineNotifications {
  readonly topic: SnsTopic;
  private readonly scope: Construct;
  private readonly name: string;

  constructor(scope: Construct, props: PipelineNotificationsProps) {
    this.scope = scope;
    this.name = props.name;
    this.topic = new SnsTopic(scope, 'notifications', {
      name: `${props.name}-notifications`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    new SnsTopicPolicy(scope, 'notifications-policy', {
      arn: this.topic.arn,
      policy: policyDocument([
        {
          Sid: 'CodeStarNotifications',
          Effect: 'Allow',
          Principal: { Service: 'codestar-notifications.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: this.topic.arn,
        },
      ]),
    });
    [...new Set(props.emails ?? [])].forEach((email, i) => {
      new SnsTopicSubscription(scope, `notifications-email-${i}`, {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    });
  }

  /** Sends the topic a pipeline's failed executions and stages, and its pending approvals. */
  notifyAbout(pipelineArn: string): CodestarnotificationsNotificationRule {
    return new CodestarnotificationsNotificationRule(
      this.scope,
      'pipeline-notifications',
      {
        name: `${this.name}-pipeline`,
        resource: pipelineArn,
        detailType: 'FULL',
        eventTypeIds: [
          'codepipeline-pipeline-pipeline-execution-failed',
          'codepipeline-pipeline-manual-approval-needed',
          'codepipeline-pipeline-stage-execution-failed',
        ],
        target: [{ address: this.topic.arn, type: 'SNS' }],
      },
    );
  }
}
