import { TAG } from '@dpra/pipeline-contract';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { InspectorFindingsReader } from './InspectorFindingsReader';
import {
  ACCOUNT,
  INSPECTOR_FINDING_ARN,
  PIPELINE_ARN,
  PIPELINE_NAME,
  REGION,
  SERVICE_TAGS,
} from './testing/securityHubFindings';
import {
  AMI_ID,
  amiInstanceFinding,
  closedFinding,
  ecrImageFinding,
  informationalFinding,
  lambdaCodeFinding,
  networkFinding,
  otherServiceFinding,
} from './testing/inspectorFindings';
import { restJsonError, testClientFactory } from './testing/awsTestClients';

const LIST_FINDINGS_URL = `https://inspector2.${REGION}.amazonaws.com/findings/list`;
const target = { accountId: ACCOUNT, region: REGION };
const scope = {
  pipelineArn: PIPELINE_ARN,
  pipelineName: PIPELINE_NAME,
  tags: SERVICE_TAGS,
  ecrRepositoryNames: ['orders-service'],
  amiIds: [AMI_ID],
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type ListFindingsBody = {
  filterCriteria: Record<string, Array<Record<string, string>>>;
  maxResults?: number;
  nextToken?: string;
  sortCriteria?: unknown;
};

/** ListFindings applying the filters the reader uses (values of one field OR-ed, fields AND-ed). */
function inspectorWith(
  findings: Array<Record<string, any>>,
  requests: ListFindingsBody[],
  pageSize = 2,
) {
  return http.post(LIST_FINDINGS_URL, async ({ request }) => {
    const body = (await request.json()) as ListFindingsBody;
    requests.push(body);
    const c = body.filterCriteria;
    const any = (
      filters: Array<Record<string, string>> | undefined,
      matches: (filter: Record<string, string>) => boolean,
    ) => !filters || filters.some(matches);
    const matching = findings.filter(f => {
      const resource = f.resources[0];
      return (
        any(c.awsAccountId, x => x.value === f.awsAccountId) &&
        any(c.findingStatus, x => x.value === f.status) &&
        any(c.resourceTags, x => resource.tags?.[x.key] === x.value) &&
        any(
          c.ecrImageRepositoryName,
          x =>
            resource.details?.awsEcrContainerImage?.repositoryName === x.value,
        ) &&
        any(
          c.ec2InstanceImageId,
          x => resource.details?.awsEc2Instance?.imageId === x.value,
        )
      );
    });
    const start = body.nextToken ? Number(body.nextToken) : 0;
    const next =
      start + pageSize < matching.length ? String(start + pageSize) : undefined;
    return HttpResponse.json({
      findings: matching.slice(start, start + pageSize),
      ...(next ? { nextToken: next } : {}),
    });
  });
}

describe('InspectorFindingsReader', () => {
  it('reads active findings by service tag, ECR repository and AMI, de-duplicated, with every severity', async () => {
    const requests: ListFindingsBody[] = [];
    server.use(
      inspectorWith(
        [
          ecrImageFinding,
          amiInstanceFinding,
          lambdaCodeFinding,
          networkFinding,
          informationalFinding,
          otherServiceFinding,
          closedFinding,
        ],
        requests,
      ),
    );
    const reader = new InspectorFindingsReader({
      client: testClientFactory().inspector2,
      pageSize: 2,
    });

    const findings = await reader.readFindings(target, scope);

    expect(findings.map(f => [f.title, f.severity, f.category]).sort()).toEqual(
      [
        ['CVE-2023-44487 - golang.org/x/net', 'CRITICAL', 'Vulnerability'],
        ['CVE-2024-6387 - openssh', 'HIGH', 'Vulnerability'],
        ['CWE-117 - Log injection', 'MEDIUM', 'SAST'],
        ['Port 22 is reachable from an Internet Gateway', 'LOW', 'Network'],
        ['CVE-2024-0000 - busybox', 'INFORMATIONAL', 'Vulnerability'],
      ].sort(),
    );
    expect(findings.find(f => f.id === INSPECTOR_FINDING_ARN)).toEqual({
      id: INSPECTOR_FINDING_ARN,
      severity: 'CRITICAL',
      title: 'CVE-2023-44487 - golang.org/x/net',
      tool: 'Amazon Inspector',
      category: 'Vulnerability',
      resource: ecrImageFinding.resources[0].id,
      firstSeenAt: '2026-03-01T08:15:02.000Z',
      lastSeenAt: '2026-03-09T22:40:11.000Z',
      url: 'https://nvd.nist.gov/vuln/detail/CVE-2023-44487',
      status: 'ACTIVE',
      pipelineArn: PIPELINE_ARN,
    });
    expect(
      findings.find(f => f.id === informationalFinding.findingArn)?.url,
    ).toBe(
      'https://us-east-1.console.aws.amazon.com/inspector/v2/home?region=us-east-1#/findings/all',
    );

    const common = {
      awsAccountId: [{ comparison: 'EQUALS', value: ACCOUNT }],
      findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }],
    };
    const firstPages = requests.filter(r => !r.nextToken);
    expect(firstPages.map(r => r.filterCriteria)).toEqual([
      {
        ...common,
        resourceTags: [
          { comparison: 'EQUALS', key: TAG.pipeline, value: PIPELINE_NAME },
        ],
      },
      {
        ...common,
        resourceTags: [
          {
            comparison: 'EQUALS',
            key: TAG.service,
            value: 'orders-service',
          },
        ],
      },
      {
        ...common,
        ecrImageRepositoryName: [
          { comparison: 'EQUALS', value: 'orders-service' },
        ],
      },
      {
        ...common,
        ec2InstanceImageId: [{ comparison: 'EQUALS', value: AMI_ID }],
      },
    ]);
    expect(firstPages[0].sortCriteria).toEqual({
      field: 'INSPECTOR_SCORE',
      sortOrder: 'DESC',
    });
    // Pipeline tag: none → 1 request; service tag: 4 matches → 2 pages; repository: 2 → 1 page;
    // AMI: 1 → 1 page.
    expect(requests).toHaveLength(5);
  });

  it('asks by the pipeline tag alone when the pipeline has no service tag, repository or AMI', async () => {
    const requests: ListFindingsBody[] = [];
    const pipelineTagged = {
      ...networkFinding,
      resources: [
        {
          ...networkFinding.resources[0],
          tags: { [TAG.pipeline]: PIPELINE_NAME },
        },
      ],
    };
    server.use(inspectorWith([ecrImageFinding, pipelineTagged], requests));
    const reader = new InspectorFindingsReader({
      client: testClientFactory().inspector2,
    });
    const findings = await reader.readFindings(target, {
      pipelineArn: PIPELINE_ARN,
      pipelineName: PIPELINE_NAME,
      tags: { team: 'orders' },
    });
    expect(findings.map(f => f.id)).toEqual([networkFinding.findingArn]);
    expect(requests.map(r => r.filterCriteria.resourceTags)).toEqual([
      [{ comparison: 'EQUALS', key: TAG.pipeline, value: PIPELINE_NAME }],
    ]);
  });

  it('lets throttling and 5xx surface typed', async () => {
    server.use(
      http.post(LIST_FINDINGS_URL, () =>
        restJsonError(429, 'ThrottlingException', 'Rate exceeded'),
      ),
    );
    const reader = new InspectorFindingsReader({
      client: testClientFactory().inspector2,
    });
    await expect(reader.readFindings(target, scope)).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
    });

    server.use(
      http.post(LIST_FINDINGS_URL, () =>
        restJsonError(500, 'InternalServerException', 'Internal failure'),
      ),
    );
    await expect(reader.readFindings(target, scope)).rejects.toMatchObject({
      name: 'InternalServerException',
      $metadata: { httpStatusCode: 500 },
    });
  });

  it('gives up when the caller aborts', async () => {
    server.use(
      http.post(LIST_FINDINGS_URL, async () => {
        await delay(5_000);
        return HttpResponse.json({ findings: [] });
      }),
    );
    const reader = new InspectorFindingsReader({
      client: testClientFactory().inspector2,
    });
    await expect(
      reader.readFindings(target, scope, {
        abortSignal: AbortSignal.timeout(100),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
