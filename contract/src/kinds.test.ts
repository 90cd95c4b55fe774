import {
  PIPELINE_KINDS,
  PIPELINE_KIND_LAYOUT,
  pipelineKindOfWaveStep,
} from './kinds';

describe('pipeline kinds', () => {
  it('GIVEN each kind THEN its wave steps lead back to it, and to no other kind', () => {
    for (const kind of PIPELINE_KINDS) {
      for (const step of PIPELINE_KIND_LAYOUT[kind].waveSteps) {
        expect(pipelineKindOfWaveStep(step)).toBe(kind);
      }
    }
    const steps = PIPELINE_KINDS.flatMap(
      k => PIPELINE_KIND_LAYOUT[k].waveSteps,
    );
    expect(new Set(steps).size).toBe(steps.length);
  });

  it('GIVEN each kind THEN its phases start at the source and end in production', () => {
    for (const kind of PIPELINE_KINDS) {
      const { phases } = PIPELINE_KIND_LAYOUT[kind];
      expect(phases[0]).toBe('source');
      expect(phases[phases.length - 1]).toBe('prod');
    }
  });
});
