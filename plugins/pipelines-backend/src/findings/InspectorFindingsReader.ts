import { SERVICE_TAG_KEYS } from '@dpra/pipeline-contract';
import {
  ListFindingsCommand,
  type FilterCriteria,
  type Finding,
  type Inspector2Client,
} from '@aws-sdk/client-inspector2';
import type { FindingView } from '@dpra/plugin-pipelines-common';
import { pagingLimits, readCappedPages } from './cappedPages';
import { pipelineScopeTags } from './pipelineScope';
import { normalizeSeverity } from './severity';
import type {
  FindingsReadOptions,
  FindingsScope,
  FindingsSourceReader,
  FindingsTarget,
} from './types';

/**
 * Options of {@link InspectorFindingsReader}.
 *
 * @public
 */
export interface InspectorFindingsReaderOptions<
  TTarget extends FindingsTarget,
> {
  /** Builds the Inspector2 client for a target. */
  client: (target: TTarget) => Inspector2Client;
  /** Tag keys that identify a service. Default: the contract's `SERVICE_TAG_KEYS`. */
  serviceTagKeys?: readonly string[];
  /** Findings per page (ListFindings allows at most 100). Default 100. */
  pageSize?: number;
  /** Pages read per query at most. Default 10. */
  maxPages?: number;
}

const CATEGORY_BY_TYPE: Readonly<Record<string, string>> = {
  PACKAGE_VULNERABILITY: 'Vulnerability',
  // Inspector's Lambda code scanning is static analysis of the function's code.
  CODE_VULNERABILITY: 'SAST',
  NETWORK_REACHABILITY: 'Network',
};

/**
 * Maps one Inspector2 finding onto the portal's finding view. The id is the finding ARN, which is
 * also the `Id` of the copy Security Hub receives, so the two copies de-duplicate.
 *
 * @public
 */
export function inspectorFindingToView(
  finding: Finding,
  target: FindingsTarget,
  pipelineArn: string,
): FindingView | undefined {
  if (!finding.findingArn) {
    return undefined;
  }
  const vulnerability = finding.packageVulnerabilityDetails;
  const region = encodeURIComponent(
    finding.resources?.[0]?.region ?? target.region,
  );
  return {
    id: finding.findingArn,
    severity: normalizeSeverity({
      label: finding.severity,
      score: finding.inspectorScore,
    }),
    title:
      finding.title ?? vulnerability?.vulnerabilityId ?? finding.findingArn,
    tool: 'Amazon Inspector',
    category:
      (finding.type && CATEGORY_BY_TYPE[finding.type]) ?? 'Vulnerability',
    resource: finding.resources?.[0]?.id,
    firstSeenAt: finding.firstObservedAt?.toISOString(),
    lastSeenAt: (finding.lastObservedAt ?? finding.updatedAt)?.toISOString(),
    url:
      vulnerability?.sourceUrl ??
      `https://${region}.console.aws.amazon.com/inspector/v2/home?region=${region}#/findings/all`,
    status: finding.status,
    pipelineArn,
  };
}

/**
 * Reads a pipeline's active Amazon Inspector findings (ListFindings).
 *
 * A finding belongs to the pipeline when its resource carries the pipeline's name tag
 * (`dpra:pipeline`) or one of its service tags,
 * is an image in one of the pipeline's ECR repositories, or is an instance launched from one of
 * its AMIs. Inspector ANDs different filter fields, so each way is its own query; results are
 * merged by finding ARN.
 *
 * @public
 */
export class InspectorFindingsReader<
  TTarget extends FindingsTarget = FindingsTarget,
> implements FindingsSourceReader<TTarget>
{
  private readonly client: (target: TTarget) => Inspector2Client;
  private readonly serviceTagKeys: readonly string[];
  private readonly pageSize: number;
  private readonly maxPages: number;

  constructor(options: InspectorFindingsReaderOptions<TTarget>) {
    this.client = options.client;
    this.serviceTagKeys = options.serviceTagKeys ?? SERVICE_TAG_KEYS;
    ({ pageSize: this.pageSize, maxPages: this.maxPages } =
      pagingLimits(options));
  }

  /** The ListFindings filter criteria, one per way a finding can belong to the pipeline. */
  buildFilters(target: TTarget, scope: FindingsScope): FilterCriteria[] {
    const common: FilterCriteria = {
      awsAccountId: [{ comparison: 'EQUALS', value: target.accountId }],
      findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }],
    };
    const queries: FilterCriteria[] = [];
    // One query per tag: how Inspector combines several resourceTags filters is not documented,
    // and one tag per query is unambiguous either way.
    const resourceTags = pipelineScopeTags(scope, this.serviceTagKeys);
    for (const [key, value] of resourceTags) {
      queries.push({
        ...common,
        resourceTags: [{ comparison: 'EQUALS', key, value }],
      });
    }
    if (scope.ecrRepositoryNames?.length) {
      queries.push({
        ...common,
        ecrImageRepositoryName: scope.ecrRepositoryNames.map(value => ({
          comparison: 'EQUALS',
          value,
        })),
      });
    }
    if (scope.amiIds?.length) {
      queries.push({
        ...common,
        ec2InstanceImageId: scope.amiIds.map(value => ({
          comparison: 'EQUALS',
          value,
        })),
      });
    }
    return queries;
  }

  async readFindings(
    target: TTarget,
    scope: FindingsScope,
    options?: FindingsReadOptions,
  ): Promise<FindingView[]> {
    const queries = this.buildFilters(target, scope);
    const client = this.client(target);
    const pages = await Promise.all(
      queries.map(filterCriteria =>
        this.readAllPages(client, filterCriteria, options),
      ),
    );
    const byArn = new Map<string, FindingView>();
    for (const finding of pages.flat()) {
      const view = inspectorFindingToView(finding, target, scope.pipelineArn);
      if (view && !byArn.has(view.id)) {
        byArn.set(view.id, view);
      }
    }
    return [...byArn.values()];
  }

  private async readAllPages(
    client: Inspector2Client,
    filterCriteria: FilterCriteria,
    options?: FindingsReadOptions,
  ): Promise<Finding[]> {
    return readCappedPages(this.maxPages, async nextToken => {
      const response = await client.send(
        new ListFindingsCommand({
          filterCriteria,
          maxResults: this.pageSize,
          nextToken,
          sortCriteria: { field: 'INSPECTOR_SCORE', sortOrder: 'DESC' },
        }),
        { abortSignal: options?.abortSignal },
      );
      return { items: response.findings, nextToken: response.nextToken };
    });
  }
}
