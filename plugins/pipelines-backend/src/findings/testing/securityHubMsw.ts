import { http, HttpResponse } from 'msw';
import { restJsonError } from './awsTestClients';
import { findingImportRefusal } from '@dpra/aws-local';

/** The body of a GetFindings request as the SDK sends it. */
export type GetFindingsBody = {
  Filters: Record<string, Array<Record<string, string>>>;
  MaxResults?: number;
  NextToken?: string;
  SortCriteria?: unknown;
};

/** Security Hub's GetFindings URL (restJson1, `POST /findings`) in a region. */
export function securityHubGetFindingsUrl(region: string): string {
  return `https://securityhub.${region}.amazonaws.com/findings`;
}

/** The filter fields {@link securityHubWith} applies; any other is refused, not ignored. */
const FILTER_FIELDS = new Set([
  'AwsAccountId',
  'RecordState',
  'WorkflowStatus',
  'ProductFields',
  'ResourceTags',
]);

/**
 * A GetFindings endpoint that applies the two filter kinds the reader uses the way Security Hub
 * does (EQUALS on one field OR-ed, fields AND-ed) and pages with NextToken. It reads `findings`
 * at each request, so findings imported meanwhile ({@link securityHubImport}) are served.
 */
export function securityHubWith(
  findings: ReadonlyArray<Record<string, any>>,
  requests: GetFindingsBody[],
  pageSize = 2,
  region = 'us-east-1',
) {
  return http.post(securityHubGetFindingsUrl(region), async ({ request }) => {
    const body = (await request.json()) as GetFindingsBody;
    requests.push(body);
    const { Filters } = body;
    const unknown = Object.keys(Filters).filter(f => !FILTER_FIELDS.has(f));
    if (unknown.length > 0) {
      return restJsonError(
        400,
        'InvalidInputException',
        `filter fields not served here: ${unknown.join(', ')}`,
      );
    }
    const matching = findings.filter(f => {
      const anyEquals = (
        filters: Array<Record<string, string>> | undefined,
        value: (filter: Record<string, string>) => string | undefined,
        actual: (filter: Record<string, string>) => string | undefined,
      ) => !filters || filters.some(filter => value(filter) === actual(filter));
      return (
        anyEquals(
          Filters.AwsAccountId,
          x => x.Value,
          () => f.AwsAccountId,
        ) &&
        anyEquals(
          Filters.RecordState,
          x => x.Value,
          () => f.RecordState,
        ) &&
        anyEquals(
          Filters.WorkflowStatus,
          x => x.Value,
          () => f.Workflow?.Status,
        ) &&
        anyEquals(
          Filters.ProductFields,
          x => x.Value,
          x => f.ProductFields?.[x.Key],
        ) &&
        anyEquals(
          Filters.ResourceTags,
          x => x.Value,
          x =>
            f.Resources?.find((r: any) => r.Tags?.[x.Key] === x.Value)
              ? x.Value
              : undefined,
        )
      );
    });
    const start = body.NextToken ? Number(body.NextToken) : 0;
    const page = matching.slice(start, start + pageSize);
    const next =
      start + pageSize < matching.length ? String(start + pageSize) : undefined;
    return HttpResponse.json({
      Findings: page,
      ...(next ? { NextToken: next } : {}),
    });
  });
}

/**
 * A BatchImportFindings endpoint (`POST /findings/import`, at most 100 findings a call) that
 * keeps what it takes in `findings` as Security Hub does: one finding per `ProductArn` and `Id`
 * (a later import updates it), a new one in workflow status `NEW` and, unless the importer said
 * otherwise, record state `ACTIVE`. A finding Security Hub refuses (`findingImportRefusal` of the
 * local AWS) is reported in `FailedFindings` and not kept.
 */
export function securityHubImport(
  findings: Array<Record<string, any>>,
  region = 'us-east-1',
) {
  return http.post(
    `${securityHubGetFindingsUrl(region)}/import`,
    async ({ request }) => {
      const body = (await request.json()) as {
        Findings: Array<Record<string, any>>;
      };
      if (
        !Array.isArray(body.Findings) ||
        body.Findings.length < 1 ||
        body.Findings.length > 100
      ) {
        return restJsonError(
          400,
          'InvalidInputException',
          'Findings must hold 1 to 100 findings',
        );
      }
      const failed: Array<Record<string, string>> = [];
      for (const finding of body.Findings) {
        const reason = findingImportRefusal(finding, region);
        if (reason) {
          failed.push({
            Id: String(finding.Id),
            ErrorCode: 'InvalidInput',
            ErrorMessage: reason,
          });
          continue;
        }
        const index = findings.findIndex(
          f => f.Id === finding.Id && f.ProductArn === finding.ProductArn,
        );
        const kept = {
          RecordState: 'ACTIVE',
          ...finding,
          Workflow: findings[index]?.Workflow ?? { Status: 'NEW' },
        };
        if (index >= 0) {
          findings[index] = kept;
        } else {
          findings.push(kept);
        }
      }
      return HttpResponse.json({
        FailedCount: failed.length,
        SuccessCount: body.Findings.length - failed.length,
        FailedFindings: failed,
      });
    },
  );
}
