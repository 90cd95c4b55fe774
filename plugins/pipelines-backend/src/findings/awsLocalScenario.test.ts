import { TAG } from '@dpra/pipeline-contract';
import { createAwsMswHandlers, createDpraScenario } from '@dpra/aws-local';
import { setupServer } from 'msw/node';
import { createFindingsReader } from './createFindingsReader';
import { countBySeverity } from './severity';
import { testClientFactory } from './testing/awsTestClients';

/**
 * The findings readers against the shared local AWS scenario (`@dpra/aws-local`), which the portal
 * and the end-to-end tests use: the same wire protocols, the demo world's findings and reports.
 */
const scenario = createDpraScenario({
  now: () => new Date('2026-11-23T15:00:00Z'),
});
const server = setupServer(...createAwsMswHandlers(scenario));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => scenario.clearFaults());
afterAll(() => server.close());

const target = { accountId: scenario.accountId, region: 'us-east-1' };
const scope = {
  pipelineArn: `arn:aws:codepipeline:us-east-1:${scenario.accountId}:orders-service-pipeline`,
  pipelineName: 'orders-service-pipeline',
  tags: { [TAG.service]: 'orders-service', team: 'orders' },
  ecrRepositoryNames: ['orders-service'],
};

describe('findings readers against the local AWS scenario', () => {
  it("reads the demo pipeline's findings of every product and its latest reports", async () => {
    const reader = createFindingsReader({ clientFactory: testClientFactory() });

    const result = await reader.read(target, scope);

    expect(result.errors).toEqual([]);
    const counts = countBySeverity(result.findings);
    for (const severity of Object.keys(counts) as Array<keyof typeof counts>) {
      expect(counts[severity]).toBeGreaterThan(0);
    }
    expect(result.findings[0].severity).toBe('CRITICAL');
    expect(new Set(result.findings.map(f => f.tool))).toEqual(
      new Set([
        'Amazon Inspector',
        'Trivy',
        'Checkov',
        'Amazon GuardDuty',
        'CodeBuild report',
      ]),
    );
    expect(new Set(result.findings.map(f => f.category))).toEqual(
      new Set(['Vulnerability', 'SCA', 'IaC', 'Threat', 'UnitTest']),
    );
    // Nothing of the other service leaks in.
    expect(
      result.findings.filter(f => (f.resource ?? '').includes('payments')),
    ).toEqual([]);
    expect(new Set(result.findings.map(f => f.id)).size).toBe(
      result.findings.length,
    );

    const test = result.reports.find(r => r.type === 'TEST');
    expect(test).toMatchObject({
      reportGroup: 'orders-service-pipeline-UnitTests',
      status: 'FAILED',
      testTotal: 412,
      testStatusCounts: expect.objectContaining({ FAILED: 3 }),
    });
    expect(result.findings.filter(f => f.category === 'UnitTest')).toHaveLength(
      3,
    );
    expect(
      result.reports.find(r => r.type === 'CODE_COVERAGE')
        ?.lineCoveragePercentage,
    ).toBe(81.4);
  });

  it('returns Inspector and CodeBuild results while Security Hub throttles', async () => {
    scenario.injectFault({ service: 'securityhub', kind: 'throttle' });
    const reader = createFindingsReader({ clientFactory: testClientFactory() });

    const result = await reader.read(target, scope);

    expect(
      result.errors.map(e => ({ source: e.source, name: e.error.name })),
    ).toEqual([{ source: 'securityhub', name: 'ThrottlingException' }]);
    expect(new Set(result.findings.map(f => f.tool))).toEqual(
      new Set(['Amazon Inspector', 'CodeBuild report']),
    );
    expect(result.reports).toHaveLength(2);
  });
});
