import { STAGE } from '@dpra/pipeline-contract';
import {
  type AwsScenario,
  createAwsMswHandlers,
  createDpraScenario,
  loadExampleWorld,
} from '@dpra/aws-local';
import { withExampleScenarioServer } from '@dpra/aws-local/testing';
import { http, HttpResponse } from 'msw';
import { CODEPIPELINE_HOSTS } from '../testing/awsJsonMsw';
import { SdkCodePipelineReader } from '../aws/CodePipelineReader';
import { createTestAwsClients } from '../testing/awsClients';
import { deriveLayout } from '../layout/deriveLayout';
import { toStageStateViews } from './pipelineStateViews';
import {
  type SnapshotReadContext,
  QUEUE_PAGES_PER_REFRESH,
  readStageQueues,
} from './readPipelineSnapshot';

/*
 * Who waits to enter which stage, read as the refresh reads it — GetPipeline, GetPipelineState,
 * ListPipelineExecutions and ListActionExecutions through the SDK — from the local world, whose
 * QUEUED image pipeline has two newer runs waiting to enter the wave that bakes, and whose
 * SUPERSEDED payments pipeline has the newest run waiting there (the one before it superseded).
 */

jest.setTimeout(120_000);

const NOW = () => new Date('2026-12-02T15:00:00Z');
const aws = withExampleScenarioServer({ now: NOW });
const { server } = aws;
/** A world of the test's own, when a describe block serves one instead of the example's. */
let ownScenario: AwsScenario | undefined;
const scenarioNow = () => ownScenario ?? aws.scenario;

/** The AWS calls the reads made, by operation (counted at the HTTP layer). */
const calls = new Map<string, number>();
server.events.on('request:start', ({ request }) => {
  const operation = request.headers.get('x-amz-target')?.split('.').pop();
  if (operation) calls.set(operation, (calls.get(operation) ?? 0) + 1);
});

async function queuesOf(name: string, pages?: number) {
  const pipeline = scenarioNow()
    .pipelines()
    .find(p => p.name === name)!;
  const target = { accountId: pipeline.accountId, region: pipeline.region };
  const reader = new SdkCodePipelineReader(
    createTestAwsClients({
      accountId: pipeline.accountId,
      regions: [pipeline.region],
    }),
  );
  const { pipeline: definition } = await reader.getPipeline(target, name);
  const layout = deriveLayout(definition!, pipeline.region);
  const state = await reader.getPipelineState(target, name);
  const executions = (
    await reader.listPipelineExecutions(target, name, { maxResults: 20 })
  ).map(e => ({
    id: e.pipelineExecutionId!,
    status: e.status!,
    startedAt: e.startTime?.toISOString(),
  }));
  const problems: string[] = [];
  const stages = await readStageQueues(
    {
      codePipeline: reader,
      target,
      state: {
        name,
        arn: `arn:aws:codepipeline:${target.region}:${target.accountId}:${name}`,
      },
    } as unknown as SnapshotReadContext,
    definition,
    toStageStateViews(state, layout),
    executions as any,
    p => problems.push(p),
    pages,
  );
  return { stages, executions, problems };
}

describe('readStageQueues', () => {
  it('GIVEN a QUEUED pipeline whose wave holds a run THEN the newer runs wait to enter it, oldest first', async () => {
    const { stages, executions, problems } = await queuesOf('base-ami');
    expect(problems).toEqual([]);
    const inFlight = executions.filter(e => e.status === 'InProgress');
    const wave = stages.find(s => s.name === STAGE.prodWave(1))!;
    // Newest first in the listing: the two newest wait, the oldest holds the wave.
    expect(wave.pipelineExecutionId).toBe(inFlight[2].id);
    expect(wave.waiting).toEqual([inFlight[1].id, inFlight[0].id]);
    expect(stages.filter(s => s.waiting)).toEqual([wave]);
  });

  it('GIVEN a SUPERSEDED pipeline THEN only the newest run waits; the one it superseded is not in line', async () => {
    const { stages, executions } = await queuesOf('payments-service');
    const wave = stages.find(s => s.name === STAGE.prodWave(1))!;
    const superseded = executions.find(e => e.status === 'Superseded')!;
    expect(superseded).toBeDefined();
    expect(wave.waiting).toEqual([executions[0].id]);
    expect(wave.waiting).not.toContain(superseded.id);
  });

  it('GIVEN a PARALLEL pipeline THEN no stage has a line', async () => {
    const { stages } = await queuesOf('orders-infra');
    expect(stages.filter(s => s.waiting)).toEqual([]);
  });

  it('GIVEN ListActionExecutions denied THEN the stages are kept, no run gets a place, and the problem names the call', async () => {
    aws.scenario.injectFault({
      service: 'codepipeline',
      operation: 'ListActionExecutions',
      kind: 'access-denied',
    });
    try {
      const { stages, problems } = await queuesOf('base-ami');
      expect(stages.map(s => s.name)).toContain(STAGE.prodWave(1));
      expect(stages.filter(s => s.waiting)).toEqual([]);
      expect(problems).toEqual([
        expect.stringMatching(
          /^Where the waiting executions of base-ami wait not read: `codepipeline:ListActionExecutions` was denied \(AccessDeniedException\): add it to the read role$/,
        ),
      ]);
    } finally {
      aws.scenario.clearFaults();
    }
  });

  it('GIVEN action executions with every optional field absent THEN nothing throws and none gives a place', async () => {
    // Every member of ActionExecutionDetail is optional in the API reference.
    aws.server.use(
      http.post(
        ({ request }) =>
          CODEPIPELINE_HOSTS.test(new URL(request.url).host) &&
          request.headers.get('x-amz-target') ===
            'CodePipeline_20150709.ListActionExecutions',
        () =>
          HttpResponse.json(
            {
              actionExecutionDetails: [
                {},
                { pipelineExecutionId: 'not-a-run-of-this-pipeline' },
                { stageName: STAGE.build, status: 'Succeeded' },
              ],
            },
            { headers: { 'content-type': 'application/x-amz-json-1.1' } },
          ),
      ),
    );
    try {
      const { stages, problems } = await queuesOf('base-ami');
      expect(problems).toEqual([]);
      expect(stages.map(s => s.name)).toContain(STAGE.prodWave(1));
      expect(stages.filter(s => s.waiting)).toEqual([]);
    } finally {
      aws.server.resetHandlers();
    }
  });

  describe('GIVEN more than 10 runs waiting in line', () => {
    const WAITING = 14;
    beforeAll(async () => {
      // The orders service's first wave bakes 12 h: long enough for 14 newer runs to line up.
      const world = await loadExampleWorld();
      ownScenario = createDpraScenario({
        now: NOW,
        world: {
          declarations: world.declarations,
          deploymentWindows: 'open',
          situations: [
            { pipeline: 'orders-service', situation: 'baking', wave: 1 },
            {
              pipeline: 'orders-service',
              situation: 'queued',
              wave: 1,
              count: WAITING,
            },
          ],
        },
      });
      server.resetHandlers(...createAwsMswHandlers(ownScenario));
    });

    /** The runs in flight oldest first, those holding a stage, and those waiting in line. */
    function lines(
      stages: Awaited<ReturnType<typeof queuesOf>>['stages'],
      executions: Awaited<ReturnType<typeof queuesOf>>['executions'],
    ) {
      const inFlight = executions
        .filter(e => e.status === 'InProgress')
        .map(e => e.id)
        .reverse();
      const holding = stages
        .filter(s => s.status === 'InProgress')
        .map(s => s.pipelineExecutionId!);
      const inLine = inFlight.filter(id => !holding.includes(id));
      const placed = stages.flatMap(s => s.waiting ?? []);
      return { inFlight, holding, inLine, placed };
    }

    it('THEN every one gets its place, oldest first, from a few pages of ListActionExecutions', async () => {
      calls.clear();
      const { stages, executions, problems } = await queuesOf('orders-service');
      const reads = calls.get('ListActionExecutions');
      expect(problems).toEqual([]);
      const { inFlight, holding, inLine, placed } = lines(stages, executions);
      expect(inFlight).toHaveLength(WAITING + 1);
      expect(inLine.length).toBeGreaterThan(10);
      // Every run in line has one place, and each line is in the order the runs started.
      expect([...placed].sort()).toEqual([...inLine].sort());
      for (const s of stages.filter(x => x.waiting)) {
        expect(s.waiting).toEqual(inLine.filter(id => s.waiting!.includes(id)));
      }
      expect(holding).toContain(
        stages.find(s => s.name === STAGE.prodWave(1))!.pipelineExecutionId,
      );
      // One pipeline-wide listing, paged by 100, instead of one call per waiting run.
      expect(reads).toBeGreaterThanOrEqual(1);
      expect(reads).toBeLessThan(inLine.length);
      expect(reads).toBeLessThanOrEqual(QUEUE_PAGES_PER_REFRESH);
    });

    it('THEN with fewer pages than it takes, the newest runs get their places and the oldest none', async () => {
      calls.clear();
      const { stages, executions } = await queuesOf('orders-service', 1);
      expect(calls.get('ListActionExecutions')).toBe(1);
      const { inLine, placed } = lines(stages, executions);
      // The places read are those of the newest runs; the older ones, whose action executions
      // the page did not reach back to, get none (the tab counts them as not read).
      expect(placed.length).toBeGreaterThan(0);
      expect(placed.length).toBeLessThan(inLine.length);
      expect([...placed].sort()).toEqual(
        inLine.slice(inLine.length - placed.length).sort(),
      );
    });
  });
});
