import {
  FINDINGS_CATEGORY_BY_ACTION,
  PRODUCT_FIELD,
  SERVICE_TAG_KEYS,
} from '@dpra/pipeline-contract';
import {
  GetFindingsCommand,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
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
 * Options of {@link SecurityHubFindingsReader}.
 *
 * @public
 */
export interface SecurityHubFindingsReaderOptions<
  TTarget extends FindingsTarget,
> {
  /** Builds the Security Hub client for a target. */
  client: (target: TTarget) => SecurityHubClient;
  /** Tag keys that identify a service. Default: the contract's `SERVICE_TAG_KEYS`. */
  serviceTagKeys?: readonly string[];
  /** Findings per page (GetFindings allows at most 100). Default 100. */
  pageSize?: number;
  /** Pages read per query at most, so one noisy account cannot stall a refresh. Default 10. */
  maxPages?: number;
}

/** The first ASFF `Types` namespaces/categories that tell a category, first match wins. */
const TYPE_CATEGORY_RULES: ReadonlyArray<{
  test: (type: string) => boolean;
  category: string;
}> = [
  {
    test: t =>
      t.startsWith('Sensitive Data Identifications/Passwords') ||
      t.startsWith('Sensitive Data Identifications/Security') ||
      /secret/i.test(t),
    category: 'Secrets',
  },
  {
    test: t => /infrastructure as code|\bIaC\b|misconfiguration/i.test(t),
    category: 'IaC',
  },
  {
    test: t =>
      t.startsWith('Software and Configuration Checks/Vulnerabilities/CWE') ||
      /static analysis|\bSAST\b/i.test(t),
    category: 'SAST',
  },
  {
    test: t =>
      t.startsWith('Software and Configuration Checks/Vulnerabilities'),
    category: 'Vulnerability',
  },
  {
    test: t =>
      t.startsWith(
        'Software and Configuration Checks/AWS Security Best Practices',
      ) ||
      t.startsWith(
        'Software and Configuration Checks/Industry and Regulatory Standards',
      ) ||
      t.startsWith('Software and Configuration Checks/Patch Management'),
    category: 'Compliance',
  },
  {
    test: t =>
      t.startsWith('TTPs') ||
      t.startsWith('Effects') ||
      t.startsWith('Unusual Behaviors'),
    category: 'Threat',
  },
];

/** Resource types a pipeline scanner reports on when it scans code rather than an AWS resource. */
const CODE_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'Other',
  'CodeRepository',
]);

/**
 * The category of an ASFF finding: by the generated pipeline action that imported it
 * (`dpra:action` product field), else derived from the ASFF `Types` taxonomy. A CVE on code (resource type `Other`) rather than
 * on an AWS resource is a dependency finding, i.e. SCA.
 *
 * @public
 */
export function categorizeAsffFinding(
  finding: Pick<AwsSecurityFinding, 'Types' | 'ProductFields' | 'Resources'>,
): string {
  // The action that imported a finding tells its category better than the ASFF `Types` can.
  const action = finding.ProductFields?.[PRODUCT_FIELD.action];
  if (action && FINDINGS_CATEGORY_BY_ACTION[action]) {
    return FINDINGS_CATEGORY_BY_ACTION[action];
  }
  const types = finding.Types ?? [];
  for (const rule of TYPE_CATEGORY_RULES) {
    if (types.some(rule.test)) {
      if (
        rule.category === 'Vulnerability' &&
        CODE_RESOURCE_TYPES.has(finding.Resources?.[0]?.Type ?? '')
      ) {
        return 'SCA';
      }
      return rule.category;
    }
  }
  return 'Other';
}

/**
 * Link to the finding in the Security Hub console (the console's own search-by-Id URL, whose
 * value is encoded twice).
 *
 * @public
 */
export function securityHubFindingConsoleUrl(
  region: string,
  findingId: string,
): string {
  const encodedRegion = encodeURIComponent(region);
  return (
    `https://${encodedRegion}.console.aws.amazon.com/securityhub/home?region=${encodedRegion}` +
    `#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A${encodeURIComponent(
      encodeURIComponent(findingId),
    )}`
  );
}

/**
 * The identity of a finding across sources: Security Hub's copy of an Inspector finding has the
 * Inspector finding ARN as its `Id` (or in `ProductFields`), so both copies share the key.
 *
 * @public
 */
export function findingIdentity(
  finding: Pick<AwsSecurityFinding, 'Id' | 'ProductFields'>,
): string | undefined {
  return finding.ProductFields?.['aws/inspector/FindingArn'] ?? finding.Id;
}

/** Security Hub calls AWS's own products by their short names; the portal uses the full ones. */
const AWS_PRODUCT_NAMES: Readonly<Record<string, string>> = {
  Inspector: 'Amazon Inspector',
  GuardDuty: 'Amazon GuardDuty',
  Macie: 'Amazon Macie',
  Config: 'AWS Config',
};

/**
 * The tool that reported an ASFF finding. Imports through `BatchImportFindings` into the account's
 * default product carry the product name `Default` unless the importer set one, so the scanner's
 * own name then comes from `ProductFields` (`Product Name`, as Trivy's ASFF template writes it).
 */
function toolName(finding: AwsSecurityFinding): string {
  const fields = finding.ProductFields ?? {};
  const productName =
    finding.ProductName ?? fields['aws/securityhub/ProductName'];
  const isDefaultProduct =
    !productName || productName === 'Default' || productName === 'default';
  const name =
    (isDefaultProduct ? fields['Product Name'] : productName) ??
    productName ??
    'Security Hub';
  return AWS_PRODUCT_NAMES[name] ?? name;
}

/**
 * Maps one ASFF finding onto the portal's finding view, with the action and run that imported
 * it when the generated build stamped them.
 *
 * @public
 */
export function asffToFindingView(
  finding: AwsSecurityFinding,
  pipelineArn: string,
): FindingView | undefined {
  const id = findingIdentity(finding);
  if (!id) {
    return undefined;
  }
  const region = finding.Region ?? finding.Resources?.[0]?.Region;
  return {
    id,
    severity: normalizeSeverity({
      label: finding.Severity?.Label,
      normalized: finding.Severity?.Normalized,
    }),
    title: finding.Title ?? id,
    tool: toolName(finding),
    category: categorizeAsffFinding(finding),
    resource: finding.Resources?.[0]?.Id,
    firstSeenAt: finding.FirstObservedAt ?? finding.CreatedAt,
    lastSeenAt: finding.LastObservedAt ?? finding.UpdatedAt,
    url: region
      ? securityHubFindingConsoleUrl(region, finding.Id ?? id)
      : finding.SourceUrl,
    status: finding.Workflow?.Status ?? finding.RecordState,
    pipelineArn,
    ...stampOf(finding),
  };
}

/** The action and run the generated build stamped on a finding it imported, where it did. */
function stampOf(
  finding: Pick<AwsSecurityFinding, 'ProductFields'>,
): Pick<FindingView, 'action' | 'executionId'> {
  const action = finding.ProductFields?.[PRODUCT_FIELD.action];
  const executionId = finding.ProductFields?.[PRODUCT_FIELD.executionId];
  return {
    ...(action ? { action } : {}),
    ...(executionId ? { executionId } : {}),
  };
}

/**
 * Reads a pipeline's active findings from AWS Security Hub (ASFF).
 *
 * A finding belongs to the pipeline when the generated build imported it with the pipeline's name
 * in `ProductFields` (`dpra:pipeline`), or when it is about a resource tagged with the
 * pipeline's name (`dpra:pipeline`) or service tag (Inspector, GuardDuty and other AWS products report on resources). Security
 * Hub ANDs different filter fields, so each way is its own query; results are merged by id. A
 * finding another pipeline's build imported is that pipeline's, even on a resource this one's tags
 * select. Only
 * active, not yet resolved or suppressed findings (`RecordState=ACTIVE`, workflow `NEW` or
 * `NOTIFIED`) of the target account are read.
 *
 * @public
 */
export class SecurityHubFindingsReader<
  TTarget extends FindingsTarget = FindingsTarget,
> implements FindingsSourceReader<TTarget>
{
  private readonly client: (target: TTarget) => SecurityHubClient;
  private readonly serviceTagKeys: readonly string[];
  private readonly pageSize: number;
  private readonly maxPages: number;

  constructor(options: SecurityHubFindingsReaderOptions<TTarget>) {
    this.client = options.client;
    this.serviceTagKeys = options.serviceTagKeys ?? SERVICE_TAG_KEYS;
    ({ pageSize: this.pageSize, maxPages: this.maxPages } =
      pagingLimits(options));
  }

  /** The GetFindings filters, one set per way a finding can belong to the pipeline. */
  buildFilters(
    target: TTarget,
    scope: FindingsScope,
  ): AwsSecurityFindingFilters[] {
    const common: AwsSecurityFindingFilters = {
      AwsAccountId: [{ Value: target.accountId, Comparison: 'EQUALS' }],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      WorkflowStatus: [
        { Value: 'NEW', Comparison: 'EQUALS' },
        { Value: 'NOTIFIED', Comparison: 'EQUALS' },
      ],
    };
    const queries: AwsSecurityFindingFilters[] = [
      {
        ...common,
        ProductFields: [
          {
            Key: PRODUCT_FIELD.pipeline,
            Value: scope.pipelineName,
            Comparison: 'EQUALS',
          },
        ],
      },
    ];
    const resourceTags = pipelineScopeTags(scope, this.serviceTagKeys);
    queries.push({
      ...common,
      // EQUALS filters on one field are OR-ed: the pipeline tag or any service tag selects.
      ResourceTags: resourceTags.map(([Key, Value]) => ({
        Key,
        Value,
        Comparison: 'EQUALS',
      })),
    });
    return queries;
  }

  async readFindings(
    target: TTarget,
    scope: FindingsScope,
    options?: FindingsReadOptions,
  ): Promise<FindingView[]> {
    const client = this.client(target);
    const pages = await Promise.all(
      this.buildFilters(target, scope).map(filters =>
        this.readAllPages(client, filters, options),
      ),
    );
    const byId = new Map<string, FindingView>();
    for (const finding of pages.flat()) {
      // A run of another pipeline imported it (its resource carries the same service tag): it is
      // that pipeline's finding, and its own reader attributes it to it.
      const importedBy = finding.ProductFields?.[PRODUCT_FIELD.pipeline];
      if (importedBy && importedBy !== scope.pipelineName) continue;
      const view = asffToFindingView(finding, scope.pipelineArn);
      if (view && !byId.has(view.id)) {
        byId.set(view.id, view);
      }
    }
    return [...byId.values()];
  }

  private async readAllPages(
    client: SecurityHubClient,
    filters: AwsSecurityFindingFilters,
    options?: FindingsReadOptions,
  ): Promise<AwsSecurityFinding[]> {
    return readCappedPages(this.maxPages, async nextToken => {
      const response = await client.send(
        new GetFindingsCommand({
          Filters: filters,
          MaxResults: this.pageSize,
          NextToken: nextToken,
          SortCriteria: [{ Field: 'SeverityNormalized', SortOrder: 'desc' }],
        }),
        { abortSignal: options?.abortSignal },
      );
      return { items: response.Findings, nextToken: response.NextToken };
    });
  }
}
