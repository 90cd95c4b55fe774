import { decideApprovalAudited } from '../service/decideApprovalAudited';
import {
  pipelineArnInput,
  userCredentials,
  type PipelinesActionsDeps,
} from './types';

/**
 * `pipelines:decide-approval`: approves or rejects a pending manual approval, through the same
 * permission check, token lock, audit event and AWS call as `POST …/approvals`.
 */
export function registerDecideApprovalAction(deps: PipelinesActionsDeps) {
  deps.actionsRegistry.register({
    name: 'decide-approval',
    title: 'Approve or reject a pending approval',
    description:
      'Approves or rejects a manual approval of a pipeline in AWS CodePipeline, as the calling user (their name goes into the summary AWS records). Approving lets the pipeline promote the change to the next production wave. Take the approval from pipelines:list-pending-approvals or pipelines:get-entity-pipelines. Fails when the user may not decide approvals of the entity, or when the approval is no longer pending or was already decided.',
    attributes: { destructive: true, readOnly: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe('Entity reference of the entity whose pipeline waits.'),
          pipelineArn: pipelineArnInput(z),
          stageName: z.string().min(1).max(100).describe('Stage name.'),
          actionName: z
            .string()
            .min(1)
            .max(100)
            .describe('Approval action name.'),
          token: z
            .string()
            .min(1)
            .max(128)
            .describe('The approval token from the current state.'),
          decision: z
            .enum(['Approved', 'Rejected'])
            .describe('Approved or Rejected.'),
          comment: z
            .string()
            .max(400)
            .optional()
            .describe("Comment, sent to AWS with the user's name."),
        }),
      output: z =>
        z.object({
          decision: z.string().describe('The recorded decision.'),
          decidedBy: z.string().describe('Who decided (user entity ref).'),
          decidedAt: z.string().describe('When (ISO 8601).'),
          summary: z.string().describe('Summary sent to AWS.'),
          outcome: z
            .enum(['sent', 'unknown'])
            .optional()
            .describe(
              '`sent` when AWS accepted it; `unknown` when AWS did not answer in time (it is reconciled).',
            ),
          message: z.string().optional().describe('What happened, for people.'),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, ...request } = input;
      const result = await decideApprovalAudited(deps, {
        credentials: userCredentials(credentials, 'Approvals are decided'),
        entityRef,
        request,
        via: 'action',
      });
      return { output: { ...result } };
    },
  });
}
