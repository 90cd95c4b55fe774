import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { describeSpecIssue, validateSpec } from '@dpra/stacks';
import { examples } from './validate.examples';
import { invalidSpecError } from './specIssues';

/**
 * Creates the `dpra:pipeline:validate` scaffolder action. It checks a pipeline spec without
 * writing anything, so a template can fail fast (or branch on `valid`) before the slower
 * generation and publishing steps.
 *
 * @public
 */
export function createValidatePipelineAction() {
  return createTemplateAction({
    id: 'dpra:pipeline:validate',
    description:
      'Validates a DPRA pipeline spec (dpra/v1) without writing anything. Outputs valid and the list of issues (path and reason); fails the step on an invalid spec unless failOnInvalid is false.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        spec: z =>
          z
            .record(z.unknown())
            .describe(
              'The pipeline spec document (apiVersion dpra/v1; kind AppPipeline, ImagePipeline or AccountFleetPipeline)',
            ),
        failOnInvalid: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Fail the step when the spec is invalid, listing every issue. Set to false to branch on the `valid` output instead. Default: true',
            ),
      },
      output: {
        valid: z => z.boolean().describe('Whether the spec is valid'),
        issues: z =>
          z
            .array(
              z.object({
                path: z
                  .string()
                  .describe('Path of the offending field in the spec, e.g. spec.production.waves[0].regions[1]'),
                message: z.string().describe('Why the field is invalid'),
                text: z
                  .string()
                  .describe(
                    'The issue as a sentence, numbered from 1 as the form shows it, e.g. "Production wave 2, region 1: deploys to us-east-1, which wave 1 already deploys to"',
                  ),
              }),
            )
            .describe('Validation issues; empty when valid'),
      },
    },
    async handler(ctx) {
      const result = validateSpec(ctx.input.spec);
      const issues = result.ok
        ? []
        : result.issues.map(issue => ({
            path: issue.path,
            message: issue.message,
            text: describeSpecIssue(issue),
          }));
      ctx.output('valid', result.ok);
      ctx.output('issues', issues);
      if (!result.ok && (ctx.input.failOnInvalid ?? true)) {
        throw invalidSpecError(result.issues);
      }
    },
  });
}
