import { InputError } from '@backstage/errors';
import type { AwsTarget, AwsTargetPolicy } from '../aws/AwsTarget';

/**
 * The account and region of an SQS queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`).
 * With an endpoint override the host says nothing about the region: `region` (config) or the
 * account's first configured region is used. The queue must be in a configured target, like
 * everything else the backend calls.
 */
export function queueTarget(
  queueUrl: string,
  policy: AwsTargetPolicy,
  region?: string,
): AwsTarget {
  let url: URL;
  try {
    url = new URL(queueUrl);
  } catch {
    throw new InputError(
      `pipelines.events.sqsQueueUrl: "${queueUrl}" is not a URL`,
    );
  }
  const accountId = url.pathname.split('/').filter(Boolean)[0];
  if (!/^\d{12}$/.test(accountId ?? '')) {
    throw new InputError(
      `pipelines.events.sqsQueueUrl: "${queueUrl}" has no account id in its path (/<account>/<queue>)`,
    );
  }
  const fromHost =
    /^sqs\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1] ??
    /^([a-z0-9-]+)\.queue\.amazonaws\.com$/.exec(url.hostname)?.[1];
  const resolvedRegion =
    fromHost ??
    region ??
    policy.listTargets().find(t => t.accountId === accountId)?.region;
  if (!resolvedRegion) {
    throw new InputError(
      `pipelines.events.sqsQueueUrl: account ${accountId} is not in pipelines.aws.targets`,
    );
  }
  const target = { accountId, region: resolvedRegion };
  policy.assertAllowed(target);
  return target;
}
