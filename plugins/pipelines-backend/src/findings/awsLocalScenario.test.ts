import { ACTION, TAG } from '@dpra/pipeline-contract';
import { LATEST_TEST_REPORT } from '@dpra/aws-local';
import { withExampleScenarioServer } from '@dpra/aws-local/testing';
import { createFindingsReader } from './createFindingsReader';
import { countBySeverity } from './severity';
import { testClientFactory } from './testing/awsTestClients';

/**
 * The findings readers against the shared local AWS scenario (`@dpra/aws-local`), which the portal
 * and the end-to-end tests use: the same wire protocols, the example specs' world with its findings
 * and reports. The scope is the orders service's app pipeline as the world declares it.
 */
const PIPELINE = 'orders-service';
const aws = withExampleScenarioServer({
  now: () => new Date('2026-11-23T15:00:00Z'),
  afterEachTest: 'clearFaults',
});
let target: { accountId: string; region: string };
let scope: {
  pipelineArn: string;
  pipelineName: string;
  tags: Record<string, string>;
  ecrRepositoryNames: string[];
};
beforeAll(() => {
  const pipeline = aws.scenario.pipelines().find(p => p.name === PIPELINE)!;
  target = { accountId: pipeline.accountId, region: pipeline.region };
  scope = {
    pipelineArn: `arn:aws:codepipeline:${pipeline.region}:${pipeline.accountId}:${pipeline.name}`,
    pipelineName: pipeline.name,
    tags: {
      [TAG.service]: pipeline.tags.find(t => t.key === TAG.service)!.value,
    },
    ecrRepositoryNames: [PIPELINE],
  };
});

describe('findings readers against the local AWS scenario', () => {
  it("reads the app pipeline's findings of every product and its latest reports", async () => {
    const reader = createFindingsReader({ clientFactory: testClientFactory() });

    const result = await reader.read(target, scope);

    expect(result.errors).toEqual([]);
    const counts = countBySeverity(result.findings);
    for (const severity of Object.keys(counts) as Array<keyof typeof counts>) {
      expect(counts[severity]).toBeGreaterThan(0);
    }
    expect(result.findings[0].severity).toBe('CRITICAL');
    expect(new Set(result.findings.map(f => f.tool))).toEqual(
      new Set(['Amazon Inspector', 'Trivy', 'Amazon GuardDuty']),
    );
    // The newest unit-test run passed: no failed test is a finding (see the report below).
    expect(new Set(result.findings.map(f => f.category))).toEqual(
      new Set(['Vulnerability', 'SCA', 'IaC', 'Threat']),
    );
    // The build's SCA and IaC findings, imported by the generated step: each names its run.
    const executions = new Set(
      aws.scenario.executions(PIPELINE).map(e => e.pipelineExecutionId),
    );
    const imported = result.findings.filter(f => f.tool === 'Trivy');
    expect(new Set(imported.map(f => f.action))).toEqual(
      new Set([ACTION.sca, ACTION.iacScan]),
    );
    for (const finding of imported) {
      expect(executions.has(finding.executionId!)).toBe(true);
    }
    // Nothing of the other service leaks in.
    expect(
      result.findings.filter(f => (f.resource ?? '').includes('payments')),
    ).toEqual([]);
    expect(new Set(result.findings.map(f => f.id)).size).toBe(
      result.findings.length,
    );

    // The newest report of the pipeline's unit-test group (app-service.yaml's unitTestCommands):
    // the build of the UnitTests action's latest run, which passed, so no test failed.
    const unitTests = aws.scenario
      .executions(PIPELINE)
      .flatMap(e => e.stageRuns.flatMap(r => r.actions))
      .filter(a => a.actionName === 'UnitTests' && a.status !== 'InProgress')
      .sort(
        (a, b) => b.lastUpdateTime.getTime() - a.lastUpdateTime.getTime(),
      )[0];
    expect(unitTests.status).toBe('Succeeded');
    const test = result.reports.find(
      r => r.type === 'TEST' && r.reportGroup === `${PIPELINE}-unit-tests`,
    );
    expect(test).toMatchObject({
      status: 'SUCCEEDED',
      buildId: unitTests.externalExecutionId,
      testTotal: LATEST_TEST_REPORT.total,
      testStatusCounts: expect.objectContaining({ FAILED: 0 }),
    });
    expect(result.reports.every(r => r.type === 'TEST')).toBe(true);
  });

  it("returns Inspector's findings and CodeBuild's reports while Security Hub throttles", async () => {
    aws.scenario.injectFault({ service: 'securityhub', kind: 'throttle' });
    const reader = createFindingsReader({ clientFactory: testClientFactory() });

    const result = await reader.read(target, scope);

    expect(
      result.errors.map(e => ({ source: e.source, name: e.error.name })),
    ).toEqual([{ source: 'securityhub', name: 'ThrottlingException' }]);
    expect(new Set(result.findings.map(f => f.tool))).toEqual(
      new Set(['Amazon Inspector']),
    );
    expect(result.reports).toHaveLength(2);
  });
});
