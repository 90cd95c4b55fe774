import type { PipelinesActionsDeps } from './types';

/**
 * `pipelines:list-pending-approvals`: the inbox — every manual approval waiting for the caller,
 * across all entities, as `GET /approvals/pending` serves it.
 */
export function registerListPendingApprovalsAction(deps: PipelinesActionsDeps) {
  deps.actionsRegistry.register({
    name: 'list-pending-approvals',
    title: 'List the approvals waiting for me',
    description:
      'Lists every pending manual approval of any entity that the caller may decide (approve or reject), oldest first: entity, pipeline, stage, the revision waiting, since when it waits, when it expires, and what approving promotes (the next production wave and its regions). Pass an entry to pipelines:decide-approval to decide it.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({}),
      output: z =>
        z.object({
          approvals: z
            .array(
              z.object({
                entityRef: z.string().describe('Entity whose pipeline waits.'),
                pipelineArn: z.string().describe('Pipeline ARN.'),
                pipelineName: z.string().describe('Pipeline name.'),
                stageName: z.string().describe('Stage of the approval.'),
                actionName: z.string().describe('Approval action name.'),
                token: z.string().describe('Approval token, for deciding.'),
                requestedAt: z
                  .string()
                  .optional()
                  .describe('Waiting since (ISO 8601).'),
                expiresAt: z
                  .string()
                  .optional()
                  .describe('Expires at (ISO 8601).'),
                revisions: z
                  .array(z.string())
                  .describe('Revisions waiting: `<commit>: <message>`.'),
                promotes: z
                  .string()
                  .optional()
                  .describe(
                    'What approving lets through, e.g. `Prod-Wave1 (wave 1): us-east-1, eu-west-1`.',
                  ),
                stale: z
                  .boolean()
                  .describe(
                    'True when the pipeline failed to refresh: the approval may already be decided.',
                  ),
              }),
            )
            .describe('Approvals waiting for the caller, oldest first.'),
        }),
    },
    action: async ({ credentials }) => {
      const { items } = await deps.inbox.listFor(credentials);
      return {
        output: {
          approvals: items.map(a => ({
            entityRef: a.entityRef,
            pipelineArn: a.pipelineArn,
            pipelineName: a.pipelineName,
            stageName: a.stageName,
            actionName: a.actionName,
            token: a.token,
            requestedAt: a.requestedAt,
            expiresAt: a.expiresAt,
            revisions: (a.revisions ?? []).map(r =>
              [r.revisionId ?? r.actionName, r.revisionSummary]
                .filter(Boolean)
                .join(': '),
            ),
            promotes: a.promotes
              ? `${a.promotes.stageName}${
                  a.promotes.waveIndex ? ` (wave ${a.promotes.waveIndex})` : ''
                }${
                  a.promotes.regions.length
                    ? `: ${a.promotes.regions.join(', ')}`
                    : ''
                }`
              : undefined,
            stale: a.stale,
          })),
        },
      };
    },
  });
}
