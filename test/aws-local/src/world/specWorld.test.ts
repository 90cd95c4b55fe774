import {
  ACTION,
  ALARM,
  PRODUCT_FIELD,
  STAGE,
  TAG,
} from '@dpra/pipeline-contract';
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
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-codepipeline';
import {
  Inspector2Client,
  ListFindingsCommand,
} from '@aws-sdk/client-inspector2';
import {
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
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

  it('holds a stage for one execution at a time: QUEUED runs wait in line, SUPERSEDED ones are superseded', async () => {
    // The stage each execution last ran (ListActionExecutions), by execution id.
    const lastStage = async (pipelineName: string, region: string) => {
      const { actionExecutionDetails } = await codePipeline(region).send(
        new ListActionExecutionsCommand({ pipelineName }),
      );
      const last = new Map<string, string>();
      for (const d of [...(actionExecutionDetails ?? [])].reverse()) {
        last.set(d.pipelineExecutionId!, d.stageName!);
      }
      return last;
    };
    const inFlight = async (pipelineName: string, region: string) =>
      (
        await codePipeline(region).send(
          new ListPipelineExecutionsCommand({ pipelineName }),
        )
      ).pipelineExecutionSummaries!.filter(e => e.status === 'InProgress');
    const wave1 = STAGE.prodWave(1);

    // base-ami (QUEUED): one run bakes in Prod-Wave1, two newer ones wait to enter it, in order.
    const image = await inFlight('base-ami', 'us-east-1');
    expect(image).toHaveLength(3);
    const { stageStates } = await codePipeline().send(
      new GetPipelineStateCommand({ name: 'base-ami' }),
    );
    const holder = stageStates!.find(s => s.stageName === wave1)!
      .latestExecution!.pipelineExecutionId;
    expect(image.map(e => e.pipelineExecutionId).pop()).toBe(holder);
    const imageLast = await lastStage('base-ami', 'us-east-1');
    const before = declarations.pipelines
      .find(p => p.declaration.name === 'base-ami')!
      .declaration.stages.map(s => s.name);
    const stageBefore = before[before.indexOf(wave1) - 1];
    for (const waiting of image.slice(0, 2)) {
      expect(imageLast.get(waiting.pipelineExecutionId!)).toBe(stageBefore);
    }

    // payments-service (SUPERSEDED): of the two newer runs, the later superseded the earlier.
    const { pipelineExecutionSummaries } = await codePipeline('eu-west-1').send(
      new ListPipelineExecutionsCommand({ pipelineName: 'payments-service' }),
    );
    const [newest, superseded, baking] = pipelineExecutionSummaries!;
    expect([newest.status, superseded.status, baking.status]).toEqual([
      'InProgress',
      'Superseded',
      'InProgress',
    ]);
    const payments = scenario.executions('payments-service');
    expect(
      payments.find(
        e => e.pipelineExecutionId === superseded.pipelineExecutionId,
      )?.statusSummary,
    ).toBe(`Superseded by ${newest.pipelineExecutionId}`);
    expect(
      (await lastStage('payments-service', 'eu-west-1')).get(
        newest.pipelineExecutionId!,
      ),
    ).toBe(stageBefore);
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

describe("the base AMI's Inspector findings, imported by its generated image scan", () => {
  const hub = new SecurityHubClient({
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
  const imageScans = async () => {
    const { Findings } = await hub.send(
      new GetFindingsCommand({
        Filters: {
          ProductFields: [
            {
              Key: PRODUCT_FIELD.pipeline,
              Value: 'base-ami',
              Comparison: 'EQUALS',
            },
          ],
        },
        MaxResults: 100,
      }),
    );
    return Findings!.filter(
      f => f.ProductFields?.[PRODUCT_FIELD.action] === ACTION.imageScan,
    );
  };
  /** The ImageScan runs of base-ami that finished, newest first. */
  const scanRuns = () =>
    scenario
      .executions('base-ami')
      .filter(e =>
        e.stageRuns.some(r =>
          r.actions.some(
            a => a.actionName === ACTION.imageScan && a.status !== 'InProgress',
          ),
        ),
      );

  it('stamps every finding with the pipeline, the ImageScan action and the run of the two latest scans', async () => {
    const findings = await imageScans();
    expect(findings.length).toBeGreaterThan(0);
    const [newest, previous] = scanRuns();
    expect(
      new Set(findings.map(f => f.ProductFields![PRODUCT_FIELD.executionId])),
    ).toEqual(
      new Set([newest.pipelineExecutionId, previous.pipelineExecutionId]),
    );
    for (const finding of findings) {
      expect(Object.keys(finding.ProductFields!).sort()).toEqual(
        [
          'Product Name',
          PRODUCT_FIELD.pipeline,
          PRODUCT_FIELD.action,
          PRODUCT_FIELD.executionId,
        ].sort(),
      );
      // Each run scanned its own image build.
      expect(finding.Id).toMatch(
        /^arn:aws:imagebuilder:us-east-1:111111111111:image\/base-ami\/1\.2\.0\/\d+\/CVE-/,
      );
    }
  });

  it('imports each finding exactly as the generated jq program writes it from the ImageScanFinding Image Builder saved', async () => {
    // The newest scan's openssl finding: a finding Inspector scored, with a fix and no advisory.
    const [newest] = scanRuns();
    const finding = (await imageScans()).find(
      f =>
        f.ProductFields![PRODUCT_FIELD.executionId] ===
          newest.pipelineExecutionId && f.Id!.endsWith('/CVE-2023-0286'),
    )!;
    const scan = newest.stageRuns
      .flatMap(r => r.actions)
      .find(a => a.actionName === ACTION.imageScan)!;
    const build = finding.Id!.replace(/\/CVE-2023-0286$/, '');
    const ami = finding.Resources![0].Id!.split('/').pop();
    expect(ami).toMatch(/^ami-0[0-9a-f]{16}$/);
    const observed = scan.startTime.toISOString().replace('Z', '+00:00');
    expect(finding).toEqual({
      SchemaVersion: '2018-10-08',
      Id: `${build}/CVE-2023-0286`,
      ProductArn:
        'arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default',
      GeneratorId: 'EC2 Image Builder image scan',
      AwsAccountId: '111111111111',
      Region: 'us-east-1',
      Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
      CreatedAt: observed,
      UpdatedAt: observed,
      Severity: { Label: 'HIGH', Normalized: 70 },
      Title: 'CVE-2023-0286 - openssl-libs',
      Description:
        'A type confusion vulnerability relating to X.400 address processing inside an X.509 GeneralName.',
      ProductFields: {
        'Product Name': 'Amazon Inspector',
        [PRODUCT_FIELD.pipeline]: 'base-ami',
        [PRODUCT_FIELD.action]: ACTION.imageScan,
        [PRODUCT_FIELD.executionId]: newest.pipelineExecutionId,
      },
      Resources: [
        {
          Type: 'Other',
          Id: `arn:aws:ec2:us-east-1::image/${ami}`,
          Partition: 'aws',
          Region: 'us-east-1',
        },
      ],
      RecordState: 'ACTIVE',
      WorkflowState: 'NEW',
      Workflow: { Status: 'NEW' },
    });
  });

  it('holds no hand-written Inspector finding for the image pipeline, in Security Hub or Inspector', async () => {
    const { Findings } = await hub.send(
      new GetFindingsCommand({
        Filters: {
          ResourceTags: [
            { Key: TAG.service, Value: 'base-ami', Comparison: 'EQUALS' },
          ],
          ProductName: [{ Value: 'Inspector', Comparison: 'EQUALS' }],
        },
      }),
    );
    expect(Findings).toEqual([]);
    const inspector = await new Inspector2Client({
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    }).send(
      new ListFindingsCommand({
        filterCriteria: {
          resourceTags: [
            { comparison: 'EQUALS', key: TAG.service, value: 'base-ami' },
          ],
        },
      }),
    );
    expect(inspector.findings).toEqual([]);
  });
});
