import {
  entityRefInput,
  readableEntity,
  type PipelinesActionsDeps,
} from './types';

/** The most severe findings named in the summary; the counts cover all. */
const TOP_FINDINGS = 10;

/** `pipelines:get-findings-summary`: security and quality findings of an entity, summarised. */
export function registerGetFindingsSummaryAction(deps: PipelinesActionsDeps) {
  deps.actionsRegistry.register({
    name: 'get-findings-summary',
    title: 'Summarise the findings of an entity',
    description: `Summarises the security and quality findings (Security Hub, Inspector, CodeBuild reports) of an entity's pipelines: counts by severity, the ${TOP_FINDINGS} most severe findings, and the latest test and coverage reports. With executionId, only the findings that pipeline run reported last.`,
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          executionId: z
            .string()
            .min(1)
            .max(128)
            .optional()
            .describe('Only the findings of this pipeline execution (run).'),
        }),
      output: z =>
        z.object({
          counts: z
            .object({
              CRITICAL: z.number().describe('Critical findings.'),
              HIGH: z.number().describe('High findings.'),
              MEDIUM: z.number().describe('Medium findings.'),
              LOW: z.number().describe('Low findings.'),
              INFORMATIONAL: z.number().describe('Informational findings.'),
            })
            .describe('Findings by severity.'),
          top: z
            .array(
              z.object({
                severity: z.string().describe('Severity.'),
                title: z.string().describe('Title.'),
                tool: z.string().describe('Tool that reported it.'),
                resource: z.string().optional().describe('Affected resource.'),
                url: z.string().optional().describe('Link to the finding.'),
              }),
            )
            .describe('The most severe findings.'),
          reports: z
            .array(
              z.object({
                reportGroup: z.string().optional().describe('Report group.'),
                type: z.string().describe('TEST or CODE_COVERAGE.'),
                status: z.string().describe('Report status.'),
                testTotal: z.number().optional().describe('Test cases.'),
                lineCoveragePercentage: z
                  .number()
                  .optional()
                  .describe('Line coverage, percent.'),
              }),
            )
            .describe('Latest test and coverage reports.'),
          stale: z
            .boolean()
            .describe('True when the findings are the last known state.'),
          staleReason: z.string().optional().describe('Why they are stale.'),
        }),
    },
    action: async ({ input, credentials }) => {
      await readableEntity(deps, credentials, input.entityRef);
      const response = await deps.entities.getFindings(input.entityRef, {
        executionId: input.executionId,
      });
      return {
        output: {
          counts: response.counts,
          top: response.findings.slice(0, TOP_FINDINGS).map(f => ({
            severity: f.severity,
            title: f.title,
            tool: f.tool,
            resource: f.resource,
            url: f.url,
          })),
          reports: response.reports.map(r => ({
            reportGroup: r.reportGroup,
            type: r.type,
            status: r.status,
            testTotal: r.testTotal,
            lineCoveragePercentage: r.lineCoveragePercentage,
          })),
          stale: response.freshness.stale,
          staleReason: response.freshness.staleReason,
        },
      };
    },
  });
}
