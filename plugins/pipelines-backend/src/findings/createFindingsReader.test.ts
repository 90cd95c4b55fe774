import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { createFindingsReader } from './createFindingsReader';
import { countBySeverity } from './severity';
import {
  ACCOUNT,
  INSPECTOR_FINDING_ARN,
  PIPELINE_ARN,
  PIPELINE_NAME,
  REGION,
  SERVICE_TAGS,
  guardDutyAsff,
  inspectorAsff,
  trivyScaAsff,
} from './testing/securityHubFindings';
import { ecrImageFinding, networkFinding } from './testing/inspectorFindings';
import {
  UNIT_GROUP_ARN,
  UNIT_REPORT_ARN,
  failedTestCases,
  unitReport,
} from './testing/codeBuildReports';
import {
  awsJsonError,
  awsJsonOperations,
  restJsonError,
  testClientFactory,
} from './testing/awsTestClients';

const SECURITY_HUB = `https://securityhub.${REGION}.amazonaws.com/findings`;
const INSPECTOR = `https://inspector2.${REGION}.amazonaws.com/findings/list`;
const CODEBUILD = `https://codebuild.${REGION}.amazonaws.com/`;
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

const securityHubAnswers = http.post(SECURITY_HUB, async ({ request }) => {
  const body = (await request.json()) as any;
  // Product-field query → the build's imports; tag query → AWS products' findings.
  return HttpResponse.json({
    Findings: body.Filters.ProductFields
      ? [trivyScaAsff]
      : [inspectorAsff, guardDutyAsff],
  });
});
const inspectorAnswers = http.post(INSPECTOR, () =>
  HttpResponse.json({ findings: [ecrImageFinding, networkFinding] }),
);
const codeBuildAnswers = awsJsonOperations(CODEBUILD, 'CodeBuild_20161006', {
  ListReportGroups: () => ({ reportGroups: [UNIT_GROUP_ARN] }),
  ListReportsForReportGroup: () => ({ reports: [UNIT_REPORT_ARN] }),
  BatchGetReports: () => ({ reports: [unitReport] }),
  DescribeTestCases: input =>
    input.filter.status === 'FAILED'
      ? { testCases: failedTestCases }
      : { testCases: [] },
});

describe('createFindingsReader', () => {
  it('merges all sources, keeps one copy of a finding seen by Security Hub and Inspector, most severe first', async () => {
    server.use(securityHubAnswers, inspectorAnswers, codeBuildAnswers);
    const reader = createFindingsReader({ clientFactory: testClientFactory() });

    const result = await reader.read(target, scope);

    expect(result.errors).toEqual([]);
    expect(result.reports.map(r => r.arn)).toEqual([UNIT_REPORT_ARN]);
    const ids = result.findings.map(f => f.id);
    expect(ids.filter(id => id === INSPECTOR_FINDING_ARN)).toHaveLength(1);
    // The Security Hub copy wins: it carries the workflow status.
    expect(
      result.findings.find(f => f.id === INSPECTOR_FINDING_ARN)?.status,
    ).toBe('NEW');
    // 3 Security Hub + 1 more from Inspector + 3 failed unit tests.
    expect(result.findings).toHaveLength(7);
    expect(result.findings.map(f => f.severity)).toEqual([
      'CRITICAL',
      'HIGH',
      'HIGH',
      'HIGH',
      'HIGH',
      'MEDIUM',
      'LOW',
    ]);
    expect(countBySeverity(result.findings)).toEqual({
      CRITICAL: 1,
      HIGH: 4,
      MEDIUM: 1,
      LOW: 1,
      INFORMATIONAL: 0,
    });
    expect(new Set(result.findings.map(f => f.tool))).toEqual(
      new Set([
        'Amazon Inspector',
        'Amazon GuardDuty',
        'Trivy',
        'CodeBuild report',
      ]),
    );
    expect(result.findings.every(f => f.pipelineArn === PIPELINE_ARN)).toBe(
      true,
    );
  });

  it('returns what the other sources found when one source is throttled and another fails', async () => {
    server.use(
      http.post(SECURITY_HUB, () =>
        restJsonError(429, 'ThrottlingException', 'Rate exceeded'),
      ),
      inspectorAnswers,
      awsJsonOperations(CODEBUILD, 'CodeBuild_20161006', {
        ListReportGroups: () =>
          awsJsonError(
            500,
            'InternalFailure',
            'We encountered an internal error.',
          ),
      }),
    );
    const reader = createFindingsReader({ clientFactory: testClientFactory() });

    const result = await reader.read(target, scope);

    expect(result.findings.map(f => f.id)).toEqual([
      INSPECTOR_FINDING_ARN,
      networkFinding.findingArn,
    ]);
    expect(result.findings[0].status).toBe('ACTIVE');
    expect(result.reports).toEqual([]);
    expect(
      result.errors.map(e => ({ source: e.source, name: e.error.name })),
    ).toEqual([
      { source: 'securityhub', name: 'ThrottlingException' },
      { source: 'codebuild', name: 'InternalFailure' },
    ]);
  });

  it('skips sources turned off', async () => {
    const calls: string[] = [];
    server.use(
      http.post(SECURITY_HUB, () => {
        calls.push('securityhub');
        return HttpResponse.json({ Findings: [] });
      }),
      http.post(INSPECTOR, () => {
        calls.push('inspector2');
        return HttpResponse.json({ findings: [] });
      }),
      codeBuildAnswers,
    );
    const reader = createFindingsReader({
      clientFactory: testClientFactory(),
      inspector2: false,
      codeBuild: false,
    });
    const result = await reader.read(target, scope);
    expect(result).toEqual({ findings: [], reports: [], errors: [] });
    expect(new Set(calls)).toEqual(new Set(['securityhub']));
  });

  it('rejects as a whole when the caller aborts', async () => {
    server.use(
      http.post(SECURITY_HUB, async () => {
        await delay(5_000);
        return HttpResponse.json({ Findings: [] });
      }),
      inspectorAnswers,
      codeBuildAnswers,
    );
    const reader = createFindingsReader({ clientFactory: testClientFactory() });
    await expect(
      reader.read(target, scope, { abortSignal: AbortSignal.timeout(150) }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
