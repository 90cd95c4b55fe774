import { createDpraScenario } from './createDpraScenario';
import { loadExampleWorld } from '../world/exampleWorld';
import type { SpecWorldOptions } from '../world/specWorld';
import { compressedAfter } from './timing';
import type { AwsScenario, PipelineExecutionRecord } from './types';

/** The example specs' world (examples/specs with the example situations). */
let exampleWorld: SpecWorldOptions;
beforeAll(async () => {
  exampleWorld = await loadExampleWorld();
}, 120_000);

const START = new Date('2026-12-02T09:00:00Z');
const MINUTE = 60_000;

/** Every timestamp an execution reports, with where it is. */
function timestampsOf(e: PipelineExecutionRecord): Array<[string, Date]> {
  const id = `${e.pipelineName}/${e.pipelineExecutionId}`;
  const out: Array<[string, Date]> = [
    [`${id} startTime`, e.startTime],
    [`${id} lastUpdateTime`, e.lastUpdateTime],
    [`${id} source created`, e.sourceRevision.created],
  ];
  for (const run of e.stageRuns) {
    const at = `${id} ${run.stageName}`;
    out.push([`${at} startTime`, run.startTime]);
    if (run.endTime) out.push([`${at} endTime`, run.endTime]);
    for (const [kind, c] of [
      ['beforeEntry', run.beforeEntry],
      ['onSuccess', run.onSuccess],
      ['onFailure', run.onFailure],
    ] as const) {
      if (!c) continue;
      out.push([`${at} ${kind} startTime`, c.startTime]);
      out.push([`${at} ${kind} lastStatusChange`, c.lastStatusChange]);
      c.rules.forEach(r =>
        out.push([`${at} ${kind} ${r.ruleName}`, r.lastStatusChange]),
      );
    }
    for (const a of run.actions) {
      out.push([`${at} ${a.actionName} startTime`, a.startTime]);
      out.push([`${at} ${a.actionName} lastUpdateTime`, a.lastUpdateTime]);
    }
  }
  return out;
}

function inTheFuture(scenario: AwsScenario): string[] {
  const wall = Date.now();
  return scenario
    .pipelines()
    .flatMap(p => scenario.executions(p.name))
    .flatMap(timestampsOf)
    .filter(([, t]) => t.getTime() > wall)
    .map(([where, t]) => `${where} ${t.toISOString()}`);
}

function bakesInProgress(scenario: AwsScenario) {
  return scenario.pipelines().flatMap(p =>
    scenario.executions(p.name).flatMap(e =>
      e.stageRuns
        .filter(r => r.onSuccess?.status === 'InProgress')
        .map(r => ({
          pipeline: p,
          execution: e,
          run: r,
          waitMinutes: Math.max(
            ...(
              p.stages.find(s => s.name === r.stageName)?.onSuccess
                ?.conditions ?? []
            ).flatMap(c => c.rules.map(x => Number(x.configuration.WaitTime))),
          ),
        })),
    ),
  );
}

describe('the scenario clock', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate'] });
  });
  afterEach(() => jest.useRealTimers());

  it('is the wall clock at any speed: nothing starts or changes in the future, and no duration is longer than now − start', () => {
    const scenario = createDpraScenario({
      world: exampleWorld,
      realTime: true,
      speed: 60,
    });
    expect(scenario.now().getTime()).toBe(START.getTime());
    for (const minutes of [0, 1, 7, 30, 240]) {
      jest.setSystemTime(START.getTime() + minutes * MINUTE);
      expect(scenario.now().getTime()).toBe(Date.now());
      expect(inTheFuture(scenario)).toEqual([]);
    }
  });

  it('compresses durations instead: a bake in progress ends its configured wait time / speed after the start', () => {
    const speed = 60;
    const scenario = createDpraScenario({
      world: exampleWorld,
      realTime: true,
      speed,
    });
    const bakes = bakesInProgress(scenario);
    expect(bakes.length).toBeGreaterThan(0);
    for (const bake of bakes) {
      // Elapsed before the start runs at full length; the rest of the wait is compressed.
      const elapsed = START.getTime() - bake.run.onSuccess!.startTime.getTime();
      expect(elapsed).toBeLessThanOrEqual(bake.waitMinutes * MINUTE);
    }
    const longest = Math.max(...bakes.map(b => b.waitMinutes));
    jest.setSystemTime(START.getTime() + (longest / speed + 1) * MINUTE);
    for (const bake of bakes) {
      const run = scenario
        .executions(bake.pipeline.name)
        .find(
          e => e.pipelineExecutionId === bake.execution.pipelineExecutionId,
        )!
        .stageRuns.find(r => r === bake.run)!;
      expect(run.onSuccess!.status).not.toBe('InProgress');
      // The bake watched for at most its configured wait time of wall-clock time.
      expect(
        run.onSuccess!.lastStatusChange.getTime() -
          run.onSuccess!.startTime.getTime(),
      ).toBeLessThanOrEqual(bake.waitMinutes * MINUTE);
    }
    expect(inTheFuture(scenario)).toEqual([]);
  });
});

describe('compressedAfter', () => {
  const from = new Date('2026-12-02T09:00:00Z');
  const at = (minutes: number) => new Date(from.getTime() + minutes * MINUTE);

  it('keeps durations that end before the start, and compresses what runs after it', () => {
    const scale = compressedAfter(from, 60);
    expect(scale.endOf(at(-120), 60)).toEqual(at(-60));
    expect(scale.endOf(at(0), 720)).toEqual(at(12));
    // 60 min before the start, 120 after it: the past part at full length, the rest / 60.
    expect(scale.endOf(at(-60), 180)).toEqual(at(2));
  });

  it('refuses a speed that is not a positive number', () => {
    expect(() => compressedAfter(from, 0)).toThrow(
      'speed must be a positive number, got 0',
    );
  });
});
