import { mockServices } from '@backstage/backend-test-utils';
import type { SignalPayload } from '@backstage/plugin-signals-node';
import { STORE_ARN, testSnapshot } from '../testing/stores';
import { createPipelineSignals } from './PipelineSignals';

describe('PipelineSignals', () => {
  it("signals the pipeline's entities when a refresh saw a change, and the inbox when approvals changed", async () => {
    const published: SignalPayload[] = [];
    const signals = createPipelineSignals({
      signals: { publish: async s => void published.push(s) },
      store: {
        listEntityRefsOfPipeline: async arn =>
          arn === STORE_ARN
            ? ['component:default/orders', 'Component:default/Orders-UI']
            : [],
      },
      logger: mockServices.logger.mock(),
    });
    const channels = () => published.splice(0).map(p => p.channel);
    const first = testSnapshot();

    await signals.afterSnapshot(first);
    expect(channels()).toEqual([
      'dpra-pipelines:component:default/orders',
      'dpra-pipelines:component:default/orders-ui',
      'dpra-pipelines:inbox',
    ]);
    // The same again: nothing changed, nothing to signal.
    await signals.afterSnapshot(testSnapshot({ capturedAt: new Date() }));
    expect(channels()).toEqual([]);
    // A stage moved on: the tabs re-fetch, the inbox has nothing new.
    const moved = testSnapshot({
      stages: [{ ...first.stages[0], status: 'InProgress' }],
    });
    await signals.afterSnapshot(moved);
    expect(channels()).toEqual([
      'dpra-pipelines:component:default/orders',
      'dpra-pipelines:component:default/orders-ui',
    ]);
    // The approval was decided: both.
    await signals.afterSnapshot({ ...moved, pendingApprovals: [] });
    expect(channels()).toEqual([
      'dpra-pipelines:component:default/orders',
      'dpra-pipelines:component:default/orders-ui',
      'dpra-pipelines:inbox',
    ]);
    expect(published).toEqual([]);
  });

  it('never throws when publishing fails', async () => {
    const logger = mockServices.logger.mock();
    const signals = createPipelineSignals({
      signals: {
        publish: async () => {
          throw new Error('events bus down');
        },
      },
      store: { listEntityRefsOfPipeline: async () => ['component:default/a'] },
      logger,
    });
    await expect(
      signals.afterSnapshot(testSnapshot()),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('events bus down'),
    );
  });
});
