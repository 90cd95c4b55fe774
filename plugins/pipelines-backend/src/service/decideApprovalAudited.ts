import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type {
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
} from '@dpra/plugin-pipelines-common';
import type { Request } from 'express';
import type { PipelineSignals } from '../signals';
import type { EntityAccess } from './EntityAccess';
import type {
  ApprovalInboxService,
  ApprovalService,
  EntityPipelineResolver,
} from './types';

/** What deciding an approval needs, wherever the decision comes from. */
export interface ApprovalDecisionDeps {
  auditor: AuditorService;
  access: Pick<EntityAccess, 'forDecision'>;
  resolver: Pick<EntityPipelineResolver, 'ensureEntity'>;
  approvals: Pick<ApprovalService, 'decide'>;
  /** The inbox, which stops listing a decided approval at once. */
  inbox: Pick<ApprovalInboxService, 'invalidate'>;
  /** Tells open pages (the entity's tab, every inbox) to re-fetch; absent without signals. */
  signals?: Pick<PipelineSignals, 'entitiesChanged' | 'inboxChanged'>;
}

/**
 * Decides an approval for a user the way every entry point does (the REST route and the action
 * for AI tools): an `approval-decide` audit event around the whole attempt, the permission
 * `dpra.approval.decide` asked afresh, then the approval service (the token lock, AWS, the
 * record). Errors are audited as failures and rethrown.
 */
export async function decideApprovalAudited(
  deps: ApprovalDecisionDeps,
  options: {
    credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>;
    entityRef: string;
    request: ApprovalDecisionRequest;
    /** The HTTP request, when the decision came through the REST API. */
    httpRequest?: Request<any, any, any, any, any>;
    /** Through which door the decision came, for the audit trail. */
    via: 'rest' | 'action';
    /** The decider's display name, recorded once with the decision (undefined: the ref alone). */
    userDisplayName?: () => Promise<string | undefined>;
  },
): Promise<ApprovalDecisionResponse> {
  const { credentials, entityRef } = options;
  // The body is only validated by the time it reaches here on the REST path; the audit names
  // whatever strings it has.
  const body = options.request as Partial<Record<string, unknown>>;
  const text = (key: string) =>
    typeof body?.[key] === 'string' ? (body[key] as string) : null;
  const event = await deps.auditor.createEvent({
    eventId: 'approval-decide',
    severityLevel: 'medium',
    request: options.httpRequest,
    meta: {
      entityRef,
      pipelineArn: text('pipelineArn'),
      stageName: text('stageName'),
      actionName: text('actionName'),
      decision: text('decision'),
      decidedBy: credentials.principal.userEntityRef,
      via: options.via,
    },
  });
  try {
    const entity = await deps.access.forDecision(credentials, entityRef);
    await deps.resolver.ensureEntity(entity);
    const result = await deps.approvals.decide({
      entityRef,
      userEntityRef: credentials.principal.userEntityRef,
      userDisplayName: await options.userDisplayName?.(),
      request: options.request,
    });
    deps.inbox.invalidate();
    await deps.signals?.entitiesChanged([entityRef], 'decision');
    await deps.signals?.inboxChanged('decision');
    await event.success({
      meta: {
        summary: result.summary,
        decidedAt: result.decidedAt,
        outcome: result.outcome ?? null,
      },
    });
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
