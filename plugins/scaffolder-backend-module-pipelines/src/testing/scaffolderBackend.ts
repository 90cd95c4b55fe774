import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import scaffolderModulePipelines from '../index';

type CatalogMockOptions = NonNullable<Parameters<typeof catalogServiceMock.factory>[0]>;

/** The repository's software templates (templates/). */
export const TEMPLATES_DIR = path.resolve(__dirname, '../../../../templates');

/** A template's template.yaml, parsed (its parameter pages share schemas through YAML aliases). */
export function readTemplate(dir: string): any {
  return yaml.parse(fs.readFileSync(path.join(TEMPLATES_DIR, dir, 'template.yaml'), 'utf8'), {
    maxAliasCount: 100,
  });
}

/**
 * The real scaffolder backend with this module, as the portal runs it, over a mock catalog that
 * holds the team the template values name (group:default/team-orders) and `entities`.
 */
export async function startScaffolderTestBackend(
  options: { entities?: CatalogMockOptions['entities'] } = {},
) {
  return startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModulePipelines,
      catalogServiceMock.factory({
        entities: [
          ...(options.entities ?? []),
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'team-orders', namespace: 'default' },
            spec: { type: 'team', children: [] },
          },
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          scaffolder: {
            defaultAuthor: { name: 'DPRA Scaffolder', email: 'scaffolder@dpra.local' },
          },
        },
      }),
    ],
  });
}
