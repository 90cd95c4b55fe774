import { createHash } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  INBOX_SIGNAL_CHANNEL,
  pipelinesSignalChannel,
  type PipelinesSignal,
} from '@dpra/plugin-pipelines-common';
import type { OwnerNotificationStore, PipelineSnapshot } from '../store';

/**
 * Pushes changes to open pages (Backstage signals): an entity's Pipelines tab and the inbox
 * re-fetch when told, instead of waiting for their next poll. Publishing never throws: a lost
 * signal only means the page learns of the change at its next poll.
 */
export interface PipelineSignals {
  /** The pipelines of these entities changed (a decision, a control). */
  entitiesChanged(
    entityRefs: string[],
    reason: PipelinesSignal['reason'],
  ): Promise<void>;
  /** The approvals waiting changed. */
  inboxChanged(reason: PipelinesSignal['reason']): Promise<void>;
  /**
   * After a refresh saved a snapshot: signals the pipeline's entities when what their tab shows
   * changed since this instance's previous refresh of it, and the inbox when its approvals did.
   */
  afterSnapshot(snapshot: PipelineSnapshot): Promise<void>;
}

/** Options of {@link createPipelineSignals}. */
export interface PipelineSignalsOptions {
  signals: Pick<SignalsService, 'publish'>;
  store: Pick<OwnerNotificationStore, 'listEntityRefsOfPipeline'>;
  logger: LoggerService;
}

const digest = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64');

/** Creates the {@link PipelineSignals}. */
export function createPipelineSignals(
  options: PipelineSignalsOptions,
): PipelineSignals {
  const { signals, store, logger } = options;
  // Per pipeline, what the previous refresh on this instance saw. Another replica's refresh in
  // between costs at most one signal too many, never one too few.
  const seen = new Map<string, { view: string; approvals: string }>();

  async function publish(channel: string, reason: PipelinesSignal['reason']) {
    try {
      await signals.publish<PipelinesSignal>({
        recipients: { type: 'broadcast' },
        channel,
        message: { reason },
      });
    } catch (error) {
      logger.warn(`Could not publish the signal on ${channel}: ${error}`);
    }
  }

  const self: PipelineSignals = {
    async entitiesChanged(entityRefs, reason) {
      for (const ref of entityRefs) {
        await publish(pipelinesSignalChannel(ref), reason);
      }
    },
    async inboxChanged(reason) {
      await publish(INBOX_SIGNAL_CHANNEL, reason);
    },
    async afterSnapshot(s) {
      const arn = s.location.arn;
      const now = {
        view: digest([s.stages, s.latestExecutionId, s.executions, s.alarms]),
        approvals: digest(
          s.pendingApprovals.map(a => [a.stageName, a.actionName, a.token]),
        ),
      };
      const before = seen.get(arn);
      seen.set(arn, now);
      const viewChanged = before?.view !== now.view;
      const approvalsChanged = before?.approvals !== now.approvals;
      if (!viewChanged && !approvalsChanged) {
        return;
      }
      try {
        await self.entitiesChanged(
          await store.listEntityRefsOfPipeline(arn),
          'refresh',
        );
      } catch (error) {
        logger.warn(`Could not signal the entities of ${arn}: ${error}`);
      }
      if (approvalsChanged) {
        await self.inboxChanged('refresh');
      }
    },
  };
  return self;
}
