import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs';
import os from 'node:os';
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

/** The teams the template values name as owners. */
const TEAMS = ['team-orders', 'platform'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
}));

/**
 * Configuration of the local portal's end to end publishing (pipelines.localPublish), in a fresh
 * data directory: repositories in `<dataDir>/git`, specs handed over in `<dataDir>/specs`.
 */
function localPublishConfig() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-scaffolder-data-'));
  return {
    dataDir,
    config: {
      pipelines: {
        localPublish: {
          enabled: true,
          repositoriesDirectory: path.join(dataDir, 'git'),
          specsDirectory: path.join(dataDir, 'specs'),
        },
      },
    },
  };
}

const BASE_CONFIG = {
  backend: { baseUrl: 'http://localhost:7007' },
  scaffolder: {
    defaultAuthor: { name: 'DPRA Scaffolder', email: 'scaffolder@dpra.local' },
  },
};

/**
 * The real scaffolder backend with this module (local publishing on), as the portal runs it, over a
 * mock catalog that holds the teams the template values name and `entities`.
 */
export async function startScaffolderTestBackend(
  options: { entities?: CatalogMockOptions['entities'] } = {},
) {
  const local = localPublishConfig();
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModulePipelines,
      catalogServiceMock.factory({ entities: [...(options.entities ?? []), ...TEAMS] }),
      mockServices.rootConfig.factory({ data: { ...BASE_CONFIG, ...local.config } }),
    ],
  });
  return Object.assign(backend, { dataDir: local.dataDir });
}

/**
 * The scaffolder and the real catalog in one backend, as the local portal runs them: the catalog
 * holds the templates (from templates/all.yaml) and the teams, `catalog:register` adds the entity a
 * task published, and the catalog reads it back through the local repositories' read-only route
 * with its URL reader (`backend.reading.allow` names the test server's host on any port).
 * `features` and `config` add to it (e.g. the GitHub scaffolder module and its integration).
 */
export async function startScaffolderWithCatalogBackend(
  options: { features?: Parameters<typeof startTestBackend>[0]['features']; config?: object } = {},
) {
  const local = localPublishConfig();
  const teams = path.join(local.dataDir, 'teams.yaml');
  fs.writeFileSync(teams, TEAMS.map(t => yaml.stringify(t)).join('---\n'));
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModulePipelines,
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          ...BASE_CONFIG,
          ...options.config,
          ...local.config,
          backend: {
            ...BASE_CONFIG.backend,
            reading: {
              allow: [{ host: 'localhost:1024-65535', paths: ['/api/scaffolder/dpra/local-git/'] }],
            },
          },
          catalog: {
            rules: [{ allow: ['Component', 'Group', 'Template', 'Location'] }],
            locations: [
              { type: 'file', target: path.join(TEMPLATES_DIR, 'all.yaml') },
              { type: 'file', target: teams },
            ],
          },
        },
      }),
    ],
  });
  return Object.assign(backend, { dataDir: local.dataDir });
}
