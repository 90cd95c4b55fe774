import {
  entityRefInput,
  readableEntity,
  type PipelinesActionsDeps,
} from './types';

/** `pipelines:get-delivery-metrics`: DPRA delivery metrics of an entity from stored history. */
export function registerGetDeliveryMetricsAction(deps: PipelinesActionsDeps) {
  deps.actionsRegistry.register({
    name: 'get-delivery-metrics',
    title: 'Get the delivery metrics of an entity',
    description:
      "Delivery metrics of an entity's pipelines over a window of days, from stored execution history: production deployment frequency, median lead time for changes, change failure rate, mean time between failures and mean time to restore.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          windowDays: z
            .number()
            .int()
            .min(1)
            .max(366)
            .default(30)
            .describe('Window in days (default 30).'),
          pipelineArn: z
            .string()
            .optional()
            .describe("Only this pipeline (one of the entity's)."),
        }),
      output: z =>
        z.object({
          windowDays: z.number().describe('Window in days.'),
          deploymentFrequencyPerDay: z
            .number()
            .describe('Production deployments per day.'),
          leadTimeHours: z
            .number()
            .optional()
            .describe('Median lead time for changes, hours.'),
          changeFailureRate: z
            .number()
            .optional()
            .describe('Share of production deployments that failed, 0–1.'),
          mtbfHours: z
            .number()
            .optional()
            .describe('Mean time between failures, hours.'),
          mttrHours: z
            .number()
            .optional()
            .describe('Mean time to restore, hours.'),
          sampleSize: z
            .number()
            .describe('Finished executions that started in the window.'),
        }),
    },
    action: async ({ input, credentials }) => {
      await readableEntity(deps, credentials, input.entityRef);
      const metrics = await deps.entities.getMetrics(input.entityRef, {
        windowDays: input.windowDays,
        pipelineArn: input.pipelineArn,
      });
      return {
        output: {
          windowDays: metrics.windowDays,
          deploymentFrequencyPerDay: metrics.deploymentFrequencyPerDay,
          leadTimeHours: metrics.leadTimeHours,
          changeFailureRate: metrics.changeFailureRate,
          mtbfHours: metrics.mtbfHours,
          mttrHours: metrics.mttrHours,
          sampleSize: metrics.sampleSize,
        },
      };
    },
  });
}
