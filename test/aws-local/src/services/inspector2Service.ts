import { AwsCall } from '../protocol/identifyAwsCall';
import {
  AwsScenario,
  AwsServiceError,
  Inspector2Finding,
} from '../scenario/types';
import { paginate } from './pagination';

type StringFilter = {
  comparison: 'EQUALS' | 'PREFIX' | 'NOT_EQUALS';
  value: string;
};

const STRING_FIELDS: Record<string, (f: Inspector2Finding) => unknown[]> = {
  awsAccountId: f => [f.awsAccountId],
  findingArn: f => [f.findingArn],
  findingStatus: f => [f.status],
  findingType: f => [f.type],
  severity: f => [f.severity],
  title: f => [f.title],
  resourceType: f => (f.resources as Array<{ type: string }>).map(r => r.type),
  resourceId: f => (f.resources as Array<{ id: string }>).map(r => r.id),
  ecrImageRepositoryName: f =>
    (
      f.resources as Array<{
        details?: { awsEcrContainerImage?: { repositoryName?: string } };
      }>
    ).map(r => r.details?.awsEcrContainerImage?.repositoryName),
  vulnerabilityId: f => [
    (f.packageVulnerabilityDetails as { vulnerabilityId?: string } | undefined)
      ?.vulnerabilityId,
  ],
};

function stringOk(value: unknown, filter: StringFilter) {
  if (typeof value !== 'string') return filter.comparison === 'NOT_EQUALS';
  if (filter.comparison === 'EQUALS') return value === filter.value;
  if (filter.comparison === 'PREFIX') return value.startsWith(filter.value);
  return value !== filter.value;
}

const SEVERITY_RANK: Record<string, number> = {
  INFORMATIONAL: 0,
  LOW: 1,
  MEDIUM: 2,
  HIGH: 3,
  CRITICAL: 4,
  UNTRIAGED: -1,
};

/** `sortCriteria: {field, sortOrder}` for the fields a findings view sorts by. */
function sortFindings(
  findings: Inspector2Finding[],
  criteria: { field?: string; sortOrder?: string } | undefined,
) {
  const readers: Record<string, (f: Inspector2Finding) => number> = {
    INSPECTOR_SCORE: f => Number(f.inspectorScore ?? 0),
    SEVERITY: f => SEVERITY_RANK[f.severity] ?? -1,
    FIRST_OBSERVED_AT: f => (f.firstObservedAt as Date).getTime(),
    LAST_OBSERVED_AT: f => (f.lastObservedAt as Date).getTime(),
  };
  const read = criteria?.field ? readers[criteria.field] : undefined;
  if (!read) return findings;
  const dir = criteria?.sortOrder === 'ASC' ? 1 : -1;
  return [...findings].sort((a, b) => (read(a) - read(b)) * dir);
}

/** Inspector2 (restJson1, `POST /findings/list`): ListFindings with the common filter criteria. */
export function handleInspector2(
  scenario: AwsScenario,
  call: AwsCall,
): unknown {
  if (call.operation !== 'ListFindings') {
    throw new AwsServiceError(
      'ValidationException',
      `Operation ${call.operation} is not supported by the local Inspector2`,
    );
  }
  const criteria: Record<string, any> = call.input.filterCriteria ?? {};
  const findings = scenario.inspectorFindings(call.region).filter(f => {
    for (const [field, filters] of Object.entries(criteria)) {
      if (!Array.isArray(filters) || filters.length === 0) continue;
      if (field === 'resourceTags') {
        const tags = (
          f.resources as Array<{ tags?: Record<string, string> }>
        ).map(r => r.tags ?? {});
        if (
          !filters.every((m: { key: string; value: string }) =>
            tags.some(t => t[m.key] === m.value),
          )
        )
          return false;
        continue;
      }
      const read = STRING_FIELDS[field];
      if (!read) {
        throw new AwsServiceError(
          'ValidationException',
          `The filter ${field} is not supported by the local Inspector2`,
        );
      }
      const values = read(f);
      const positive = filters.filter(
        (x: StringFilter) => x.comparison !== 'NOT_EQUALS',
      );
      const negative = filters.filter(
        (x: StringFilter) => x.comparison === 'NOT_EQUALS',
      );
      if (
        positive.length &&
        !positive.some((x: StringFilter) => values.some(v => stringOk(v, x)))
      )
        return false;
      if (
        !negative.every((x: StringFilter) => values.every(v => stringOk(v, x)))
      )
        return false;
    }
    return true;
  });
  const sorted = sortFindings(findings, call.input.sortCriteria);
  const page = paginate(
    sorted,
    call.input.nextToken,
    call.input.maxResults,
    50,
    100,
    'ValidationException',
  );
  return {
    findings: page.items.map(({ region: _region, ...finding }) => finding),
    nextToken: page.nextToken,
  };
}
