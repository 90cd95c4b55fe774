export interface Config {
  /**
   * The DPRA pipelines backend. AWS credentials come from the `aws:` block of
   * `@backstage/integration-aws-node` (`mainAccount`, `accounts[]` with `roleName`/`externalId`,
   * `accountDefaults`).
   */
  pipelines?: {
    aws?: {
      /**
       * Endpoint override for every AWS SDK client (CodePipeline, CloudWatch, Security Hub,
       * CodeBuild, Inspector2, and STS for account and per-entity roles): a LocalStack-style
       * target or the local scenario endpoint. When set, account roles (`roleName`) are assumed
       * through STS at this endpoint, and accounts without an `aws.accounts` entry or a default
       * role use the `aws.mainAccount` credentials directly. Default: the real AWS endpoints.
       */
      endpoint?: string;
      /**
       * Labels the data as local demo data in the API's `source` (kind `local`).
       * @default false
       */
      local?: boolean;
      /**
       * The only accounts and regions ever called. References in annotations to anything else are
       * refused and reported as problems. Default: none (nothing is called).
       */
      targets?: Array<{
        /** 12-digit AWS account id. */
        accountId: string;
        /** Regions of the account that may be called. */
        regions: string[];
      }>;
      /**
       * IAM role ARNs that entities may name in `dpra.io/aws-role-arn` to be read with instead of
       * the account's configured credentials. Default: none.
       */
      allowedRoleArns?: string[];
      /**
       * Upper bound of attempts per AWS call (SDK adaptive retry mode absorbs throttling).
       * @default 4
       */
      maxAttempts?: number;
      /**
       * Milliseconds before an AWS request without an answer fails (and the data is marked stale).
       * @default 10000
       */
      requestTimeoutMs?: number;
      /**
       * Milliseconds before an AWS connection that is not established fails (at most
       * `requestTimeoutMs`).
       * @default 5000
       */
      connectionTimeoutMs?: number;
    };
    refresh?: {
      /**
       * Seconds between refreshes of a referenced pipeline; also how often the catalog is read
       * for entities with pipeline annotations (and tag lookups run).
       * @default 60
       */
      intervalSeconds?: number;
      /**
       * Seconds between refreshes while an execution is in progress or the entity is viewed.
       * @default 10
       */
      hotIntervalSeconds?: number;
      /**
       * How long a view (`POST .../refresh`) keeps an entity hot, in seconds.
       * @default 300
       */
      hotForSeconds?: number;
      /**
       * Concurrent AWS calls per account/region, across all services.
       * @default 4
       */
      concurrencyPerTarget?: number;
      /**
       * Data older than this many seconds (or after a failed refresh) is served with
       * `freshness.stale = true`.
       * @default 300
       */
      staleAfterSeconds?: number;
      /**
       * Executions read per pipeline and refresh (newest first).
       * @default 25
       */
      executionsPerRefresh?: number;
      /**
       * How often the refresh task wakes up to refresh what is due, in seconds.
       * Default: half the smaller of `hotIntervalSeconds` and `intervalSeconds`, at least 1.
       */
      tickSeconds?: number;
      /**
       * Seconds between reads of findings and reports (Security Hub, CodeBuild, Inspector).
       * @default 300
       */
      findingsIntervalSeconds?: number;
      /**
       * Deadline of the AWS reads of one pipeline's refresh, and of the tag lookup in one
       * account/region, in seconds: whatever has not answered by then is cut off, the refresh
       * fails and the last known state is served stale, naming the call that did not answer.
       * The refresh lease lasts at least twice as long.
       * @default 45
       */
      deadlineSeconds?: number;
    };
    approvals?: {
      /**
       * Deadline of one approve/reject decision (the check that the approval still waits, and
       * `PutApprovalResult`), in seconds. The route answers within it: 503 when nothing was sent
       * (try again), 202 when AWS did not answer `PutApprovalResult` in time (the outcome is then
       * reconciled against AWS: recorded if decided, released if still pending).
       * @default 20
       */
      deadlineSeconds?: number;
    };
    events?: {
      /**
       * Backstage events topic carrying CodePipeline and CloudWatch state-change events from
       * EventBridge (e.g. an SQS queue consumed by `@backstage/plugin-events-backend-module-aws-sqs`,
       * which publishes each message under this topic); each event refreshes the pipelines it
       * concerns at once. Payloads may be the event as text or parsed, raw or wrapped in an SNS
       * notification. Default: no subscription, polling only.
       */
      topic?: string;
    };
  };
}
