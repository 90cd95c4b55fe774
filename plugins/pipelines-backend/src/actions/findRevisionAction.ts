import {
  entityRefInput,
  readableEntity,
  type PipelinesActionsDeps,
} from './types';

/** Executions looked at per entity: the history the tab's execution list shows, and more. */
const EXECUTIONS_SEARCHED = 200;

/**
 * `pipelines:find-revision`: where a source revision (commit) is in an entity's pipelines — the
 * executions that built it and the stages it is on now.
 */
export function registerFindRevisionAction(deps: PipelinesActionsDeps) {
  deps.actionsRegistry.register({
    name: 'find-revision',
    title: 'Find where a revision is',
    description: `Answers "where is revision X": for a commit id (or a prefix of at least 4 characters), the executions of the entity's pipelines that built it (newest first, among the latest ${EXECUTIONS_SEARCHED}), their status, and the stages each pipeline currently has on that execution (e.g. deployed to Prod-Wave1, waiting in Approval).`,
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          revision: z
            .string()
            .min(4)
            .max(128)
            .describe(
              'Commit id (or other source revision id), or a prefix of it of at least 4 characters.',
            ),
        }),
      output: z =>
        z.object({
          revision: z.string().describe('The revision asked for.'),
          executions: z
            .array(
              z.object({
                pipelineName: z.string().describe('Pipeline name.'),
                pipelineArn: z.string().describe('Pipeline ARN.'),
                executionId: z.string().describe('Execution id.'),
                status: z.string().describe('Execution status.'),
                startedAt: z
                  .string()
                  .optional()
                  .describe('Start of the execution (ISO 8601).'),
                revisionId: z.string().describe('The full revision id.'),
                revisionSummary: z
                  .string()
                  .optional()
                  .describe('Commit message or summary.'),
                stagesNow: z
                  .array(
                    z.object({
                      stageName: z.string().describe('Stage name.'),
                      status: z
                        .string()
                        .describe('Status of the stage on this execution.'),
                    }),
                  )
                  .describe(
                    'Stages that are on this execution in the current pipeline state.',
                  ),
              }),
            )
            .describe('Executions that built the revision, newest first.'),
        }),
    },
    action: async ({ input, credentials }) => {
      await readableEntity(deps, credentials, input.entityRef);
      const wanted = input.revision.toLowerCase();
      const [{ pipelines }, { executions }] = await Promise.all([
        deps.entities.getPipelines(input.entityRef, {
          canDecideApprovals: false,
        }),
        deps.entities.getExecutions(input.entityRef, {
          limit: EXECUTIONS_SEARCHED,
        }),
      ]);
      const pipelineBy = new Map(pipelines.map(p => [p.arn, p]));
      return {
        output: {
          revision: input.revision,
          executions: executions.flatMap(execution => {
            const source = execution.sourceRevisions.find(r =>
              r.revisionId?.toLowerCase().startsWith(wanted),
            );
            const pipeline = pipelineBy.get(execution.pipelineArn);
            if (!source?.revisionId || !pipeline) {
              return [];
            }
            return [
              {
                pipelineName: pipeline.name,
                pipelineArn: pipeline.arn,
                executionId: execution.id,
                status: execution.status,
                startedAt: execution.startedAt,
                revisionId: source.revisionId,
                revisionSummary: source.revisionSummary,
                stagesNow: pipeline.stages
                  .filter(s => s.pipelineExecutionId === execution.id)
                  .map(s => ({ stageName: s.name, status: s.status })),
              },
            ];
          }),
        },
      };
    },
  });
}
