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
  const positive = (key: string, fallback: number): number => {
    const value = refresh?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) {
      throw new InputError(
        `pipelines.refresh.${key}: must be a positive number`,
      );
    }
    return value;
  };
  for (const retired of ['events.sqsQueueUrl', 'events.region']) {
    if (root?.has(retired)) {
      throw new InputError(
        `pipelines.${retired}: the plugin no longer reads an SQS queue itself; consume the queue with @backstage/plugin-events-backend-module-aws-sqs and name its topic in pipelines.events.topic (docs/adr/0006-state-change-events-through-the-events-service.md)`,
      );
    }
  }
  const intervalSeconds = positive('intervalSeconds', 60);
  const hotIntervalSeconds = positive('hotIntervalSeconds', 10);
  return {
    aws: {
      endpoint: aws?.getOptionalString('endpoint'),
      local: aws?.getOptionalBoolean('local') ?? false,
      targets,
      allowedRoleArns: aws?.getOptionalStringArray('allowedRoleArns') ?? [],
      maxAttempts: aws?.getOptionalNumber('maxAttempts') ?? 4,
      requestTimeoutMs: aws?.getOptionalNumber('requestTimeoutMs') ?? 10000,
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
    },
    events: {
      topic: root?.getOptionalString('events.topic'),
    },
  };
}
