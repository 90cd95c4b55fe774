import {
  makeEntityPipelinesResponse,
  makeDemoPipeline,
} from '../testing/fixtures';
import {
  BUSY_POLL_INTERVAL_MS,
  IDLE_POLL_INTERVAL_MS,
  isPipelineActive,
  pipelinesPollInterval,
} from './pipelineActivity';

describe('pipelinesPollInterval', () => {
  const now = Date.now();
  it('polls fast while waiting for approval, baking or running', () => {
    expect(
      isPipelineActive(makeDemoPipeline({ scenario: 'awaitingApproval', now })),
    ).toBe(true);
    expect(
      isPipelineActive(makeDemoPipeline({ scenario: 'baking', now })),
    ).toBe(true);
    expect(
      pipelinesPollInterval(makeEntityPipelinesResponse({ pipelines: 2, now })),
    ).toBe(BUSY_POLL_INTERVAL_MS);
  });

  it('polls slowly when everything is at rest', () => {
    expect(
      isPipelineActive(makeDemoPipeline({ scenario: 'succeeded', now })),
    ).toBe(false);
    const idle = makeEntityPipelinesResponse({ now });
    idle.pipelines = [makeDemoPipeline({ scenario: 'succeeded', now })];
    expect(pipelinesPollInterval(idle)).toBe(IDLE_POLL_INTERVAL_MS);
    expect(pipelinesPollInterval(undefined)).toBe(IDLE_POLL_INTERVAL_MS);
  });
});
