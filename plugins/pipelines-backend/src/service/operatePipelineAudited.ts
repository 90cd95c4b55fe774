import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type {
  PipelineControl,
  PipelineControlRequest,
  PipelineControlResponse,
} from '@dpra/plugin-pipelines-common';
import type { Request } from 'express';
import type { PipelineSignals } from '../signals';
import type { EntityAccess } from './EntityAccess';
import type { PipelineControlService } from './PipelineControlService';
import type { EntityPipelineResolver } from './types';

/** The audit event of every control: who ran what on which pipeline and execution. */
export const CONTROL_AUDIT_EVENT_ID = 'pipeline-operate';

/** What running a stage control needs, wherever the request comes from. */
export interface PipelineOperationDeps {
  auditor: AuditorService;
  access: Pick<EntityAccess, 'forOperate'>;
  resolver: Pick<EntityPipelineResolver, 'ensureEntity'>;
  controls: PipelineControlService;
  /** Tells the entity's open tabs to re-fetch; absent without signals. */
  signals?: Pick<PipelineSignals, 'entitiesChanged'>;
}

/**
 * Runs a stage control for a user the way every entry point does (the REST route and the actions
 * for AI tools): a `pipeline-operate` audit event around the whole attempt (success or failure,
 * with the error), `dpra.pipeline.operate` on the entity asked afresh (never a cached answer),
 * then the control service (the `seen` check against AWS, the AWS call, a refresh).
 */
export async function operatePipelineAudited(
  deps: PipelineOperationDeps,
  options: {
    credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>;
    entityRef: string;
    control: PipelineControl;
    request: PipelineControlRequest;
    /** The HTTP request, when the control came through the REST API. */
    httpRequest?: Request<any, any, any, any, any>;
    /** Through which door the control came, for the audit trail. */
    via: 'rest' | 'action';
  },
): Promise<PipelineControlResponse> {
  const { credentials, entityRef, control, request } = options;
  const userEntityRef = credentials.principal.userEntityRef;
  const event = await deps.auditor.createEvent({
    eventId: CONTROL_AUDIT_EVENT_ID,
    severityLevel: 'high',
    request: options.httpRequest,
    meta: {
      entityRef,
      control,
      pipelineArn: request.pipelineArn,
      stageName: request.stageName ?? null,
      pipelineExecutionId: request.pipelineExecutionId ?? null,
      targetPipelineExecutionId: request.targetPipelineExecutionId ?? null,
      reason: request.reason ?? null,
      requestedBy: userEntityRef,
      via: options.via,
    },
  });
  try {
    const entity = await deps.access.forOperate(credentials, entityRef);
    await deps.resolver.ensureEntity(entity);
    const result = await deps.controls.operate({
      entityRef,
      userEntityRef,
      control,
      request,
    });
    await deps.signals?.entitiesChanged([entityRef], 'control');
    await event.success({
      meta: {
        outcome: result.message,
        resultPipelineExecutionId: result.pipelineExecutionId ?? null,
      },
    });
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
