import { createHash } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import {
  readableRevisionSummary,
  type ExecutionView,
  type PendingApproval,
  type StageStateView,
} from '@dpra/plugin-pipelines-common';
import { approvalPromotion } from '../layout/approvalPromotion';
import type {
  ApprovalDecisionStore,
  OwnerNotificationKind,
  OwnerNotificationRecord,
  OwnerNotificationStore,
  PipelineSnapshot,
  PipelineSnapshotWriter,
} from '../store';

/** Where the notifications link to: the portal's inbox page (the frontend plugin's `/approvals`). */
export const INBOX_PATH = '/approvals';

/** Notification topics (users can turn each off in their notification settings). */
export const NOTIFICATION_TOPICS = {
  approval: 'Pipeline approvals',
  'stage-failed': 'Pipeline failures',
  'alarm-rollback': 'Pipeline failures',
} as const satisfies Record<OwnerNotificationKind, string>;

/**
 * A failure or rollback older than this when a refresh first sees it (a backend started on a
 * long-running portal, a pipeline newly referenced) is history, not news: it is not notified.
 */
const NEWS_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Tells the owners of an entity's pipelines what needs them, once across replicas. */
export interface OwnerNotifier {
  /**
   * Notifies about what a refresh saw, after its snapshot was saved: approvals that started,
   * approvals no longer pending (the notification is updated: decided by whom, or expired), a
   * production stage whose latest execution failed, and rollbacks started by an alarm. Never
   * throws: a notification that could not be sent is logged and sent by a later refresh.
   */
  afterSnapshot(snapshot: PipelineSnapshot): Promise<void>;
}

/** Options of {@link createOwnerNotifier}. */
export interface OwnerNotifierOptions {
  store: OwnerNotificationStore;
  snapshots: Pick<
    PipelineSnapshotWriter,
    'getDefinition' | 'getExecutionsById'
  >;
  decisions: Pick<ApprovalDecisionStore, 'listApprovalDecisions'>;
  notifications: Pick<NotificationService, 'send'>;
  logger: LoggerService;
  now?: () => Date;
}

/** A notification's scope: stable for the same subject, short enough for every column. */
function scopeOf(kind: OwnerNotificationKind, ...parts: string[]): string {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `dpra-pipelines:${kind}:${hash.slice(0, 40)}`;
}

/** The Pipelines tab of an entity in the portal. */
function entityTabPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/pipelines`;
}

type Draft = Omit<OwnerNotificationRecord, 'closedAt' | 'sentAt'> & {
  payload: NotificationPayload;
};

/** Creates the {@link OwnerNotifier}. */
export function createOwnerNotifier(
  options: OwnerNotifierOptions,
): OwnerNotifier {
  const { store, snapshots, decisions, notifications, logger } = options;
  const now = options.now ?? (() => new Date());

  const send = (recipients: string[], payload: NotificationPayload) =>
    notifications.send({
      recipients: { type: 'entity', entityRef: recipients },
      payload,
    });

  async function sendOnce(draft: Draft): Promise<void> {
    if (!(await store.claimNotification({ ...draft, sentAt: now() }))) {
      return;
    }
    try {
      await send(draft.recipients, draft.payload);
    } catch (error) {
      await store.releaseNotification(draft.scope);
      logger.warn(
        `Could not notify the owners of ${draft.recipients.join(', ')} (${
          draft.payload.title
        }); a later refresh tries again: ${error}`,
      );
    }
  }

  /** Updates an approval's notification once it no longer waits: who decided it, or why it is gone. */
  async function close(
    open: OwnerNotificationRecord,
    pipelineName: string,
  ): Promise<void> {
    const at = now();
    if (!(await store.claimClose(open.scope, at))) {
      return;
    }
    const decision = (
      await decisions.listApprovalDecisions({ pipelineArn: open.pipelineArn })
    ).find(
      d =>
        d.stageName === open.stageName &&
        d.actionName === open.actionName &&
        d.token === open.token &&
        d.outcome !== 'refused' &&
        d.outcome !== 'failed',
    );
    const where = `${open.stageName} of ${pipelineName}`;
    const description = decision
      ? `${decision.decision} by ${
          decision.decidedByName
            ? `${decision.decidedByName} (${decision.decidedBy})`
            : decision.decidedBy
        } at ${decision.decidedAt.toISOString()}.`
      : undecidedReason(open, at);
    try {
      await send(open.recipients, {
        ...(open.payload as unknown as NotificationPayload),
        title: decision
          ? `Approval ${decision.decision.toLocaleLowerCase('en-US')}: ${where}`
          : `Approval no longer waiting: ${where}`,
        description,
        severity: 'low',
      });
    } catch (error) {
      await store.releaseClose(open.scope);
      logger.warn(
        `Could not update the approval notification of ${where}; a later refresh tries again: ${error}`,
      );
    }
  }

  async function approvalDrafts(
    s: PipelineSnapshot,
    recipients: string[],
    open: Set<string>,
  ): Promise<Draft[]> {
    const arn = s.location.arn;
    const started = s.pendingApprovals.filter(
      a => !open.has(approvalScope(arn, a)),
    );
    if (started.length === 0) {
      return [];
    }
    const layout = s.layout ?? (await snapshots.getDefinition(arn))?.layout;
    const executions = new Map(
      (
        await snapshots.getExecutionsById(
          arn,
          started.flatMap(a =>
            a.pipelineExecutionId ? [a.pipelineExecutionId] : [],
          ),
        )
      ).map(e => [e.id, e]),
    );
    return started.map(a => {
      const promotion = approvalPromotion(layout, a.stageName);
      const revision = revisionText(
        executions.get(a.pipelineExecutionId ?? ''),
      );
      return {
        scope: approvalScope(arn, a),
        kind: 'approval' as const,
        pipelineArn: arn,
        stageName: a.stageName,
        actionName: a.actionName,
        token: a.token,
        pipelineExecutionId: a.pipelineExecutionId,
        recipients,
        payload: {
          title: `Approval waiting: ${a.stageName} of ${s.location.name}`,
          description: [
            `${revision ?? 'A change'} waits for approval in ${
              a.stageName
            } of ${s.location.name} (${recipients.join(', ')}).`,
            promotion
              ? `Approving promotes it to ${promotion.stageName}${
                  promotion.regions.length
                    ? ` (${promotion.regions.join(', ')})`
                    : ''
                }.`
              : undefined,
            a.expiresAt ? `It expires at ${a.expiresAt}.` : undefined,
          ]
            .filter(Boolean)
            .join(' '),
          link: INBOX_PATH,
          severity: 'high',
          topic: NOTIFICATION_TOPICS.approval,
          scope: approvalScope(arn, a),
          metadata: {
            pipelineArn: arn,
            stageName: a.stageName,
            actionName: a.actionName,
            ...(a.expiresAt ? { expiresAt: a.expiresAt } : {}),
          },
        },
      };
    });
  }

  async function failureDrafts(
    s: PipelineSnapshot,
    recipients: string[],
  ): Promise<Draft[]> {
    const arn = s.location.arn;
    const recent = (at: string | undefined) =>
      at !== undefined && now().getTime() - Date.parse(at) <= NEWS_WINDOW_MS;
    const drafts: Draft[] = [];
    const failed = s.stages.filter(
      st =>
        st.status === 'Failed' &&
        st.pipelineExecutionId &&
        recent(lastChange(st)),
    );
    if (failed.length > 0) {
      const layout = s.layout ?? (await snapshots.getDefinition(arn))?.layout;
      for (const st of failed) {
        if (layout?.stages.find(l => l.name === st.name)?.phase !== 'prod') {
          continue;
        }
        const scope = scopeOf(
          'stage-failed',
          arn,
          st.name,
          st.pipelineExecutionId!,
        );
        const reason = st.actions.find(a => a.status === 'Failed')?.summary;
        drafts.push({
          scope,
          kind: 'stage-failed',
          pipelineArn: arn,
          stageName: st.name,
          pipelineExecutionId: st.pipelineExecutionId,
          recipients,
          payload: {
            title: `Production stage failed: ${st.name} of ${s.location.name}`,
            description: `Execution ${st.pipelineExecutionId} failed in ${
              st.name
            }${reason ? `: ${reason}` : '.'}`,
            link: entityTabPath(recipients[0]),
            severity: 'critical',
            topic: NOTIFICATION_TOPICS['stage-failed'],
            scope,
            metadata: { pipelineArn: arn, stageName: st.name },
          },
        });
      }
    }
    for (const e of s.executions) {
      if (
        e.executionType !== 'ROLLBACK' ||
        e.trigger !== 'AutomatedRollback' ||
        !recent(e.startedAt)
      ) {
        continue;
      }
      const scope = scopeOf('alarm-rollback', arn, e.id);
      drafts.push({
        scope,
        kind: 'alarm-rollback',
        pipelineArn: arn,
        pipelineExecutionId: e.id,
        recipients,
        payload: {
          title: `Rolled back by an alarm: ${s.location.name}`,
          description: `CodePipeline started rollback execution ${e.id}${
            e.triggerDetail ? ` (${e.triggerDetail})` : ''
          }${revisionText(e) ? ` to ${revisionText(e)}` : ''}.`,
          link: entityTabPath(recipients[0]),
          severity: 'critical',
          topic: NOTIFICATION_TOPICS['alarm-rollback'],
          scope,
          metadata: { pipelineArn: arn, pipelineExecutionId: e.id },
        },
      });
    }
    return drafts;
  }

  return {
    async afterSnapshot(s) {
      try {
        const arn = s.location.arn;
        const recipients = await store.listEntityRefsOfPipeline(arn);
        if (recipients.length === 0) {
          return;
        }
        const open = await store.listOpenApprovalNotifications(arn);
        const pending = new Set(
          s.pendingApprovals.map(a => approvalScope(arn, a)),
        );
        for (const n of open.filter(o => !pending.has(o.scope))) {
          await close(n, s.location.name);
        }
        const drafts = [
          ...(await approvalDrafts(
            s,
            recipients,
            new Set(open.map(o => o.scope)),
          )),
          ...(await failureDrafts(s, recipients)),
        ];
        for (const draft of drafts) {
          await sendOnce(draft);
        }
      } catch (error) {
        logger.warn(
          `Could not notify the owners about ${s.location.arn}: ${error}`,
        );
      }
    },
  };
}

function approvalScope(arn: string, a: PendingApproval): string {
  return scopeOf('approval', arn, a.stageName, a.actionName, a.token);
}

/** Why an approval no longer waits when nobody decided it in Backstage. */
function undecidedReason(open: OwnerNotificationRecord, at: Date): string {
  const metadata = (open.payload.metadata ?? {}) as Record<string, unknown>;
  const expiresAt =
    typeof metadata.expiresAt === 'string' ? metadata.expiresAt : undefined;
  if (expiresAt && Date.parse(expiresAt) <= at.getTime()) {
    return `It expired at ${expiresAt} without a decision.`;
  }
  return 'It no longer waits: it was decided outside Backstage, or its execution was stopped or superseded.';
}

/** When a stage last changed: its newest action change. */
function lastChange(stage: StageStateView): string | undefined {
  return stage.actions
    .map(a => a.lastStatusChange)
    .filter((t): t is string => !!t)
    .sort()
    .at(-1);
}

/** `abc1234 "message"` of an execution's first source revision. */
function revisionText(e: ExecutionView | undefined): string | undefined {
  const r = e?.sourceRevisions.find(x => x.revisionId);
  if (!r?.revisionId) {
    return undefined;
  }
  const short = r.revisionId.slice(0, 7);
  const message = readableRevisionSummary(r.revisionSummary);
  return message ? `${short} "${message.split('\n')[0]}"` : short;
}
