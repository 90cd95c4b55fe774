import { AwsCall } from '../protocol/identifyAwsCall';
import { AsffFinding, AwsScenario, AwsServiceError } from '../scenario/types';
import { paginate } from './pagination';

type Resource = { Type?: string; Id?: string; Tags?: Record<string, string> };

/** String-valued ASFF filter fields and how to read them from a finding. */
const STRING_FIELDS: Record<string, (f: AsffFinding) => unknown[]> = {
  Id: f => [f.Id],
  ProductArn: f => [f.ProductArn],
  AwsAccountId: f => [f.AwsAccountId],
  Region: f => [f.Region],
  GeneratorId: f => [f.GeneratorId],
  Type: f => (f.Types as string[] | undefined) ?? [],
  SeverityLabel: f => [f.Severity.Label],
  Title: f => [f.Title],
  Description: f => [f.Description],
  ProductName: f => [f.ProductName],
  CompanyName: f => [f.CompanyName],
  RecordState: f => [f.RecordState],
  WorkflowStatus: f => [
    (f.Workflow as { Status?: string } | undefined)?.Status,
  ],
  WorkflowState: f => [f.WorkflowState],
  ResourceType: f => ((f.Resources as Resource[]) ?? []).map(r => r.Type),
  ResourceId: f => ((f.Resources as Resource[]) ?? []).map(r => r.Id),
};

/** Map-valued filter fields (`{Key, Value, Comparison}`). */
const MAP_FIELDS: Record<
  string,
  (f: AsffFinding) => Array<Record<string, string>>
> = {
  ProductFields: f => [(f.ProductFields as Record<string, string>) ?? {}],
  UserDefinedFields: f => [
    (f.UserDefinedFields as Record<string, string>) ?? {},
  ],
  ResourceTags: f => ((f.Resources as Resource[]) ?? []).map(r => r.Tags ?? {}),
};

function stringMatches(
  value: unknown,
  comparison: string,
  expected: string,
): boolean {
  if (typeof value !== 'string') return comparison.startsWith('NOT_');
  switch (comparison) {
    case 'EQUALS':
      return value === expected;
    case 'PREFIX':
      return value.startsWith(expected);
    case 'CONTAINS':
      return value.includes(expected);
    case 'NOT_EQUALS':
      return value !== expected;
    case 'PREFIX_NOT_EQUALS':
      return !value.startsWith(expected);
    case 'NOT_CONTAINS':
      return !value.includes(expected);
    default:
      throw new AwsServiceError(
        'InvalidInputException',
        `Invalid comparison ${comparison}`,
      );
  }
}

/**
 * Security Hub's documented combination rule: filters of one field with positive comparisons
 * (EQUALS, PREFIX, CONTAINS) are OR-ed, negative ones (NOT_…) are AND-ed; fields are AND-ed.
 */
function fieldMatches(
  values: unknown[],
  filters: Array<{ Comparison: string; Value: string }>,
  read: (v: unknown, f: { Comparison: string; Value: string }) => boolean,
) {
  const positive = filters.filter(
    f =>
      !f.Comparison.startsWith('NOT_') && f.Comparison !== 'PREFIX_NOT_EQUALS',
  );
  const negative = filters.filter(f => !positive.includes(f));
  const candidates = values.length > 0 ? values : [undefined];
  const posOk =
    positive.length === 0 ||
    positive.some(f => candidates.some(v => read(v, f)));
  const negOk = negative.every(f => candidates.every(v => read(v, f)));
  return posOk && negOk;
}

function matches(finding: AsffFinding, filters: Record<string, any>): boolean {
  for (const [field, list] of Object.entries(filters)) {
    if (!Array.isArray(list) || list.length === 0) continue;
    if (STRING_FIELDS[field]) {
      if (
        !fieldMatches(STRING_FIELDS[field](finding), list, (v, f) =>
          stringMatches(v, f.Comparison, f.Value),
        )
      )
        return false;
    } else if (MAP_FIELDS[field]) {
      const maps = MAP_FIELDS[field](finding);
      const ok = fieldMatches(maps, list, (m, f) => {
        const map = (m ?? {}) as Record<string, string>;
        const key = (f as unknown as { Key: string }).Key;
        return stringMatches(map[key], f.Comparison, f.Value);
      });
      if (!ok) return false;
    } else {
      throw new AwsServiceError(
        'InvalidInputException',
        `The filter field ${field} is not supported by the local Security Hub`,
      );
    }
  }
  return true;
}

const SORT_FIELDS: Record<string, (f: AsffFinding) => string | number> = {
  UpdatedAt: f => f.UpdatedAt,
  CreatedAt: f => String(f.CreatedAt),
  SeverityNormalized: f => f.Severity.Normalized,
  'Severity.Normalized': f => f.Severity.Normalized,
  Title: f => String(f.Title),
};

/**
 * Security Hub (restJson1): GetFindings (`POST /findings`) with filters, sorting and pagination;
 * BatchImportFindings (`POST /findings/import`).
 */
export function handleSecurityHub(
  scenario: AwsScenario,
  call: AwsCall,
): unknown {
  if (call.operation === 'BatchImportFindings') {
    return scenario.importSecurityHubFindings(call.region, call.input.Findings);
  }
  if (call.operation !== 'GetFindings') {
    throw new AwsServiceError(
      'InvalidInputException',
      `Operation ${call.operation} is not supported by the local Security Hub`,
    );
  }
  const input = call.input;
  const maxResults = input.MaxResults;
  if (
    maxResults !== undefined &&
    (typeof maxResults !== 'number' || maxResults < 1 || maxResults > 100)
  ) {
    throw new AwsServiceError(
      'InvalidInputException',
      'MaxResults must be between 1 and 100',
    );
  }
  let findings = scenario
    .securityHubFindings(call.region)
    .filter(f => matches(f, input.Filters ?? {}));
  const sort = Array.isArray(input.SortCriteria)
    ? input.SortCriteria[0]
    : undefined;
  if (sort?.Field && SORT_FIELDS[sort.Field]) {
    const read = SORT_FIELDS[sort.Field];
    const dir = sort.SortOrder === 'asc' ? 1 : -1;
    findings = [...findings].sort((a, b) => {
      const x = read(a);
      const y = read(b);
      if (x === y) return 0;
      return x < y ? -dir : dir;
    });
  }
  const page = paginate(
    findings,
    input.NextToken,
    maxResults,
    100,
    100,
    'InvalidInputException',
  );
  return { Findings: page.items, NextToken: page.nextToken };
}
