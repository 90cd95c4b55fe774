import { AwsCall } from '../protocol/identifyAwsCall';
import {
  AwsScenario,
  AwsServiceError,
  CodeBuildReportRecord,
} from '../scenario/types';
import { paginate } from './pagination';

function wireReport(report: CodeBuildReportRecord) {
  const { region: _region, testCases: _cases, ...shape } = report;
  return shape;
}

/**
 * CodeBuild (awsJson1_1, target prefix `CodeBuild_20161006`): the report operations — report
 * groups, their reports (test summaries and code coverage), and test cases.
 */
/**
 * The shared part of CodeBuild's BatchGet* operations: the ARN list (1–100 items, as AWS
 * validates it) resolved against `all`, with the ARNs that were not found.
 */
function batchGetByArn<T extends { arn: string }>(
  input: Record<string, unknown>,
  field: string,
  all: readonly T[],
): { found: T[]; notFound: string[] } {
  const value = input[field];
  const arns: string[] = Array.isArray(value) ? value : [];
  if (arns.length < 1 || arns.length > 100) {
    throw new AwsServiceError(
      'InvalidInputException',
      `${field} must contain between 1 and 100 items`,
    );
  }
  const matches = arns.map(arn => all.find(item => item.arn === arn));
  return {
    found: matches.filter((item): item is T => !!item),
    notFound: arns.filter((_, i) => !matches[i]),
  };
}

export function handleCodeBuild(scenario: AwsScenario, call: AwsCall): unknown {
  const input = call.input;
  switch (call.operation) {
    case 'ListReportGroups': {
      const groups = [...scenario.reportGroups(call.region)];
      if (input.sortBy === 'NAME')
        groups.sort((a, b) => a.name.localeCompare(b.name));
      else
        groups.sort(
          (a, b) =>
            a.created.getTime() - b.created.getTime() ||
            a.name.localeCompare(b.name),
        );
      if (input.sortOrder === 'DESCENDING') groups.reverse();
      const page = paginate(
        groups,
        input.nextToken,
        input.maxResults,
        100,
        100,
        'InvalidInputException',
      );
      return {
        reportGroups: page.items.map(g => g.arn),
        nextToken: page.nextToken,
      };
    }
    case 'BatchGetReportGroups': {
      const { found, notFound } = batchGetByArn(
        input,
        'reportGroupArns',
        scenario.reportGroups(call.region),
      );
      return {
        reportGroups: found.map(g => ({
          arn: g.arn,
          name: g.name,
          type: g.type,
          exportConfig: { exportConfigType: 'NO_EXPORT' },
          created: g.created,
          lastModified: g.created,
          tags: g.tags,
          status: 'ACTIVE',
        })),
        reportGroupsNotFound: notFound,
      };
    }
    case 'ListReportsForReportGroup': {
      const groupArn = input.reportGroupArn;
      if (!scenario.reportGroups(call.region).some(g => g.arn === groupArn)) {
        throw new AwsServiceError(
          'ResourceNotFoundException',
          `Report group ${groupArn} does not exist`,
        );
      }
      let reports = scenario
        .reports(call.region)
        .filter(r => r.reportGroupArn === groupArn);
      if (input.filter?.status)
        reports = reports.filter(r => r.status === input.filter.status);
      if (input.sortOrder === 'ASCENDING') reports = [...reports].reverse();
      const page = paginate(
        reports,
        input.nextToken,
        input.maxResults,
        100,
        100,
        'InvalidInputException',
      );
      return { reports: page.items.map(r => r.arn), nextToken: page.nextToken };
    }
    case 'ListReports': {
      let reports = [...scenario.reports(call.region)];
      if (input.filter?.status)
        reports = reports.filter(r => r.status === input.filter.status);
      if (input.sortOrder === 'ASCENDING') reports.reverse();
      const page = paginate(
        reports,
        input.nextToken,
        input.maxResults,
        100,
        100,
        'InvalidInputException',
      );
      return { reports: page.items.map(r => r.arn), nextToken: page.nextToken };
    }
    case 'BatchGetReports': {
      const { found, notFound } = batchGetByArn(
        input,
        'reportArns',
        scenario.reports(call.region),
      );
      return {
        reports: found.map(wireReport),
        reportsNotFound: notFound,
      };
    }
    case 'DescribeTestCases': {
      const report = scenario
        .reports(call.region)
        .find(r => r.arn === input.reportArn);
      if (!report)
        throw new AwsServiceError(
          'ResourceNotFoundException',
          `Report ${input.reportArn} does not exist`,
        );
      let cases = report.testCases;
      if (input.filter?.status)
        cases = cases.filter(c => c.status === input.filter.status);
      if (input.filter?.keyword)
        cases = cases.filter(
          c =>
            c.name.includes(input.filter.keyword) ||
            c.prefix.includes(input.filter.keyword),
        );
      const page = paginate(
        cases,
        input.nextToken,
        input.maxResults,
        50,
        100,
        'InvalidInputException',
      );
      return {
        testCases: page.items.map(c => ({
          reportArn: report.arn,
          expired: report.expired,
          ...c,
        })),
        nextToken: page.nextToken,
      };
    }
    default:
      throw new AwsServiceError(
        'InvalidInputException',
        `Operation ${call.operation} is not supported by the local CodeBuild`,
      );
  }
}
