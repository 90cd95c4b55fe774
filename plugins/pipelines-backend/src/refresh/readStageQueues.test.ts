import { STAGE } from '@dpra/pipeline-contract';
import {
  type AwsScenario,
  createAwsMswHandlers,
  createExampleScenario,
} from '@dpra/aws-local';
import { setupServer } from 'msw/node';
import { SdkCodePipelineReader } from '../aws/CodePipelineReader';
import { createTestAwsClients } from '../testing/awsClients';
import { deriveLayout } from '../layout/deriveLayout';
import { toStageStateViews } from './pipelineStateViews';
import {
  type SnapshotReadContext,
  readStageQueues,
} from './readPipelineSnapshot';

/*
 * Who waits to enter which stage, read as the refresh reads it — GetPipeline, GetPipelineState,
 * ListPipelineExecutions and ListActionExecutions through the SDK — from the local world, whose
 * QUEUED image pipeline has two newer runs waiting to enter the wave that bakes, and whose
 * SUPERSEDED payments pipeline has the newest run waiting there (the one before it superseded).
 */

jest.setTimeout(120_000);

let scenario: AwsScenario;
const server = setupServer();
beforeAll(async () => {
  scenario = await createExampleScenario({
    now: () => new Date('2026-12-02T15:00:00Z'),
  });
  server.listen({ onUnhandledRequest: 'error' });
  server.resetHandlers(...createAwsMswHandlers(scenario));
}, 120_000);
afterAll(() => server.close());

async function queuesOf(name: string) {
  const pipeline = scenario.pipelines().find(p => p.name === name)!;
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
});
