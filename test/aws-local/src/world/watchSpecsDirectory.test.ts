import { STAGE } from '@dpra/pipeline-contract';
import {
  CodePipelineClient,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
} from '@aws-sdk/client-codepipeline';
import { minimalSpec } from '@dpra/stacks';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { setupServer } from 'msw/node';
import { createAwsMswHandlers } from '../createAwsMswHandlers';
import {
  DpraAwsScenario,
  createDpraScenario,
} from '../scenario/createDpraScenario';
import { loadSpecDeclarations } from './loadSpecs';
import {
  SpecsDirectoryEvent,
  SpecsDirectoryWatch,
  watchSpecsDirectory,
} from './watchSpecsDirectory';

/*
 * GIVEN the endpoint serves a spec world and watches a specs directory, WHEN a new service's spec
 * appears there (as publish:dpra-local drops it), THEN its pipeline is served through the AWS API
 * with its first execution moving through the phases.
 */

const NOW = new Date('2026-12-02T10:00:00Z');
const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local' };
const codePipeline = new CodePipelineClient({
  region: 'us-east-1',
  credentials,
  maxAttempts: 1,
});

function appSpec(name: string) {
  const spec = minimalSpec('AppPipeline');
  spec.metadata.name = name;
  return spec;
}

let dir: string;
let scenario: DpraAwsScenario;
let watcher: SpecsDirectoryWatch | undefined;
let events: SpecsDirectoryEvent[];
const server = setupServer();

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
}, 60_000);
afterAll(() => server.close());

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dpra-specs-dir-'));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dpra-specs-base-'));
  writeFileSync(
    path.join(tmp, 'base.yaml'),
    stringify(appSpec('base-service')),
  );
  scenario = createDpraScenario({
    now: () => NOW,
    world: {
      declarations: await loadSpecDeclarations([path.join(tmp, 'base.yaml')]),
    },
  });
  server.resetHandlers(...createAwsMswHandlers(scenario));
  events = [];
}, 120_000);

afterEach(() => {
  watcher?.close();
  rmSync(dir, { recursive: true, force: true });
});

function watch() {
  watcher = watchSpecsDirectory({
    dir,
    add: declarations => scenario.addSpecPipelines(declarations),
    onEvent: event => events.push(event),
    settleMs: 10,
  });
  return watcher.ready;
}

/** Writes a spec the way publish:dpra-local does: aside, then renamed in. */
function drop(file: string, content: string) {
  writeFileSync(path.join(dir, `${file}.partial`), content);
  renameSync(path.join(dir, `${file}.partial`), path.join(dir, file));
}

async function until(check: () => boolean) {
  for (let i = 0; i < 600 && !check(); i++) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  expect(check()).toBe(true);
}

describe('watchSpecsDirectory', () => {
  it('serves a spec that appears, with its first execution moving through the phases', async () => {
    await watch();
    drop('new-service.yaml', stringify(appSpec('new-service')));
    await until(() => events.length > 0);
    expect(events).toEqual([
      {
        type: 'added',
        file: path.join(dir, 'new-service.yaml'),
        pipelines: ['new-service'],
      },
    ]);

    const listed = await codePipeline.send(new ListPipelinesCommand({}));
    expect(listed.pipelines?.map(p => p.name).sort()).toEqual([
      'base-service',
      'new-service',
    ]);

    const first = await codePipeline.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'new-service' }),
    );
    expect(first.pipelineExecutionSummaries).toEqual([
      expect.objectContaining({ status: 'InProgress', startTime: NOW }),
    ]);
    const stateAt = async () =>
      (
        await codePipeline.send(
          new GetPipelineStateCommand({ name: 'new-service' }),
        )
      ).stageStates
        ?.filter(s => s.latestExecution?.status === 'InProgress')
        .map(s => s.stageName);
    expect(await stateAt()).toEqual([STAGE.source]);

    scenario.advance(60);
    const later = await stateAt();
    expect(later).toHaveLength(1);
    expect(later).not.toEqual([STAGE.source]);

    // First deployments wait for a person at the manual approval.
    scenario.advance(24 * 60);
    expect(await stateAt()).toEqual([STAGE.approval]);
    expect(
      scenario.pendingApprovalToken('new-service', STAGE.approval),
    ).toEqual(expect.any(String));

    // A reset keeps the applied spec.
    scenario.reset();
    expect(scenario.pipelines().map(p => p.name)).toContain('new-service');
  });

  it('takes in the files present at start', async () => {
    writeFileSync(
      path.join(dir, 'early.yaml'),
      stringify(appSpec('early-service')),
    );
    await watch();
    expect(events).toEqual([
      {
        type: 'added',
        file: path.join(dir, 'early.yaml'),
        pipelines: ['early-service'],
      },
    ]);
  });

  it('reports an invalid spec and a pipeline served twice, and keeps serving the rest', async () => {
    await watch();
    drop(
      'broken.yaml',
      stringify({ ...appSpec('broken'), spec: { toolchain: {} } }),
    );
    drop('twice.yaml', stringify(appSpec('base-service')));
    await until(() => events.length >= 2);
    expect(events).toEqual(
      expect.arrayContaining([
        {
          type: 'rejected',
          file: path.join(dir, 'broken.yaml'),
          error: expect.stringMatching(
            /^invalid specs:\n.*broken\.yaml: spec\./,
          ),
        },
        {
          type: 'rejected',
          file: path.join(dir, 'twice.yaml'),
          error: expect.stringContaining(
            'already serves pipeline us-east-1/base-service',
          ),
        },
      ]),
    );
    expect(scenario.pipelines().map(p => p.name)).toEqual(['base-service']);
    drop('late.yaml', stringify(appSpec('late-service')));
    await until(() => events.length >= 3);
    expect(scenario.pipelines().map(p => p.name)).toEqual([
      'base-service',
      'late-service',
    ]);
  });
});
