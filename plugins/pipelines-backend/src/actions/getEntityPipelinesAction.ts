import {
  entityRefInput,
  readableEntity,
  type PipelinesActionsDeps,
} from './types';

/**
 * `pipelines:get-entity-pipelines`: an entity's pipelines with their status, from the store.
 */
export function registerGetEntityPipelinesAction(deps: PipelinesActionsDeps) {
  deps.actionsRegistry.register({
    name: 'get-entity-pipelines',
    title: 'Get the pipelines of an entity',
    description:
      'Lists the AWS CodePipeline pipelines of a Backstage catalog entity with their current status: the latest execution, each stage with its status, the manual approvals waiting for a decision, and whether the data is stale (the last refresh from AWS failed).',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
        }),
      output: z =>
        z.object({
          entityRef: z.string().describe('The entity reference.'),
          pipelines: z
            .array(
              z.object({
                name: z.string().describe('Pipeline name.'),
                arn: z.string().describe('Pipeline ARN.'),
                accountId: z.string().describe('AWS account id.'),
                region: z.string().describe('Home region.'),
                executionMode: z
                  .string()
                  .optional()
                  .describe('SUPERSEDED, QUEUED or PARALLEL.'),
                latestExecution: z
                  .object({
                    id: z.string().describe('Execution id.'),
                    status: z.string().describe('Execution status.'),
                  })
                  .optional()
                  .describe(
                    'The latest execution, as the last refresh saw it.',
                  ),
                stages: z
                  .array(
                    z.object({
                      name: z.string().describe('Stage name.'),
                      status: z
                        .string()
                        .describe('Latest status of the stage.'),
                      pipelineExecutionId: z
                        .string()
                        .optional()
                        .describe('Execution the stage is on.'),
                      inboundTransitionEnabled: z
                        .boolean()
                        .describe(
                          'Whether executions may enter the stage (false: paused by a disabled transition).',
                        ),
                    }),
                  )
                  .describe('Stages in pipeline order.'),
                pendingApprovals: z
                  .array(
                    z.object({
                      stageName: z.string().describe('Stage of the approval.'),
                      actionName: z.string().describe('Approval action.'),
                      token: z
                        .string()
                        .describe(
                          'Token to pass to pipelines:decide-approval.',
                        ),
                      expiresAt: z
                        .string()
                        .optional()
                        .describe('When it times out (ISO 8601).'),
                    }),
                  )
                  .describe('Manual approvals waiting for a decision.'),
                stale: z
                  .boolean()
                  .describe(
                    'True when this is the last known state (a refresh failed or is overdue).',
                  ),
                staleReason: z.string().optional().describe('Why it is stale.'),
              }),
            )
            .describe('The pipelines of the entity.'),
          problems: z
            .array(z.string())
            .describe('References that are not served, and why.'),
          canDecideApprovals: z
            .boolean()
            .describe(
              'Whether the caller may decide approvals of this entity.',
            ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { canDecide } = await readableEntity(
        deps,
        credentials,
        input.entityRef,
      );
      const response = await deps.entities.getPipelines(input.entityRef, {
        canDecideApprovals: canDecide,
      });
      return {
        output: {
          entityRef: response.entityRef,
          pipelines: response.pipelines.map(p => ({
            name: p.name,
            arn: p.arn,
            accountId: p.accountId,
            region: p.region,
            executionMode: p.executionMode,
            latestExecution: p.latestExecution
              ? { id: p.latestExecution.id, status: p.latestExecution.status }
              : undefined,
            stages: p.stages.map(s => ({
              name: s.name,
              status: s.status,
              pipelineExecutionId: s.pipelineExecutionId,
              inboundTransitionEnabled: s.inboundTransitionEnabled,
            })),
            pendingApprovals: p.pendingApprovals.map(a => ({
              stageName: a.stageName,
              actionName: a.actionName,
              token: a.token,
              expiresAt: a.expiresAt,
            })),
            stale: p.freshness.stale,
            staleReason: p.freshness.staleReason,
          })),
          problems: response.problems.map(
            pr => `${pr.reference}: ${pr.message}`,
          ),
          canDecideApprovals: response.canDecideApprovals,
        },
      };
    },
  });
}
