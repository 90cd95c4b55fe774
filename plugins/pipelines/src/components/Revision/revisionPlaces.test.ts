import { FIXTURE_NOW, pipelineWithPreviousProd } from '../../testing';
import {
  pipelineWhereabouts,
  recentRevisions,
  revisionPlaces,
} from './revisionPlaces';
import { mainRevision, shortRevision } from './stageRevisions';

describe('revisionPlaces', () => {
  it('places the newest revision at the approval and the previous one in every production wave', () => {
    const { pipeline, newest, previous } = pipelineWithPreviousProd();
    const waves = pipeline.layout.waves.map(w => w.stageName);

    const ofNewest = revisionPlaces(pipeline, newest.id, FIXTURE_NOW);
    expect(ofNewest.get('Approval')).toBe('awaitingApproval');
    expect(ofNewest.get('Build')).toBe('reached');
    waves.forEach(w => expect(ofNewest.has(w)).toBe(false));

    const ofPrevious = revisionPlaces(pipeline, previous.id, FIXTURE_NOW);
    expect(waves.map(w => ofPrevious.get(w))).toEqual(
      waves.map(() => 'reached'),
    );
    expect(ofPrevious.has('Approval')).toBe(false);
  });

  it('says a wave is baking or blocked where the revision is held up', () => {
    const { pipeline, previous } = pipelineWithPreviousProd();
    const [first, second] = pipeline.layout.waves.map(w => w.stageName);
    const held = {
      ...pipeline,
      stages: pipeline.stages.map(s => {
        if (s.name === first) {
          return {
            ...s,
            status: 'InProgress' as const,
            onSuccessStatus: 'InProgress',
            bakeEndsAt: new Date(FIXTURE_NOW + 600_000).toISOString(),
          };
        }
        if (s.name === second) {
          return {
            ...s,
            status: 'InProgress' as const,
            blockedReason: 'Deployment window closed',
          };
        }
        return s;
      }),
    };
    const places = revisionPlaces(held, previous.id, FIXTURE_NOW);
    expect(places.get(first)).toBe('baking');
    expect(places.get(second)).toBe('blocked');
  });

  it('names the pipeline in one line: where the newest revision is, and what production runs', () => {
    const { pipeline, executions, newest, previous } =
      pipelineWithPreviousProd();
    const short = (e: typeof newest) =>
      shortRevision(mainRevision(e)?.revisionId);
    expect(pipelineWhereabouts(pipeline, executions, FIXTURE_NOW)).toBe(
      `${short(newest)} waiting for approval · prod on ${short(previous)}`,
    );
  });

  it('GIVEN the newest revision waits in line for a wave THEN the line says its place, not the last stage it went through', () => {
    const { pipeline, executions, newest, previous } =
      pipelineWithPreviousProd();
    const [first] = pipeline.layout.waves.map(w => w.stageName);
    const queued = {
      ...pipeline,
      stages: pipeline.stages.map(s =>
        s.name === first ? { ...s, waiting: ['someone-ahead', newest.id] } : s,
      ),
    };
    const short = (e: typeof newest) =>
      e.sourceRevisions[0].revisionId!.slice(0, 7);
    expect(pipelineWhereabouts(queued, executions, FIXTURE_NOW)).toBe(
      `${short(newest)} 2nd in queue for ${first} · prod on ${short(previous)}`,
    );
  });

  it('offers the recent revisions newest first, with their commit message', () => {
    const { pipeline, executions, newest } = pipelineWithPreviousProd();
    const picks = recentRevisions(pipeline.arn, executions, 3);
    expect(picks).toHaveLength(3);
    expect(picks[0]).toMatchObject({
      key: newest.sourceRevisions[0].revisionId,
      executionIds: [newest.id],
      message: 'Add order cancellation endpoint',
    });
  });

  it('finds a revision where a rollback deployed it back, as one pick of all its executions', () => {
    const { pipeline, executions, previous } = pipelineWithPreviousProd();
    const [first] = pipeline.layout.waves.map(w => w.stageName);
    // A rollback of wave 1 to the previous revision: a newer execution of the same commit.
    const rollback = {
      ...previous,
      id: 'rollback-0000-4000-8000-000000000001',
      executionType: 'ROLLBACK' as const,
      startTime: new Date(FIXTURE_NOW - 60_000).toISOString(),
    };
    const withRollback = [rollback, ...executions];
    const rolledBack = {
      ...pipeline,
      stages: pipeline.stages.map(s =>
        s.name === first ? { ...s, pipelineExecutionId: rollback.id } : s,
      ),
    };
    const picks = recentRevisions(pipeline.arn, withRollback);
    const ofPrevious = picks.filter(
      p => p.key === previous.sourceRevisions[0].revisionId,
    );
    expect(ofPrevious).toHaveLength(1);
    expect(ofPrevious[0].executionIds).toEqual([rollback.id, previous.id]);
    const places = revisionPlaces(
      rolledBack,
      new Set(ofPrevious[0].executionIds),
      FIXTURE_NOW,
    );
    expect(places.get(first)).toBe('reached');
    // The run alone no longer holds wave 1: the rollback does.
    expect(
      revisionPlaces(rolledBack, previous.id, FIXTURE_NOW).has(first),
    ).toBe(false);
  });
});
