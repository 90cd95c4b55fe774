import { SERVICE_TAG_KEYS } from '@dpra/pipeline-contract';
import {
  BatchGetReportGroupsCommand,
  BatchGetReportsCommand,
  DescribeTestCasesCommand,
  ListReportGroupsCommand,
  ListReportsForReportGroupCommand,
  type CodeBuildClient,
  type Report,
  type TestCase,
} from '@aws-sdk/client-codebuild';
import {
  type FindingView,
  type ReportView,
  type Severity,
  codeBuildBuildId,
  reportsOfShownRuns,
} from '@dpra/plugin-pipelines-common';
import { pipelineScopeTags } from './pipelineScope';
import type {
  FindingsReadOptions,
  FindingsScope,
  FindingsTarget,
  ReportsReader,
} from './types';

/** BatchGetReports and BatchGetReportGroups accept at most 100 ARNs per call. */
const BATCH_LIMIT = 100;

/** Test case statuses that count as a failure (CodeBuild also knows SUCCEEDED, SKIPPED, UNKNOWN). */
const FAILING_TEST_STATUSES = ['FAILED', 'ERROR'] as const;

/**
 * A failed unit test keeps the change out of production (the build stage fails), so it is shown
 * as urgently as a high-severity finding.
 */
const FAILED_TEST_SEVERITY: Severity = 'HIGH';

/**
 * Options of {@link CodeBuildReportsReader}.
 *
 * @public
 */
export interface CodeBuildReportsReaderOptions<TTarget extends FindingsTarget> {
  /** Builds the CodeBuild client for a target. */
  client: (target: TTarget) => CodeBuildClient;
  /**
   * Also select report groups by tag (`dpra:pipeline` or a service tag), which costs a
   * BatchGetReportGroups over every report group of the account on each read. Off by default:
   * generated pipelines name their report groups `<pipeline>-...`.
   */
  matchReportGroupsByTag?: boolean;
  /** Tag keys that identify a service, when matching by tag. */
  serviceTagKeys?: readonly string[];
  /**
   * Latest reports read per report group, to find the report of a build the pipeline's actions
   * last ran (`scope.shownBuildIds`); one report per group is returned. Default 5.
   */
  reportsPerGroup?: number;
  /** Report groups read per pipeline at most. Default 20. */
  maxReportGroups?: number;
  /** ListReportGroups pages read at most (100 groups each). Default 10. */
  maxListPages?: number;
  /** Whether failed test cases become findings of category `UnitTest`. Default true. */
  includeFailedTestCases?: boolean;
  /** Failed test cases read per report and status at most. Default 20. */
  maxFailedTestCasesPerReport?: number;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/** `arn:aws:codebuild:<region>:<account>:report-group/<name>` → `<name>`. */
function reportGroupNameFromArn(arn: string): string {
  const marker = ':report-group/';
  const index = arn.indexOf(marker);
  return index >= 0 ? arn.slice(index + marker.length) : arn;
}

/**
 * Link to the CodeBuild console page of the build that produced a report (`executionId` is the
 * build ARN `arn:aws:codebuild:<region>:<account>:build/<project>:<run id>`), else to the report
 * history.
 */
function codeBuildConsoleUrl(target: FindingsTarget, report: Report): string {
  const region = encodeURIComponent(target.region);
  const root = `https://${region}.console.aws.amazon.com/codesuite/codebuild`;
  const match = /:build\/([^:]+):(.+)$/.exec(report.executionId ?? '');
  if (match) {
    const [, project, runId] = match;
    return `${root}/${encodeURIComponent(
      target.accountId,
    )}/projects/${encodeURIComponent(project)}/build/${encodeURIComponent(
      `${project}:${runId}`,
    )}/?region=${region}`;
  }
  return `${root}/testReports/reports?region=${region}`;
}

/**
 * Maps a CodeBuild report onto the portal's report view.
 *
 * @public
 */
export function reportToReportView(report: Report): ReportView | undefined {
  if (
    !report.arn ||
    (report.type !== 'TEST' && report.type !== 'CODE_COVERAGE')
  ) {
    return undefined;
  }
  const view: ReportView = {
    arn: report.arn,
    type: report.type,
    reportGroup: report.reportGroupArn
      ? reportGroupNameFromArn(report.reportGroupArn)
      : undefined,
    status: report.status ?? 'UNKNOWN',
    createdAt: report.created?.toISOString(),
    buildId: report.executionId
      ? codeBuildBuildId(report.executionId)
      : undefined,
  };
  if (report.type === 'TEST' && report.testSummary) {
    view.testStatusCounts = { ...(report.testSummary.statusCounts ?? {}) };
    view.testTotal = report.testSummary.total;
  }
  if (report.type === 'CODE_COVERAGE' && report.codeCoverageSummary) {
    view.lineCoveragePercentage =
      report.codeCoverageSummary.lineCoveragePercentage;
    view.branchCoveragePercentage =
      report.codeCoverageSummary.branchCoveragePercentage;
  }
  return view;
}

/**
 * Reads the latest CodeBuild test and code coverage reports of a pipeline, and its failed test
 * cases as findings of category `UnitTest`.
 *
 * A report group belongs to the pipeline when its name starts with `<pipeline name>-` (CodeBuild
 * names report groups declared in a buildspec `<project>-<group>`, and the generated projects are
 * named `<pipeline>-<action>`), is the pipeline name, or (with `matchReportGroupsByTag`) when it carries the pipeline's name tag
 * (`dpra:pipeline`) or one of its service tags.
 *
 * @public
 */
export class CodeBuildReportsReader<
  TTarget extends FindingsTarget = FindingsTarget,
> implements ReportsReader<TTarget>
{
  private readonly client: (target: TTarget) => CodeBuildClient;
  private readonly matchReportGroupsByTag: boolean;
  private readonly serviceTagKeys: readonly string[];
  private readonly reportsPerGroup: number;
  private readonly maxReportGroups: number;
  private readonly maxListPages: number;
  private readonly includeFailedTestCases: boolean;
  private readonly maxFailedTestCasesPerReport: number;

  constructor(options: CodeBuildReportsReaderOptions<TTarget>) {
    this.client = options.client;
    this.matchReportGroupsByTag = options.matchReportGroupsByTag ?? false;
    this.serviceTagKeys = options.serviceTagKeys ?? SERVICE_TAG_KEYS;
    this.reportsPerGroup = Math.max(options.reportsPerGroup ?? 5, 1);
    this.maxReportGroups = Math.max(options.maxReportGroups ?? 20, 1);
    this.maxListPages = Math.max(options.maxListPages ?? 10, 1);
    this.includeFailedTestCases = options.includeFailedTestCases ?? true;
    this.maxFailedTestCasesPerReport = Math.max(
      options.maxFailedTestCasesPerReport ?? 20,
      1,
    );
  }

  async readReports(
    target: TTarget,
    scope: FindingsScope,
    options?: FindingsReadOptions,
  ): Promise<{ reports: ReportView[]; findings: FindingView[] }> {
    const client = this.client(target);
    const send = { abortSignal: options?.abortSignal };

    const groupArns = await this.findReportGroups(client, scope, send);
    const reportArnLists = await Promise.all(
      groupArns.map(async reportGroupArn => {
        const out = await client.send(
          new ListReportsForReportGroupCommand({
            reportGroupArn,
            sortOrder: 'DESCENDING',
            maxResults: this.reportsPerGroup,
          }),
          send,
        );
        return (out.reports ?? []).slice(0, this.reportsPerGroup);
      }),
    );
    const reportArns = reportArnLists.flat();
    const reports = (
      await Promise.all(
        chunks(reportArns, BATCH_LIMIT).map(async reportArnsChunk => {
          const out = await client.send(
            new BatchGetReportsCommand({ reportArns: reportArnsChunk }),
            send,
          );
          return out.reports ?? [];
        }),
      )
    ).flat();

    // One report per group: the report of a run on the board, else the group's newest — the
    // rule the Tests section shows them by (reportsOfShownRuns), so its failures are that run's.
    const shown = new Map(
      (scope.shownBuildIds ?? []).map(buildId => [buildId, buildId]),
    );
    const kept = new Set(
      reportsOfShownRuns(
        reports
          .map(reportToReportView)
          .filter((v): v is ReportView => v !== undefined),
        shown,
      ).map(({ report }) => report.arn),
    );
    const keptReports = reports.filter(r => r.arn && kept.has(r.arn));
    const views = keptReports
      .map(reportToReportView)
      .filter((v): v is ReportView => v !== undefined)
      .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));

    const findings = this.includeFailedTestCases
      ? (
          await Promise.all(
            keptReports.map(report =>
              this.readFailedTestCases(client, target, scope, report, send),
            ),
          )
        ).flat()
      : [];
    return { reports: views, findings };
  }

  private async findReportGroups(
    client: CodeBuildClient,
    scope: FindingsScope,
    send: { abortSignal?: AbortSignal },
  ): Promise<string[]> {
    const allArns: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < this.maxListPages; page++) {
      const out = await client.send(
        new ListReportGroupsCommand({
          sortBy: 'NAME',
          sortOrder: 'ASCENDING',
          maxResults: 100,
          nextToken,
        }),
        send,
      );
      allArns.push(...(out.reportGroups ?? []));
      nextToken = out.nextToken;
      if (!nextToken) {
        break;
      }
    }

    const byName = allArns.filter(arn => {
      const name = reportGroupNameFromArn(arn);
      return (
        name === scope.pipelineName || name.startsWith(`${scope.pipelineName}-`)
      );
    });
    const wantedTags = pipelineScopeTags(scope, this.serviceTagKeys);
    const others = allArns.filter(arn => !byName.includes(arn));
    let byTag: string[] = [];
    if (this.matchReportGroupsByTag && others.length > 0) {
      const groups = (
        await Promise.all(
          chunks(others, BATCH_LIMIT).map(async reportGroupArns => {
            const out = await client.send(
              new BatchGetReportGroupsCommand({ reportGroupArns }),
              send,
            );
            return out.reportGroups ?? [];
          }),
        )
      ).flat();
      const tagged = new Set(
        groups
          .filter(group =>
            (group.tags ?? []).some(tag =>
              wantedTags.some(
                ([key, value]) => tag.key === key && tag.value === value,
              ),
            ),
          )
          .map(group => group.arn),
      );
      // Keep the listing order (by name), whatever order the batch answered in.
      byTag = others.filter(arn => tagged.has(arn));
    }
    return [...byName, ...byTag].slice(0, this.maxReportGroups);
  }

  private async readFailedTestCases(
    client: CodeBuildClient,
    target: TTarget,
    scope: FindingsScope,
    report: Report,
    send: { abortSignal?: AbortSignal },
  ): Promise<FindingView[]> {
    const counts = report.testSummary?.statusCounts ?? {};
    if (report.type !== 'TEST' || !report.arn) {
      return [];
    }
    const statuses = FAILING_TEST_STATUSES.filter(s => (counts[s] ?? 0) > 0);
    const testCases = (
      await Promise.all(
        statuses.map(async status => {
          const out = await client.send(
            new DescribeTestCasesCommand({
              reportArn: report.arn,
              filter: { status },
              maxResults: this.maxFailedTestCasesPerReport,
            }),
            send,
          );
          return (out.testCases ?? []).slice(
            0,
            this.maxFailedTestCasesPerReport,
          );
        }),
      )
    ).flat();
    const reportGroup = report.reportGroupArn
      ? reportGroupNameFromArn(report.reportGroupArn)
      : undefined;
    return testCases.map((testCase: TestCase) => {
      const testName = [
        testCase.testSuiteName ?? testCase.prefix,
        testCase.name,
      ]
        .filter(Boolean)
        .join(' › ');
      return {
        id: `${report.arn}#${testCase.testRawDataPath ?? ''}#${testName}`,
        severity: FAILED_TEST_SEVERITY,
        title: testCase.message
          ? `${testName}: ${testCase.message}`
          : `${testName} ${testCase.status?.toLowerCase() ?? 'failed'}`,
        tool: 'CodeBuild report',
        category: 'UnitTest',
        resource: reportGroup,
        firstSeenAt: report.created?.toISOString(),
        lastSeenAt: report.created?.toISOString(),
        url: codeBuildConsoleUrl(target, report),
        status: testCase.status,
        pipelineArn: scope.pipelineArn,
      };
    });
  }
}
