import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** One account and the regions the backend may call in it. */
export interface PipelinesTargetConfig {
  accountId: string;
  regions: string[];
}

/** The typed `pipelines:` configuration, with defaults applied. */
export interface PipelinesConfig {
  aws: {
    /** Endpoint override for every AWS SDK client (local scenario endpoint, LocalStack, tests). */
    endpoint?: string;
    /** Marks the data as local demo data. */
    local: boolean;
    targets: PipelinesTargetConfig[];
    allowedRoleArns: string[];
    /** Upper bound of SDK attempts per call (adaptive retry mode). */
    maxAttempts: number;
    /** Milliseconds before an AWS request without an answer fails. */
    requestTimeoutMs: number;
    /** Milliseconds before an AWS connection that is not established fails. */
    connectionTimeoutMs: number;
  };
  refresh: {
    intervalSeconds: number;
    hotIntervalSeconds: number;
    hotForSeconds: number;
    concurrencyPerTarget: number;
    staleAfterSeconds: number;
    /** How many recent executions are read per pipeline and refresh. */
    executionsPerRefresh: number;
    /** How often the scheduler wakes the refresher (the due check runs each time). */
    tickSeconds: number;
    /** How often findings are re-read; they change per build, not per minute. */
    findingsIntervalSeconds: number;
    /**
     * Deadline of the AWS reads of one pipeline's refresh (and of one target's tag lookup): a
     * refresh that has not read everything by then fails, and the pipeline is served stale.
     */
    deadlineSeconds: number;
  };
  approvals: {
    /**
     * Deadline of one decision (the pending check and PutApprovalResult): the route answers
     * within it, with 503 (not sent) or 202 (outcome unknown, reconciled against AWS).
     */
    deadlineSeconds: number;
  };
  events: {
    /** Backstage events topic carrying EventBridge state changes (e.g. from the AWS SQS events module). */
    topic?: string;
  };
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Reads and validates the `pipelines:` block. Invalid values fail at startup, so that a typo in an
 * account id never silently turns into "nothing is reachable".
 */
export function readPipelinesConfig(config: Config): PipelinesConfig {
  const root = config.getOptionalConfig('pipelines');
  const aws = root?.getOptionalConfig('aws');
  const refresh = root?.getOptionalConfig('refresh');
  const approvals = root?.getOptionalConfig('approvals');
  const targets = (aws?.getOptionalConfigArray('targets') ?? []).map(
    (target, index) => {
      const accountId = String(target.get('accountId'));
      if (!ACCOUNT_ID.test(accountId)) {
        throw new InputError(
          `pipelines.aws.targets[${index}].accountId: "${accountId}" is not a 12-digit AWS account id`,
        );
      }
      const regions = target.getStringArray('regions');
      if (regions.length === 0) {
        throw new InputError(
          `pipelines.aws.targets[${index}].regions: at least one region is required`,
        );
      }
      return { accountId, regions };
    },
  );
  const positiveIn =
    (block: Config | undefined, path: string) =>
    (key: string, fallback: number): number => {
      const value = block?.getOptionalNumber(key) ?? fallback;
      if (!(value > 0)) {
        throw new InputError(`${path}.${key}: must be a positive number`);
      }
      return value;
    };
  const positive = positiveIn(refresh, 'pipelines.refresh');
  const positiveAws = positiveIn(aws, 'pipelines.aws');
  for (const retired of ['events.sqsQueueUrl', 'events.region']) {
    if (root?.has(retired)) {
      throw new InputError(
        `pipelines.${retired}: the plugin no longer reads an SQS queue itself; consume the queue with @backstage/plugin-events-backend-module-aws-sqs and name its topic in pipelines.events.topic (docs/adr/0006-state-change-events-through-the-events-service.md)`,
      );
    }
  }
  const intervalSeconds = positive('intervalSeconds', 60);
  const requestTimeoutMs = positiveAws('requestTimeoutMs', 10000);
  const hotIntervalSeconds = positive('hotIntervalSeconds', 10);
  return {
    aws: {
      endpoint: aws?.getOptionalString('endpoint'),
      local: aws?.getOptionalBoolean('local') ?? false,
      targets,
      allowedRoleArns: aws?.getOptionalStringArray('allowedRoleArns') ?? [],
      maxAttempts: positiveAws('maxAttempts', 4),
      requestTimeoutMs,
      connectionTimeoutMs: positiveAws(
        'connectionTimeoutMs',
        Math.min(requestTimeoutMs, 5000),
      ),
    },
    refresh: {
      intervalSeconds,
      hotIntervalSeconds,
      hotForSeconds: positive('hotForSeconds', 300),
      concurrencyPerTarget: positive('concurrencyPerTarget', 4),
      staleAfterSeconds: positive('staleAfterSeconds', 300),
      executionsPerRefresh: positive('executionsPerRefresh', 25),
      tickSeconds: positive(
        'tickSeconds',
        Math.max(1, Math.min(hotIntervalSeconds, intervalSeconds) / 2),
      ),
      findingsIntervalSeconds: positive('findingsIntervalSeconds', 300),
      deadlineSeconds: positive('deadlineSeconds', 45),
    },
    approvals: {
      deadlineSeconds: positiveIn(approvals, 'pipelines.approvals')(
        'deadlineSeconds',
        20,
      ),
    },
    events: {
      topic: root?.getOptionalString('events.topic'),
    },
  };
}
