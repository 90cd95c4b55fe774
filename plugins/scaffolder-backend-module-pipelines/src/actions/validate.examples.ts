import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { minimalSpec } from '@dpra/stacks';
import yaml from 'yaml';

/*
 * Examples shown in the portal's action reference; each one is executed by
 * validate.examples.test.ts. The valid spec is @dpra/stacks' smallest account-fleet spec; the
 * invalid one is literal, because its mistakes are the point.
 */

function validateStep(name: string, input: Record<string, unknown>): string {
  return yaml.stringify({
    steps: [{ id: 'validate', action: 'dpra:pipeline:validate', name, input }],
  });
}

/** Examples of dpra:pipeline:validate. */
export const examples: TemplateExample[] = [
  {
    description:
      'Fail fast on an invalid spec, before any file is fetched or generated',
    example: validateStep('Validate the pipeline spec', {
      spec: minimalSpec('AccountFleetPipeline'),
    }),
  },
  {
    description:
      'Report the issues as outputs instead of failing, to branch on steps.validate.output.valid',
    example: validateStep('Check the pipeline spec', {
      failOnInvalid: false,
      spec: {
        apiVersion: 'dpra/v1',
        kind: 'AppPipeline',
        metadata: { name: 'orders-service' },
        spec: { toolchain: { account: '1234', region: 'us-east-9' } },
      },
    }),
  },
];
