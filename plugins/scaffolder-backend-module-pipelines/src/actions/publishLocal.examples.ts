import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/*
 * Examples shown in the portal's action reference; each one is executed by
 * publishLocal.examples.test.ts.
 */

/** Examples of publish:dpra-local. */
export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace as a local repository, hand its pipeline spec to the local AWS scenario and register the new entity',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:dpra-local',
          name: 'Publish to a local repository',
          input: {
            repoName: 'orders-service',
            description: 'Takes and tracks orders',
            pipelineSpecPath: 'pipeline/pipeline.yaml',
          },
        },
        {
          id: 'register',
          action: 'catalog:register',
          name: 'Register in the catalog',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
          },
        },
      ],
    }),
  },
];
