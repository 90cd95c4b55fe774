import {
  ACTION,
  ALARM,
  RULE,
  RULE_PROVIDER,
  STAGE,
  TAG,
} from '@dpra/pipeline-contract';
import {
  EXAMPLE_SPEC_NAMES,
  type ExampleSpecName,
  exampleSpec,
  synthJson,
} from '@dpra/stacks/testing';
import {
  SynthesizedDeclarations,
  declarationsFromTerraform,
} from './fromTerraform';

const synthesized = new Map<
  ExampleSpecName,
  Promise<SynthesizedDeclarations>
>();
/** Each example is synthesized once for the whole file. */
const declarationsOf = (name: ExampleSpecName) => {
  if (!synthesized.has(name)) {
    synthesized.set(
      name,
      synthJson(exampleSpec(name)).then(declarationsFromTerraform),
    );
  }
  return synthesized.get(name)!;
};

describe('declarationsFromTerraform', () => {
  it.each(EXAMPLE_SPEC_NAMES)(
    '%s: one pipeline in the toolchain account and region, every reference resolved',
    async name => {
      const spec = exampleSpec(name);
      const { pipelines, alarms, reportGroups } = await declarationsOf(name);
      expect(pipelines.map(p => p.declaration.name)).toEqual([
        spec.metadata.name,
      ]);
      const [pipeline] = pipelines;
      expect(pipeline).toMatchObject({
        accountId: spec.spec.toolchain.account,
        region: spec.spec.toolchain.region,
        arn: `arn:aws:codepipeline:${spec.spec.toolchain.region}:${spec.spec.toolchain.account}:${spec.metadata.name}`,
      });
      expect(pipeline.tags).toEqual(
        expect.arrayContaining([
          { key: TAG.pipeline, value: spec.metadata.name },
        ]),
      );
      // Nothing Terraform would only know at apply time is left for a reader to trip over.
      expect(JSON.stringify({ pipelines, alarms, reportGroups })).not.toMatch(
        /\$\{/,
      );
      // GetPipeline never sends a key without a value.
      expect(JSON.stringify(pipeline.declaration)).not.toMatch(/null/);
      for (const stage of pipeline.declaration.stages) {
        for (const action of stage.actions ?? []) {
          expect(Object.values(action).includes(undefined)).toBe(false);
        }
      }
    },
  );

  it('converts the app pipeline into the camelCase declaration GetPipeline returns', async () => {
    const { pipelines } = await declarationsOf('app-service');
    const { declaration } = pipelines[0];
    expect(declaration).toMatchObject({
      name: 'orders-service',
      version: 1,
      executionMode: 'QUEUED',
      pipelineType: 'V2',
      roleArn: expect.stringMatching(
        /^arn:aws:iam::111111111111:role\/[\w+=,.@-]+$/,
      ),
    });
    // Cross-region: one store per region, keyed by region, and no single artifactStore.
    expect(declaration.artifactStore).toBeUndefined();
    expect(Object.keys(declaration.artifactStores ?? {}).sort()).toEqual(
      [
        'us-east-1',
        'us-west-2',
        'eu-west-1',
        'ap-southeast-2',
        'eu-central-1',
        'ap-northeast-1',
      ].sort(),
    );
    expect(declaration.artifactStores!['eu-west-1']).toEqual({
      type: 'S3',
      location: 'orders-service-art-111111111111-eu-west-1',
      encryptionKey: {
        id: expect.stringMatching(
          /^arn:aws:kms:eu-west-1:111111111111:key\/[0-9a-f-]{36}$/,
        ),
        type: 'KMS',
      },
    });
    expect(declaration.stages.map(s => s.name)).toEqual([
      STAGE.source,
      STAGE.build,
      STAGE.beta,
      STAGE.gamma,
      STAGE.approval,
      STAGE.prodWave(1),
      STAGE.prodWave(2),
      STAGE.prodWave(3),
    ]);
    const [source] = declaration.stages[0].actions!;
    expect(source).toEqual({
      name: ACTION.source,
      actionTypeId: {
        category: 'Source',
        owner: 'AWS',
        provider: 'CodeStarSourceConnection',
        version: '1',
      },
      runOrder: 1,
      configuration: {
        BranchName: 'main',
        ConnectionArn: expect.stringMatching(
          /^arn:aws:codestar-connections:us-east-1:111111111111:connection\/[0-9a-f-]{36}$/,
        ),
        DetectChanges: 'false',
        FullRepositoryId: 'example-org/orders-service',
        OutputArtifactFormat: 'CODE_ZIP',
      },
      outputArtifacts: [{ name: 'SourceOutput' }],
      inputArtifacts: [],
      namespace: 'SourceVariables',
    });
    // Stages without conditions carry none of the keys.
    expect(Object.keys(declaration.stages[0]).sort()).toEqual([
      'actions',
      'name',
    ]);
    const wave1 = declaration.stages[5];
    expect(wave1.beforeEntry).toEqual({
      conditions: [
        {
          result: 'FAIL',
          rules: [
            {
              name: RULE.deploymentWindow,
              ruleTypeId: {
                category: 'Rule',
                owner: 'AWS',
                provider: RULE_PROVIDER.deploymentWindow,
                version: '1',
              },
              configuration: {
                Cron: '* * 9-16 ? * MON-THU *',
                TimeZone: 'UTC',
              },
            },
            {
              name: RULE.alarmBlocker('us-east-1'),
              ruleTypeId: {
                category: 'Rule',
                owner: 'AWS',
                provider: RULE_PROVIDER.cloudWatchAlarm,
                version: '1',
              },
              configuration: {
                AlarmName: ALARM.entryBlockers(
                  'orders-service',
                  'prod',
                  'us-east-1',
                ),
                AlarmStates: 'ALARM',
              },
              region: 'us-east-1',
            },
          ],
        },
      ],
    });
    expect(wave1.onSuccess?.conditions?.[0]).toMatchObject({
      result: 'ROLLBACK',
      rules: [
        {
          name: RULE.bake('us-east-1'),
          configuration: { WaitTime: '720' },
          region: 'us-east-1',
        },
      ],
    });
    expect(wave1.onFailure).toEqual({ result: 'ROLLBACK' });
    const deploy = wave1.actions!.find(
      a => a.name === ACTION.deploy('us-east-1'),
    )!;
    expect(deploy).toMatchObject({
      region: 'us-east-1',
      runOrder: 2,
      configuration: { StackName: 'orders-service-prod' },
      roleArn: 'arn:aws:iam::444444444444:role/orders-service-deploy',
    });
    // Build actions run the CodeBuild project the stack declares, by its name.
    const build = declaration.stages[1].actions!.find(
      a => a.name === ACTION.build,
    )!;
    expect(build.configuration?.ProjectName).toMatch(/^orders-service-/);
    expect(declaration.triggers).toEqual([
      {
        providerType: 'CodeStarSourceConnection',
        gitConfiguration: {
          sourceActionName: ACTION.source,
          push: [{ branches: { includes: ['main'] } }],
        },
      },
    ]);
  });

  it('places the alarms in the regions of their providers, metric math and composites included', async () => {
    const { alarms } = await declarationsOf('app-service');
    const highSeverity = alarms.find(
      a =>
        a.alarm.AlarmName ===
        ALARM.highSeverity('orders-service', 'prod', 'eu-west-1'),
    );
    expect(highSeverity).toMatchObject({
      kind: 'CompositeAlarm',
      accountId: '111111111111',
      region: 'eu-west-1',
      alarm: {
        AlarmArn: `arn:aws:cloudwatch:eu-west-1:111111111111:alarm:${ALARM.highSeverity(
          'orders-service',
          'prod',
          'eu-west-1',
        )}`,
        AlarmRule: expect.stringContaining(
          `ALARM("${ALARM.faultRate('orders-service', 'prod', 'eu-west-1')}")`,
        ),
        ActionsEnabled: true,
      },
    });
    const faultRate = alarms.find(
      a =>
        a.alarm.AlarmName ===
        ALARM.faultRate('orders-service', 'gamma', 'us-west-2'),
    );
    expect(faultRate).toMatchObject({
      kind: 'MetricAlarm',
      region: 'us-west-2',
      alarm: {
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 3,
        Threshold: 1,
        TreatMissingData: 'notBreaching',
        Metrics: expect.arrayContaining([
          {
            Id: 'faults',
            AccountId: '333333333333',
            ReturnData: false,
            MetricStat: {
              Metric: {
                Namespace: 'Orders',
                MetricName: 'Faults',
                Dimensions: [{ Name: 'Service', Value: 'orders-service' }],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ]),
      },
    });
    // Every alarm a stage condition watches exists, in the rule's region.
    const { pipelines } = await declarationsOf('app-service');
    const watched = pipelines[0].declaration.stages.flatMap(stage =>
      [
        ...(stage.beforeEntry?.conditions ?? []),
        ...(stage.onSuccess?.conditions ?? []),
      ].flatMap(c =>
        (c.rules ?? [])
          .filter(r => r.ruleTypeId?.provider === RULE_PROVIDER.cloudWatchAlarm)
          .map(r => `${r.region}/${r.configuration!.AlarmName}`),
      ),
    );
    const declared = new Set(
      alarms.map(a => `${a.region}/${a.alarm.AlarmName}`),
    );
    expect(watched.filter(w => !declared.has(w))).toEqual([]);
  });

  it('converts report groups with their tags', async () => {
    const { reportGroups } = await declarationsOf('app-service');
    expect(reportGroups.map(g => g.reportGroup.name).sort()).toEqual([
      'orders-service-tests',
      'orders-service-unit-tests',
    ]);
    // The builds that report into a group are the projects whose buildspec names it.
    expect(
      Object.fromEntries(
        reportGroups.map(g => [g.reportGroup.name, g.projectNames]),
      ),
    ).toEqual({
      'orders-service-tests': [
        'orders-service-gamma-tests',
        'orders-service-tests',
      ],
      'orders-service-unit-tests': ['orders-service-unit-tests'],
    });
    expect(reportGroups[0]).toMatchObject({
      accountId: '111111111111',
      region: 'us-east-1',
      reportGroup: {
        arn: expect.stringMatching(
          /^arn:aws:codebuild:us-east-1:111111111111:report-group\/orders-service-/,
        ),
        type: 'TEST',
        exportConfig: { exportConfigType: 'NO_EXPORT' },
        tags: expect.arrayContaining([
          { key: TAG.pipeline, value: 'orders-service' },
          { key: 'cost-center', value: 'orders' },
        ]),
      },
    });
  });

  it('resolves the account fleet OU ids and keeps them stable', async () => {
    const first = await declarationsOf('account-fleet');
    const again = declarationsFromTerraform(
      await synthJson(exampleSpec('account-fleet')),
    );
    expect(again.pipelines).toEqual(first.pipelines);
    const wave2 = first.pipelines[0].declaration.stages.find(
      s => s.name === STAGE.prodWave(2),
    )!;
    expect(wave2.actions!.map(a => a.name)).toEqual([
      ACTION.apply('Prod'),
      ACTION.apply('Security'),
    ]);
    expect(JSON.stringify(wave2.actions)).toMatch(/ou-[0-9a-f]{4}-[0-9a-f]{8}/);
  });

  it('accepts nested blocks as arrays and single values, and names a reference it cannot resolve', () => {
    const provider = {
      aws: [{ region: 'eu-west-1', allowed_account_ids: ['123456789012'] }],
    };
    const pipeline = (extra: Record<string, unknown>) => ({
      provider,
      resource: {
        aws_codepipeline: {
          p: {
            name: 'plain',
            role_arn: 'arn:aws:iam::123456789012:role/p',
            artifact_store: { location: 'bucket', type: 'S3' },
            stage: [
              {
                name: 'Deploy',
                action: [
                  {
                    name: 'Go',
                    category: 'Deploy',
                    owner: 'AWS',
                    provider: 'CodeDeploy',
                    version: '1',
                    ...extra,
                  },
                ],
                on_failure: [
                  {
                    result: 'RETRY',
                    retry_configuration: [{ retry_mode: 'ALL_ACTIONS' }],
                  },
                ],
              },
            ],
          },
        },
      },
    });
    const { pipelines } = declarationsFromTerraform({ s: pipeline({}) });
    expect(pipelines[0].declaration).toEqual({
      name: 'plain',
      roleArn: 'arn:aws:iam::123456789012:role/p',
      artifactStore: { type: 'S3', location: 'bucket' },
      stages: [
        {
          name: 'Deploy',
          actions: [
            {
              name: 'Go',
              actionTypeId: {
                category: 'Deploy',
                owner: 'AWS',
                provider: 'CodeDeploy',
                version: '1',
              },
              runOrder: 1,
              outputArtifacts: [],
              inputArtifacts: [],
            },
          ],
          onFailure: {
            result: 'RETRY',
            retryConfiguration: { retryMode: 'ALL_ACTIONS' },
          },
        },
      ],
      version: 1,
      executionMode: 'SUPERSEDED',
      pipelineType: 'V1',
    });
    expect(() =>
      declarationsFromTerraform({
        s: pipeline({
          configuration: { App: '${aws_codedeploy_app.missing.name}' },
        }),
      }),
    ).toThrow(
      's: cannot resolve the Terraform reference ${aws_codedeploy_app.missing.name}',
    );
  });
});
