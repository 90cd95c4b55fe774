import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { Inspector2Client } from '@aws-sdk/client-inspector2';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { FindingView, ReportView } from '@dpra/plugin-pipelines-common';

/**
 * The AWS account and region a pipeline's findings live in. Callers may add fields (credentials,
 * client configuration); the readers pass the target unchanged to the client factory.
 *
 * @public
 */
export interface FindingsTarget {
  /** AWS account id (12 digits). */
  accountId: string;
  /** AWS region, e.g. `us-east-1`. */
  region: string;
}

/**
 * Which findings belong to a pipeline.
 *
 * @public
 */
export interface FindingsScope {
  /** Pipeline ARN; every finding returned is attributed to it. */
  pipelineArn: string;
  /** Pipeline name; matches ASFF `ProductFields` written by the generated build and report group names. */
  pipelineName: string;
  /** The pipeline's tags; the service-identifying ones select findings on tagged resources. */
  tags: Record<string, string>;
  /** ECR repositories the pipeline publishes to (Inspector image findings). */
  ecrRepositoryNames?: string[];
  /** AMI ids the pipeline produced (Inspector EC2 findings of instances launched from them). */
  amiIds?: string[];
  /**
   * The builds the pipeline's actions last ran (GetPipelineState's `externalExecutionId`s, see
   * `shownActionRuns`): each report group's report of one of them is read, rather than its newest.
   */
  shownBuildIds?: string[];
}

/**
 * Builds SDK clients for a target. Production code wires credentials from
 * `@backstage/integration-aws-node` and endpoint overrides from config; tests point the clients
 * at msw.
 *
 * @public
 */
export interface FindingsClientFactory<
  TTarget extends FindingsTarget = FindingsTarget,
> {
  /** Security Hub client for the target's account and region. */
  securityHub(target: TTarget): SecurityHubClient;
  /** CodeBuild client for the target's account and region. */
  codeBuild(target: TTarget): CodeBuildClient;
  /** Inspector2 client for the target's account and region. */
  inspector2(target: TTarget): Inspector2Client;
}

/**
 * Per-call options of every reader.
 *
 * @public
 */
export interface FindingsReadOptions {
  /** Aborts the in-flight AWS calls (the caller's timeout). */
  abortSignal?: AbortSignal;
}

/**
 * Reads findings of one source.
 *
 * @public
 */
export interface FindingsSourceReader<
  TTarget extends FindingsTarget = FindingsTarget,
> {
  /** Reads the findings of the pipeline in scope; AWS SDK errors propagate unchanged. */
  readFindings(
    target: TTarget,
    scope: FindingsScope,
    options?: FindingsReadOptions,
  ): Promise<FindingView[]>;
}

/**
 * Reads CodeBuild test and coverage reports (and failed test cases as findings).
 *
 * @public
 */
export interface ReportsReader<
  TTarget extends FindingsTarget = FindingsTarget,
> {
  /** Reads the latest reports of the pipeline's report groups; AWS SDK errors propagate unchanged. */
  readReports(
    target: TTarget,
    scope: FindingsScope,
    options?: FindingsReadOptions,
  ): Promise<{ reports: ReportView[]; findings: FindingView[] }>;
}

/**
 * The findings sources the combined reader asks.
 *
 * @public
 */
export type FindingsSource = 'securityhub' | 'codebuild' | 'inspector2';

/**
 * A source that failed; its error is the AWS SDK error as thrown (its `name` is the AWS error
 * code, e.g. `ThrottlingException`), so the caller can mark the data stale with the reason.
 *
 * @public
 */
export interface FindingsSourceError {
  /** Which source failed. */
  source: FindingsSource;
  /** The error as thrown by the SDK (or by the reader). */
  error: Error;
}

/**
 * What the combined reader returns: everything the sources that answered returned, plus the
 * sources that did not.
 *
 * @public
 */
export interface FindingsReadResult {
  /** Findings of all sources, de-duplicated, most severe first. */
  findings: FindingView[];
  /** Latest test and coverage reports. */
  reports: ReportView[];
  /** Sources that failed; empty when every source answered. */
  errors: FindingsSourceError[];
}

/**
 * Reads everything the portal shows about a pipeline's security and quality.
 *
 * @public
 */
export interface FindingsReader<
  TTarget extends FindingsTarget = FindingsTarget,
> {
  /**
   * Reads all sources concurrently. One failing source does not hide the others: its error is
   * listed in `errors`. Rejects only when the call itself is aborted.
   */
  read(
    target: TTarget,
    scope: FindingsScope,
    options?: FindingsReadOptions,
  ): Promise<FindingsReadResult>;
}
