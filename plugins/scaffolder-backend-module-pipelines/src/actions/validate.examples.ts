import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples shown in the portal's action reference; each one is executed by validate.examples.test.ts. */
export const examples: TemplateExample[] = [
  {
    description:
      'Fail fast on an invalid spec, before any file is fetched or generated',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'dpra:pipeline:validate',
          name: 'Validate the pipeline spec',
          input: {
            spec: {
              apiVersion: 'dpra/v1',
              kind: 'AccountFleetPipeline',
              metadata: { name: 'org-fleet' },
              spec: {
                toolchain: { account: '111111111111', region: 'us-east-1' },
                source: { repository: 'example-org/org-fleet' },
                organization: {
                  rootId: 'r-ab12',
                  organizationalUnits: [{ name: 'Sandbox' }, { name: 'Workloads' }],
                },
                sandbox: { ous: ['Sandbox'] },
                waves: [{ ous: ['Workloads'] }],
              },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Report the issues as outputs instead of failing, to branch on steps.validate.output.valid',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'dpra:pipeline:validate',
          name: 'Check the pipeline spec',
          input: {
            failOnInvalid: false,
            spec: {
              apiVersion: 'dpra/v1',
              kind: 'AppPipeline',
              metadata: { name: 'orders-service' },
              spec: { toolchain: { account: '1234', region: 'us-east-9' } },
            },
          },
        },
      ],
    }),
  },
];
