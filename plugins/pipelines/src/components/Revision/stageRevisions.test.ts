import { pipelineWithPreviousProd } from '../../testing';
import { behindText } from './RevisionLabel';
import { shortRevision, stageRevisions } from './stageRevisions';

describe('stageRevisions', () => {
  it('gives each stage the revision of the execution it is on, marking older ones previous', () => {
    const { pipeline, executions, previous, newest } =
      pipelineWithPreviousProd();
    const revisions = stageRevisions(pipeline, executions);
    const build = revisions.get('Build')!;
    expect(build).toMatchObject({
      executionId: newest.id,
      previous: false,
      message: 'Add order cancellation endpoint',
    });
    expect(build.revision?.revisionId).toBe(
      newest.sourceRevisions[0].revisionId,
    );
    const wave1 = revisions.get(pipeline.layout.waves[0].stageName)!;
    expect(wave1).toMatchObject({
      executionId: previous.id,
      previous: true,
      runsBehind: 1,
      message: 'Change number 4',
    });
    // The newest started 3 h before FIXTURE_NOW, the previous one 6 h before it.
    expect(wave1.behindMs).toBe(3 * 3600_000);
    expect(behindText(wave1)).toBe('previous, 1 run, 3 h behind');
  });

  it('knows a stage only by its execution when that execution is not among the loaded ones', () => {
    const { pipeline, newest } = pipelineWithPreviousProd();
    const revisions = stageRevisions(pipeline, [newest]);
    const wave1 = revisions.get(pipeline.layout.waves[0].stageName)!;
    expect(wave1.previous).toBe(true);
    expect(wave1.revision).toBeUndefined();
    expect(wave1.runsBehind).toBeUndefined();
    expect(behindText(wave1)).toBe('previous');
  });

  it('shortens commit ids as git does and keeps other ids whole', () => {
    expect(shortRevision('a1b2c3d4e5f60718293a4b5c6d7e8f9012345678')).toBe(
      'a1b2c3d',
    );
    expect(shortRevision('3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY')).toBe(
      '3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
    );
  });
});
