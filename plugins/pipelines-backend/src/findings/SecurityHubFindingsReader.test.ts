import { PRODUCT_FIELD, TAG } from '@dpra/pipeline-contract';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import {
  SecurityHubFindingsReader,
  categorizeAsffFinding,
  securityHubFindingConsoleUrl,
} from './SecurityHubFindingsReader';
import {
  ACCOUNT,
  INSPECTOR_FINDING_ARN,
  PIPELINE_ARN,
  PIPELINE_NAME,
  REGION,
  SERVICE_TAGS,
  checkovIacAsff,
  guardDutyAsff,
  inspectorAsff,
  trivyScaAsff,
  trivySecretAsff,
} from './testing/securityHubFindings';
import { restJsonError, testClientFactory } from './testing/awsTestClients';
import {
  type GetFindingsBody,
  securityHubGetFindingsUrl,
  securityHubWith,
} from './testing/securityHubMsw';

const GET_FINDINGS_URL = securityHubGetFindingsUrl(REGION);
const target = { accountId: ACCOUNT, region: REGION };
const scope = {
  pipelineArn: PIPELINE_ARN,
  pipelineName: PIPELINE_NAME,
  tags: SERVICE_TAGS,
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('SecurityHubFindingsReader', () => {
  it("reads the pipeline's findings of several products, paging, scoped by product field and service tag", async () => {
    const requests: GetFindingsBody[] = [];
    const resolved = {
      ...trivyScaAsff,
      Id: 'resolved-one',
      Workflow: { Status: 'RESOLVED' },
    };
    const otherService = {
      ...guardDutyAsff,
      Id: 'other-service',
      Resources: [
        { ...guardDutyAsff.Resources[0], Tags: { [TAG.service]: 'payments' } },
      ],
    };
    // Tagged with the team tag only: the team tag does not identify the service.
    const teamOnly = {
      ...guardDutyAsff,
      Id: 'team-only',
      Resources: [{ ...guardDutyAsff.Resources[0], Tags: { team: 'orders' } }],
    };
    server.use(
      securityHubWith(
        [
          inspectorAsff,
          guardDutyAsff,
          trivyScaAsff,
          trivySecretAsff,
          checkovIacAsff,
          resolved,
          otherService,
          teamOnly,
        ],
        requests,
      ),
    );
    const reader = new SecurityHubFindingsReader({
      client: testClientFactory().securityHub,
      pageSize: 2,
    });

    const findings = await reader.readFindings(target, scope);

    expect(
      findings.map(f => [f.id, f.severity, f.tool, f.category]).sort(),
    ).toEqual(
      [
        [
          INSPECTOR_FINDING_ARN,
          'CRITICAL',
          'Amazon Inspector',
          'Vulnerability',
        ],
        [guardDutyAsff.Id, 'HIGH', 'Amazon GuardDuty', 'Threat'],
        [trivyScaAsff.Id, 'MEDIUM', 'Trivy', 'SCA'],
        [trivySecretAsff.Id, 'LOW', 'Trivy', 'Secrets'],
        [checkovIacAsff.Id, 'INFORMATIONAL', 'Checkov', 'IaC'],
      ].sort(),
    );
    const inspector = findings.find(f => f.id === INSPECTOR_FINDING_ARN)!;
    expect(inspector).toEqual({
      id: INSPECTOR_FINDING_ARN,
      severity: 'CRITICAL',
      title: 'CVE-2023-44487 - golang.org/x/net',
      tool: 'Amazon Inspector',
      category: 'Vulnerability',
      resource: inspectorAsff.Resources[0].Id,
      firstSeenAt: '2026-03-01T08:15:02.000Z',
      lastSeenAt: '2026-03-09T22:40:11.000Z',
      url: securityHubFindingConsoleUrl(REGION, INSPECTOR_FINDING_ARN),
      status: 'NEW',
      pipelineArn: PIPELINE_ARN,
    });
    // Without FirstObservedAt the creation time stands in.
    expect(findings.find(f => f.id === trivyScaAsff.Id)?.firstSeenAt).toBe(
      '2026-03-09T10:02:03.000Z',
    );
    expect(findings.find(f => f.id === guardDutyAsff.Id)?.status).toBe(
      'NOTIFIED',
    );

    // Two queries (product field; pipeline or service tag); the product-field query has 3 matches → 2 pages,
    // the tag query 2 matches → 1 page.
    expect(requests).toHaveLength(3);
    const common = {
      AwsAccountId: [{ Value: ACCOUNT, Comparison: 'EQUALS' }],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      WorkflowStatus: [
        { Value: 'NEW', Comparison: 'EQUALS' },
        { Value: 'NOTIFIED', Comparison: 'EQUALS' },
      ],
    };
    expect(requests).toEqual(
      expect.arrayContaining([
        {
          Filters: {
            ...common,
            ProductFields: [
              {
                Key: TAG.pipeline,
                Value: PIPELINE_NAME,
                Comparison: 'EQUALS',
              },
            ],
          },
          MaxResults: 2,
          SortCriteria: [{ Field: 'SeverityNormalized', SortOrder: 'desc' }],
        },
        {
          Filters: {
            ...common,
            ProductFields: [
              {
                Key: TAG.pipeline,
                Value: PIPELINE_NAME,
                Comparison: 'EQUALS',
              },
            ],
          },
          MaxResults: 2,
          NextToken: '2',
          SortCriteria: [{ Field: 'SeverityNormalized', SortOrder: 'desc' }],
        },
        {
          Filters: {
            ...common,
            ResourceTags: [
              {
                Key: TAG.pipeline,
                Value: PIPELINE_NAME,
                Comparison: 'EQUALS',
              },
              {
                Key: TAG.service,
                Value: 'orders-service',
                Comparison: 'EQUALS',
              },
            ],
          },
          MaxResults: 2,
          SortCriteria: [{ Field: 'SeverityNormalized', SortOrder: 'desc' }],
        },
      ]),
    );
  });

  it("leaves a finding another pipeline's run imported to that pipeline, though its resource carries the service tag", async () => {
    const sibling = {
      ...trivyScaAsff,
      Id: 'orders-service-infra/main.tf/CKV_AWS_1',
      ProductFields: {
        ...trivyScaAsff.ProductFields,
        [PRODUCT_FIELD.pipeline]: 'orders-service-infra',
        [PRODUCT_FIELD.executionId]: 'infra-run-1',
      },
      Resources: [
        {
          ...trivyScaAsff.Resources[0],
          Tags: { [TAG.service]: 'orders-service' },
        },
      ],
    };
    server.use(securityHubWith([trivyScaAsff, guardDutyAsff, sibling], []));
    const reader = new SecurityHubFindingsReader({
      client: testClientFactory().securityHub,
    });

    const ours = await reader.readFindings(target, scope);
    expect(ours.map(f => f.id).sort()).toEqual(
      [trivyScaAsff.Id, guardDutyAsff.Id].sort(),
    );
    // Its own pipeline reads it, with its run.
    const theirs = await reader.readFindings(target, {
      ...scope,
      pipelineArn: `${PIPELINE_ARN}-infra`,
      pipelineName: 'orders-service-infra',
    });
    expect(theirs.find(f => f.id === sibling.Id)).toMatchObject({
      pipelineArn: `${PIPELINE_ARN}-infra`,
      executionId: 'infra-run-1',
    });
  });

  it('stops paging at the page cap', async () => {
    const requests: GetFindingsBody[] = [];
    const many = Array.from({ length: 9 }, (_, i) => ({
      ...trivyScaAsff,
      Id: `finding-${i}`,
    }));
    server.use(securityHubWith(many, requests, 2));
    const reader = new SecurityHubFindingsReader({
      client: testClientFactory().securityHub,
      pageSize: 2,
      maxPages: 3,
    });
    const findings = await reader.readFindings(target, { ...scope, tags: {} });
    // The product-field query stops after 3 pages of 2; the tag query finds nothing (1 request).
    expect(requests).toHaveLength(4);
    expect(findings.map(f => f.id)).toEqual([
      'finding-0',
      'finding-1',
      'finding-2',
      'finding-3',
      'finding-4',
      'finding-5',
    ]);
  });

  it('lets a throttling error surface typed', async () => {
    server.use(
      http.post(GET_FINDINGS_URL, () =>
        restJsonError(429, 'ThrottlingException', 'Rate exceeded'),
      ),
    );
    const reader = new SecurityHubFindingsReader({
      client: testClientFactory().securityHub,
    });
    await expect(reader.readFindings(target, scope)).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 429 },
    });
  });

  it('recovers from throttling through the SDK retries when the client allows them', async () => {
    let calls = 0;
    server.use(
      http.post(GET_FINDINGS_URL, () => {
        calls += 1;
        return calls === 1
          ? restJsonError(429, 'ThrottlingException', 'Rate exceeded')
          : HttpResponse.json({ Findings: [inspectorAsff] });
      }),
    );
    const reader = new SecurityHubFindingsReader({
      client: testClientFactory({ maxAttempts: 3 }).securityHub,
    });
    const findings = await reader.readFindings(target, { ...scope, tags: {} });
    expect(findings.map(f => f.id)).toEqual([INSPECTOR_FINDING_ARN]);
    // Two queries, one of them retried once.
    expect(calls).toBe(3);
  });

  it('lets a 5xx surface typed', async () => {
    server.use(
      http.post(GET_FINDINGS_URL, () =>
        restJsonError(500, 'InternalException', 'Internal service error'),
      ),
    );
    const reader = new SecurityHubFindingsReader({
      client: testClientFactory().securityHub,
    });
    await expect(reader.readFindings(target, scope)).rejects.toMatchObject({
      name: 'InternalException',
      $metadata: { httpStatusCode: 500 },
    });
  });

  it('gives up when the caller aborts a slow call', async () => {
    server.use(
      http.post(GET_FINDINGS_URL, async () => {
        await delay(5_000);
        return HttpResponse.json({ Findings: [] });
      }),
    );
    const reader = new SecurityHubFindingsReader({
      client: testClientFactory().securityHub,
    });
    const started = Date.now();
    await expect(
      reader.readFindings(target, scope, {
        abortSignal: AbortSignal.timeout(100),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('categorizeAsffFinding', () => {
  it.each([
    [
      {
        Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
        Resources: [{ Type: 'AwsLambdaFunction', Id: 'x' }],
      },
      'Vulnerability',
    ],
    [
      {
        Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
        Resources: [{ Type: 'Other', Id: 'x' }],
      },
      'SCA',
    ],
    [
      { Types: ['Software and Configuration Checks/Vulnerabilities/CWE'] },
      'SAST',
    ],
    [{ Types: ['Sensitive Data Identifications/Passwords'] }, 'Secrets'],
    [
      {
        Types: [
          'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
        ],
      },
      'Compliance',
    ],
    [{ Types: ['Effects/Data Exfiltration'] }, 'Threat'],
    [{ Types: ['Unusual Behaviors/User'] }, 'Threat'],
    [
      {
        Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
        ProductFields: { [PRODUCT_FIELD.action]: 'SCA' },
      },
      'SCA',
    ],
    // An unknown explicit category is ignored in favour of the Types.
    [
      {
        Types: ['TTPs/Discovery'],
        ProductFields: { [PRODUCT_FIELD.action]: 'Whatever' },
      },
      'Threat',
    ],
    [{}, 'Other'],
  ] as const)('%j → %s', (finding, expected) => {
    expect(categorizeAsffFinding(finding as any)).toBe(expected);
  });
});
