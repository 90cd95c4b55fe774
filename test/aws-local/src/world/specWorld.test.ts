import { ALARM, STAGE, TAG } from '@dpra/pipeline-contract';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CodeBuildClient,
  ListReportsForReportGroupCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodePipelineClient,
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-codepipeline';
import { setupServer } from 'msw/node';
import { createAwsMswHandlers } from '../createAwsMswHandlers';
import { createDpraScenario } from '../scenario/createDpraScenario';
import type { AwsScenario } from '../scenario/types';
import { EXAMPLE_SITUATIONS } from './exampleSituations';
import type { SynthesizedDeclarations } from './fromTerraform';
import {
  exampleSpecsDir,
  loadSpecDeclarations,
  specFilesIn,
} from './loadSpecs';
import type { DeploymentWindowMode } from './specWorld';

// A Wednesday at 15:00 UTC: inside the examples' window (Monday-Thursday 09:00-16:59 UTC).
const WEDNESDAY = new Date('2026-12-02T15:00:00Z');
const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local' };
const codePipeline = (region = 'us-east-1') =>
  new CodePipelineClient({ region, credentials, maxAttempts: 1 });

/** The composite alarms of a region that are in ALARM (DescribeAlarms through the SDK). */
const compositesInAlarm = (region: string) =>
  new CloudWatchClient({ region, credentials, maxAttempts: 1 }).send(
    new DescribeAlarmsCommand({
      AlarmTypes: ['CompositeAlarm'],
      StateValue: 'ALARM',
    }),
  );

let declarations: SynthesizedDeclarations;
let scenario: AwsScenario;
let server: ReturnType<typeof setupServer>;

const worldAt = (now: Date, deploymentWindows: DeploymentWindowMode = 'open') =>
  createDpraScenario({
    now: () => now,
    world: { declarations, situations: EXAMPLE_SITUATIONS, deploymentWindows },
  });

beforeAll(async () => {
  declarations = await loadSpecDeclarations(specFilesIn(exampleSpecsDir()));
  scenario = worldAt(WEDNESDAY);
  server = setupServer(...createAwsMswHandlers(scenario));
  server.listen({ onUnhandledRequest: 'error' });
}, 120_000);
afterAll(() => server?.close());

describe('the world of dpra synth', () => {
  it('serves exactly the synthesized pipelines, their declarations and tags', async () => {
    const regions = [...new Set(declarations.pipelines.map(p => p.region))];
    // The examples' toolchains are in more than one region (payments in eu-west-1).
    expect(regions.length).toBeGreaterThan(1);
    for (const region of regions) {
      const { pipelines } = await codePipeline(region).send(
        new ListPipelinesCommand({}),
      );
      expect(pipelines?.map(p => p.name).sort()).toEqual(
        declarations.pipelines
          .filter(p => p.region === region)
          .map(p => p.declaration.name)
          .sort(),
      );
    }
    for (const synthesized of declarations.pipelines) {
      const { pipeline, metadata } = await codePipeline(
        synthesized.region,
      ).send(new GetPipelineCommand({ name: synthesized.declaration.name }));
      expect(metadata?.pipelineArn).toBe(synthesized.arn);
      // What the SDK parses off the wire is the declaration the converter produced.
      expect(pipeline).toEqual(synthesized.declaration);
      const { tags } = await codePipeline(synthesized.region).send(
        new ListTagsForResourceCommand({ resourceArn: synthesized.arn }),
      );
      expect(tags).toEqual(synthesized.tags);
      expect(tags).toContainEqual({
        key: TAG.pipeline,
        value: synthesized.declaration.name,
      });
    }
  });

  it('has 30 days of history with failures and rollbacks on every pipeline', () => {
    for (const { declaration } of declarations.pipelines) {
      const executions = scenario.executions(declaration.name);
      expect(executions.length).toBeGreaterThan(10);
      const statuses = new Set(executions.map(e => e.status));
      expect(statuses).toContain('Succeeded');
      expect(statuses).toContain('Failed');
      // A PARALLEL pipeline has no stage rollback: its failed stages stop instead.
      const rollsBack = declaration.stages.some(
        stage => stage.onFailure?.result === 'ROLLBACK',
      );
      expect(declaration.executionMode === 'PARALLEL').toBe(!rollsBack);
      expect(executions.some(e => e.executionType === 'ROLLBACK')).toBe(
        rollsBack,
      );
      // Every stage run names a stage of the declaration: the simulation runs exactly it.
      const stages = new Set(declaration.stages.map(s => s.name));
      for (const e of executions) {
        expect(e.stageRuns.filter(r => !stages.has(r.stageName))).toEqual([]);
      }
    }
  });

  it('holds the live situations: an approval waiting, a wave baking, a wave blocked, two in flight', async () => {
    expect(
      scenario.pendingApprovalToken('orders-service', STAGE.approval),
    ).toEqual(expect.any(String));
    const { stageStates } = await codePipeline().send(
      new GetPipelineStateCommand({ name: 'base-ami' }),
    );
    const wave1 = stageStates?.find(s => s.stageName === STAGE.prodWave(1));
    expect(wave1?.onSuccessConditionState?.latestExecution?.status).toBe(
      'InProgress',
    );
    // Wave 2 adds us-west-2; its entry alarm is in ALARM.
    const { CompositeAlarms } = await compositesInAlarm('us-west-2');
    expect(CompositeAlarms?.map(a => a.AlarmName)).toEqual([
      ALARM.highSeverity('base-ami', 'prod', 'us-west-2'),
    ]);
    const { pipelineExecutionSummaries } = await codePipeline().send(
      new ListPipelineExecutionsCommand({ pipelineName: 'org-fleet' }),
    );
    expect(
      pipelineExecutionSummaries?.filter(e => e.status === 'InProgress'),
    ).toHaveLength(2);
    // The orders service's PARALLEL pipeline: one run waits at its approval, a newer one builds.
    const parallel = await codePipeline().send(
      new ListPipelineExecutionsCommand({ pipelineName: 'orders-infra' }),
    );
    expect(
      parallel.pipelineExecutionSummaries
        ?.filter(e => e.status === 'InProgress')
        .map(e => e.executionMode),
    ).toEqual(['PARALLEL', 'PARALLEL']);
    // Payments (toolchain in eu-west-1) bakes wave 1 while wave 2's entry alarm is in ALARM.
    const payments = await codePipeline('eu-west-1').send(
      new GetPipelineStateCommand({ name: 'payments-service' }),
    );
    expect(
      payments.stageStates?.find(s => s.stageName === STAGE.prodWave(1))
        ?.onSuccessConditionState?.latestExecution?.status,
    ).toBe('InProgress');
    const blocking = await compositesInAlarm('us-east-1');
    // Its entry check watches the organisation's blockers with the service's high-severity alarm.
    expect(blocking.CompositeAlarms?.map(a => a.AlarmName)).toEqual([
      ALARM.entryBlockers('payments-service', 'prod', 'us-east-1'),
      ALARM.highSeverity('payments-service', 'prod', 'us-east-1'),
    ]);
  });

  it('issues a fresh approval token on every start', () => {
    const first = scenario.pendingApprovalToken('orders-service');
    scenario.reset();
    expect(scenario.pendingApprovalToken('orders-service')).not.toBe(first);
  });

  it('reports the unit tests of the build into the report group the project names', async () => {
    const group = declarations.reportGroups.find(
      g => g.reportGroup.name === 'orders-service-unit-tests',
    )!;
    const { reports } = await new CodeBuildClient({
      region: group.region,
      credentials,
      maxAttempts: 1,
    }).send(
      new ListReportsForReportGroupCommand({
        reportGroupArn: group.reportGroup.arn,
      }),
    );
    expect(reports?.length).toBeGreaterThan(0);
  });

  it('evaluates deployment windows when asked: on a Saturday no production wave is entered', () => {
    const saturday = new Date('2026-12-05T12:00:00Z');
    const closed = worldAt(saturday, 'evaluate');
    const baking = closed.executions('base-ami')[0];
    expect(baking.status).toBe('Failed');
    expect(baking.statusSummary).toBe(
      `Stage ${STAGE.prodWave(
        1,
      )} was not entered: outside its deployment window`,
    );
    const open = worldAt(saturday, 'open');
    expect(open.executions('base-ami')[0].status).toBe('InProgress');
  });

  it('refuses a situation for a pipeline the specs do not declare, naming both', () => {
    expect(() =>
      createDpraScenario({
        world: {
          declarations,
          situations: [{ pipeline: 'nope', situation: 'building' }],
        },
      }),
    ).toThrow(
      /situation building names pipeline nope, which the specs do not declare \(declared: .*orders-service/,
    );
  });
});
