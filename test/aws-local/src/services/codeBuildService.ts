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
      const arns: string[] = Array.isArray(input.reportGroupArns)
        ? input.reportGroupArns
        : [];
      if (arns.length < 1 || arns.length > 100) {
        throw new AwsServiceError(
          'InvalidInputException',
          'reportGroupArns must contain between 1 and 100 items',
        );
      }
      const all = scenario.reportGroups(call.region);
      const found = arns.map(arn => all.find(g => g.arn === arn));
      return {
        reportGroups: found
          .filter((g): g is NonNullable<typeof g> => !!g)
          .map(g => ({
            arn: g.arn,
            name: g.name,
            type: g.type,
            exportConfig: { exportConfigType: 'NO_EXPORT' },
            created: g.created,
            lastModified: g.created,
            tags: g.tags,
            status: 'ACTIVE',
          })),
        reportGroupsNotFound: arns.filter((_, i) => !found[i]),
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
      const arns: string[] = Array.isArray(input.reportArns)
        ? input.reportArns
        : [];
      if (arns.length < 1 || arns.length > 100) {
        throw new AwsServiceError(
          'InvalidInputException',
          'reportArns must contain between 1 and 100 items',
        );
      }
      const all = scenario.reports(call.region);
      const found = arns.map(arn => all.find(r => r.arn === arn));
      return {
        reports: found
          .filter((r): r is CodeBuildReportRecord => !!r)
          .map(wireReport),
        reportsNotFound: arns.filter((_, i) => !found[i]),
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
