import {
  ACTION,
  ALARM,
  MANAGED_BY_DPRA,
  PRODUCT_FIELD,
  TAG,
} from '@dpra/pipeline-contract';
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  BatchGetReportGroupsCommand,
  BatchGetReportsCommand,
  CodeBuildClient,
  DescribeTestCasesCommand,
  ListReportGroupsCommand,
  ListReportsForReportGroupCommand,
} from '@aws-sdk/client-codebuild';
import {
  Inspector2Client,
  ListFindingsCommand,
} from '@aws-sdk/client-inspector2';
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  LOCAL_TEST_CREDENTIALS as credentials,
  withExampleScenarioServer,
} from './testing/withExampleScenarioServer';
import { CROSS_SPAWN_REDOS, trivyAsffFinding } from './world/trivyAsff';

const NOW = new Date('2026-11-23T15:00:00Z');
const aws = withExampleScenarioServer({
  now: () => NOW,
  afterEachTest: 'reset',
});

describe('CloudWatch', () => {
  const cw = (region: string) =>
    new CloudWatchClient({ region, credentials, maxAttempts: 1 });

  it('returns the composite alarm in ALARM that blocks payments Prod-Wave2, in its region', async () => {
    // The example situation: wave 2's entry check (us-east-1) is in ALARM through its
    // high-severity composite, tripped by the fault-rate alarm.
    const entry = ALARM.entryBlockers('payments-service', 'prod', 'us-east-1');
    const highSeverity = ALARM.highSeverity(
      'payments-service',
      'prod',
      'us-east-1',
    );
    const faultRate = ALARM.faultRate('payments-service', 'prod', 'us-east-1');
    const out = await cw('us-east-1').send(
      new DescribeAlarmsCommand({
        AlarmNames: [entry, faultRate],
        AlarmTypes: ['CompositeAlarm', 'MetricAlarm'],
      }),
    );
    expect(out.CompositeAlarms).toHaveLength(1);
    const composite = out.CompositeAlarms![0];
    expect(composite.StateValue).toBe('ALARM');
    expect(composite.AlarmRule).toContain(`ALARM("${highSeverity}")`);
    expect(composite.StateUpdatedTimestamp).toEqual(
      new Date(NOW.getTime() - 40 * 60_000),
    );
    // payments-service.yaml's monitoring: namespace Payments, Service dimension.
    expect(out.MetricAlarms?.[0]).toMatchObject({
      AlarmName: faultRate,
      StateValue: 'ALARM',
      Threshold: 1,
      Metrics: expect.arrayContaining([
        expect.objectContaining({
          Id: 'faults',
          MetricStat: expect.objectContaining({
            Metric: expect.objectContaining({
              Namespace: 'Payments',
              MetricName: 'Faults',
            }),
          }),
        }),
      ]),
    });
    // The same alarm name does not exist in another region.
    const elsewhere = await cw('eu-west-1').send(
      new DescribeAlarmsCommand({
        AlarmNames: [entry],
        AlarmTypes: ['CompositeAlarm'],
      }),
    );
    expect(elsewhere.CompositeAlarms).toEqual([]);
  });

  it('returns only metric alarms when AlarmTypes is omitted, as AWS documents', async () => {
    const out = await cw('us-west-2').send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: 'orders-service-prod-us-west-2',
      }),
    );
    expect(out.CompositeAlarms ?? []).toEqual([]);
    expect(out.MetricAlarms?.map(a => a.AlarmName)).toEqual([
      'orders-service-prod-us-west-2-fault-rate',
      'orders-service-prod-us-west-2-latency-p50',
      'orders-service-prod-us-west-2-latency-p90',
      'orders-service-prod-us-west-2-latency-p99',
      'orders-service-prod-us-west-2-onebox-fault-rate',
    ]);
  });

  it('pages with NextToken', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await cw('us-east-1').send(
        new DescribeAlarmsCommand({
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          MaxRecords: 10,
          NextToken: token,
        }),
      );
      names.push(
        ...(out.MetricAlarms ?? []).map(a => a.AlarmName!),
        ...(out.CompositeAlarms ?? []).map(a => a.AlarmName!),
      );
      token = out.NextToken;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(aws.scenario.alarms('us-east-1').length);
  });

  it('records the state change in the alarm history', async () => {
    const out = await cw('us-east-1').send(
      new DescribeAlarmHistoryCommand({
        AlarmName: 'payments-service-prod-us-east-1-high-severity',
        AlarmTypes: ['CompositeAlarm'],
        HistoryItemType: 'StateUpdate',
      }),
    );
    expect(out.AlarmHistoryItems?.[0]).toMatchObject({
      AlarmType: 'CompositeAlarm',
      HistorySummary: 'Alarm updated from OK to ALARM',
      Timestamp: new Date(NOW.getTime() - 40 * 60_000),
    });
    expect(
      JSON.parse(out.AlarmHistoryItems![0].HistoryData!).newState.stateValue,
    ).toBe('ALARM');
  });

  it('answers with the new state after an alarm changes (no stale cached answer)', async () => {
    const name = 'orders-service-prod-us-east-1-high-severity';
    const read = async () =>
      (
        await cw('us-east-1').send(
          new DescribeAlarmsCommand({
            AlarmNames: [name],
            AlarmTypes: ['CompositeAlarm'],
          }),
        )
      ).CompositeAlarms![0].StateValue;
    expect(await read()).toBe('OK');
    aws.scenario.setAlarmState('us-east-1', name, 'ALARM', 'test');
    expect(await read()).toBe('ALARM');
  });

  it('surfaces a throttling fault as ThrottlingException', async () => {
    aws.scenario.injectFault({
      service: 'cloudwatch',
      operation: 'DescribeAlarms',
      kind: 'throttle',
      times: 1,
    });
    await expect(
      cw('us-east-1').send(new DescribeAlarmsCommand({})),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    // `times: 1`: the next call is answered.
    await expect(
      cw('us-east-1').send(new DescribeAlarmsCommand({})),
    ).resolves.toBeDefined();
  });
});

describe('Security Hub', () => {
  const hub = new SecurityHubClient({
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });

  it('pages the findings of a service (resource tag filter) with NextToken', async () => {
    // What AWS products write on the service's tagged resources: Inspector and GuardDuty.
    const filters = {
      ResourceTags: [
        {
          Key: TAG.service,
          Value: 'orders-service',
          Comparison: 'EQUALS' as const,
        },
      ],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' as const }],
    };
    const tagged = aws.scenario
      .securityHubFindings('us-east-1')
      .filter(f =>
        (f.Resources as Array<{ Tags?: Record<string, string> }>).some(
          r => r.Tags?.[TAG.service] === 'orders-service',
        ),
      );
    expect(tagged.length).toBeGreaterThan(10);
    const first = await hub.send(
      new GetFindingsCommand({ Filters: filters, MaxResults: 10 }),
    );
    expect(first.Findings).toHaveLength(10);
    expect(first.NextToken).toBeDefined();
    const rest = [];
    let token = first.NextToken;
    while (token) {
      const page = await hub.send(
        new GetFindingsCommand({
          Filters: filters,
          MaxResults: 10,
          NextToken: token,
        }),
      );
      rest.push(...page.Findings!);
      token = page.NextToken;
    }
    const all = [...first.Findings!, ...rest];
    expect(all.map(f => f.Id).sort()).toEqual(tagged.map(f => f.Id).sort());
    expect(new Set(all.map(f => f.ProductName))).toEqual(
      new Set(['Inspector', 'GuardDuty']),
    );
    expect(new Set(all.map(f => f.Severity?.Label))).toEqual(
      new Set(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']),
    );
  });

  it("serves the findings the generated import step imported, as Trivy's template and the step's stamp wrote them", async () => {
    const out = await hub.send(
      new GetFindingsCommand({
        Filters: {
          ProductFields: [
            {
              Key: PRODUCT_FIELD.pipeline,
              Value: 'orders-service',
              Comparison: 'EQUALS',
            },
          ],
        },
      }),
    );
    // ProductFields filters of one field are OR-ed, as in AWS: one key a call.
    const sca = out.Findings!.filter(
      f => f.ProductFields?.[PRODUCT_FIELD.action] === ACTION.sca,
    );
    expect(sca.length).toBeGreaterThan(0);
    const executions = new Set(
      aws.scenario.executions('orders-service').map(e => e.pipelineExecutionId),
    );
    for (const finding of sca) {
      expect(finding).toMatchObject({
        SchemaVersion: '2018-10-08',
        AwsAccountId: '111111111111',
        Region: 'us-east-1',
        ProductArn:
          'arn:aws:securityhub:us-east-1::product/aquasecurity/aquasecurity',
        GeneratorId: expect.stringMatching(/^Trivy\//),
        Id: expect.stringMatching(/^orders-service\/package-lock\.json\//),
        RecordState: 'ACTIVE',
      });
      expect(
        executions.has(finding.ProductFields![PRODUCT_FIELD.executionId]),
      ).toBe(true);
    }
  });

  it('imports with BatchImportFindings: refuses what lacks a required attribute or names another region, imports the rest', async () => {
    const env = {
      accountId: '111111111111',
      region: 'us-east-1',
      now: NOW.toISOString(),
    };
    const good = trivyAsffFinding('api/go.sum', CROSS_SPAWN_REDOS, env);
    const { Title, ...untitled } = trivyAsffFinding(
      'api/yarn.lock',
      CROSS_SPAWN_REDOS,
      env,
    );
    const elsewhere = trivyAsffFinding(
      'web/package-lock.json',
      CROSS_SPAWN_REDOS,
      {
        ...env,
        region: 'eu-west-1',
      },
    );
    const answer = await hub.send(
      new BatchImportFindingsCommand({
        Findings: [good, untitled, elsewhere] as any,
      }),
    );
    expect(answer).toMatchObject({
      SuccessCount: 1,
      FailedCount: 2,
      FailedFindings: [
        {
          Id: untitled.Id,
          ErrorCode: 'InvalidInput',
          ErrorMessage: 'missing Title',
        },
        {
          Id: elsewhere.Id,
          ErrorCode: 'InvalidInput',
          ErrorMessage: expect.stringContaining('not a product of us-east-1'),
        },
      ],
    });
    const read = await hub.send(
      new GetFindingsCommand({
        Filters: { Id: [{ Value: good.Id, Comparison: 'EQUALS' }] },
      }),
    );
    expect(read.Findings).toHaveLength(1);
    // Security Hub fills in the region and the normalized score of the label.
    expect(read.Findings![0]).toMatchObject({
      Region: 'us-east-1',
      Severity: { Label: 'HIGH', Normalized: 70 },
      RecordState: 'ACTIVE',
    });
    await expect(
      hub.send(new BatchImportFindingsCommand({ Findings: [] })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  it('filters by ProductFields, GeneratorId prefix and AwsAccountId', async () => {
    const out = await hub.send(
      new GetFindingsCommand({
        Filters: {
          ProductFields: [
            {
              Key: TAG.pipeline,
              Value: 'orders-service',
              Comparison: 'EQUALS',
            },
          ],
          GeneratorId: [{ Value: 'Trivy/', Comparison: 'PREFIX' }],
          AwsAccountId: [{ Value: '111111111111', Comparison: 'EQUALS' }],
        },
      }),
    );
    const expected = aws.scenario
      .securityHubFindings('us-east-1')
      .filter(
        f =>
          (f.ProductFields as Record<string, string> | undefined)?.[
            TAG.pipeline
          ] === 'orders-service' && f.GeneratorId.startsWith('Trivy/'),
      );
    expect(expected.length).toBeGreaterThan(0);
    expect(out.Findings?.map(f => f.Id).sort()).toEqual(
      expected.map(f => f.Id).sort(),
    );
    expect(out.Findings!.every(f => f.GeneratorId!.startsWith('Trivy/'))).toBe(
      true,
    );
    const none = await hub.send(
      new GetFindingsCommand({
        Filters: {
          AwsAccountId: [{ Value: '222222222222', Comparison: 'EQUALS' }],
        },
      }),
    );
    expect(none.Findings).toEqual([]);
  });
});

describe('restJson1 errors', () => {
  it('Security Hub: InvalidInputException with status 400 and the x-amzn-ErrorType header', async () => {
    const hub = new SecurityHubClient({
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    await expect(
      hub.send(new GetFindingsCommand({ MaxResults: 500 })),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    aws.scenario.injectFault({
      service: 'securityhub',
      kind: 'throttle',
      times: 1,
    });
    await expect(hub.send(new GetFindingsCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
  });

  it('Inspector2: ValidationException for a bad pagination token', async () => {
    const client = new Inspector2Client({
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    await expect(
      client.send(new ListFindingsCommand({ nextToken: 'garbage' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('CodeBuild reports', () => {
  const cb = new CodeBuildClient({
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });

  it('returns the unit-test reports of the builds the pipeline ran, each failing exactly when its run failed', async () => {
    // The report groups the example stacks declare in us-east-1: each orders pipeline's test and
    // unit-test groups.
    const groups = await cb.send(new ListReportGroupsCommand({}));
    expect([...groups.reportGroups!].sort()).toEqual(
      aws.scenario
        .reportGroups('us-east-1')
        .map(g => g.arn)
        .sort(),
    );
    const unitTestGroup = groups.reportGroups!.find(g =>
      g.endsWith('/orders-service-unit-tests'),
    )!;
    expect(unitTestGroup).toBeDefined();
    const listed = await cb.send(
      new ListReportsForReportGroupCommand({ reportGroupArn: unitTestGroup }),
    );
    const { reports, reportsNotFound } = await cb.send(
      new BatchGetReportsCommand({
        reportArns: [
          ...listed.reports!,
          'arn:aws:codebuild:us-east-1:111111111111:report/x:y',
        ],
      }),
    );
    expect(reportsNotFound).toEqual([
      'arn:aws:codebuild:us-east-1:111111111111:report/x:y',
    ]);
    // The UnitTests runs of the pipeline, newest first, by the build they ran.
    const unitTests = aws.scenario
      .executions('orders-service')
      .flatMap(e =>
        e.stageRuns
          .filter(r => r.stageName === 'Build')
          .flatMap(r => r.actions)
          .filter(
            a => a.actionName === 'UnitTests' && a.status !== 'InProgress',
          ),
      )
      .sort((a, b) => b.lastUpdateTime.getTime() - a.lastUpdateTime.getTime());
    // The newest report is of the build the UnitTests action ran last.
    const [test] = reports!;
    expect(test.executionId).toBe(
      `arn:aws:codebuild:us-east-1:111111111111:build/${unitTests[0].externalExecutionId}`,
    );
    expect(test.type).toBe('TEST');
    expect(test.created).toBeInstanceOf(Date);
    expect(test.testSummary?.total).toBe(412);
    // One definition of failure: a report of the region has failed tests exactly when the
    // action run whose build made it failed.
    const runs = new Map(
      aws.scenario
        .pipelines()
        .flatMap(p => aws.scenario.executions(p.name))
        .flatMap(e => e.stageRuns.flatMap(r => r.actions))
        .filter(a => a.externalExecutionId)
        .map(a => [
          `arn:aws:codebuild:us-east-1:111111111111:build/${a.externalExecutionId}`,
          a.status,
        ]),
    );
    const outcomes = aws.scenario.reports('us-east-1').map(r => ({
      run: runs.get(r.executionId),
      report: r.status,
      failed: r.testSummary?.statusCounts.FAILED ?? 0,
    }));
    expect(outcomes.length).toBeGreaterThan(10);
    const expected = {
      Failed: { run: 'Failed', report: 'FAILED', failed: true },
      Succeeded: { run: 'Succeeded', report: 'SUCCEEDED', failed: false },
    };
    expect(outcomes.map(o => ({ ...o, failed: o.failed > 0 }))).toEqual(
      outcomes.map(o => expected[o.run as keyof typeof expected]),
    );
    // The example history has a build whose tests failed: its failed cases are described.
    const failedReport = aws.scenario
      .reports('us-east-1')
      .find(r => r.status === 'FAILED')!;
    expect(failedReport.testSummary!.statusCounts.FAILED).toBeGreaterThan(0);

    const described = await cb.send(
      new BatchGetReportGroupsCommand({ reportGroupArns: [unitTestGroup] }),
    );
    expect(described.reportGroups?.[0]).toMatchObject({
      name: 'orders-service-unit-tests',
      type: 'TEST',
      tags: expect.arrayContaining([
        { key: TAG.managedBy, value: MANAGED_BY_DPRA },
        { key: TAG.pipeline, value: 'orders-service' },
        { key: TAG.service, value: 'orders-service' },
      ]),
    });
    expect(described.reportGroups?.[0].created).toBeInstanceOf(Date);

    const failed = await cb.send(
      new DescribeTestCasesCommand({
        reportArn: failedReport.arn,
        filter: { status: 'FAILED' },
      }),
    );
    expect(failed.testCases).toHaveLength(
      failedReport.testSummary!.statusCounts.FAILED,
    );
    expect(failed.testCases![0].message).toMatch(
      /expected: <200> but was: <409>/,
    );
  });
});

describe('Inspector2', () => {
  it('lists the ECR findings of a repository with epoch timestamps decoded as dates', async () => {
    const client = new Inspector2Client({
      region: 'eu-west-1',
      credentials,
      maxAttempts: 1,
    });
    const out = await client.send(
      new ListFindingsCommand({
        filterCriteria: {
          ecrImageRepositoryName: [
            { comparison: 'EQUALS', value: 'payments-service' },
          ],
        },
        maxResults: 3,
      }),
    );
    expect(out.findings).toHaveLength(3);
    expect(out.nextToken).toBeDefined();
    expect(out.findings![0]).toMatchObject({
      awsAccountId: '111111111111',
      type: 'PACKAGE_VULNERABILITY',
      severity: 'CRITICAL',
      status: 'ACTIVE',
    });
    expect(out.findings![0].firstObservedAt).toBeInstanceOf(Date);
    expect(
      out.findings![0].packageVulnerabilityDetails?.vulnerablePackages?.[0]
        .name,
    ).toBe('jackson-databind');

    const byScore = await client.send(
      new ListFindingsCommand({
        sortCriteria: { field: 'INSPECTOR_SCORE', sortOrder: 'ASC' },
      }),
    );
    const scores = byScore.findings!.map(f => f.inspectorScore!);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(scores[0]).toBeLessThan(scores[scores.length - 1]);
  });
});
