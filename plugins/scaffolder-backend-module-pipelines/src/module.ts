import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGeneratePipelineAction } from './actions/generate';
import { createValidatePipelineAction } from './actions/validate';
import { createSpecCheckRouter } from './specCheckRouter';

/**
 * Scaffolder module that registers `dpra:pipeline:generate` and `dpra:pipeline:validate`, and the
 * spec check route the template form calls before "Create" (`POST /api/scaffolder/dpra/pipeline-spec/validate`).
 *
 * @public
 */
export const scaffolderModulePipelines = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'pipelines',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ scaffolderActions, httpRouter, httpAuth }) {
        scaffolderActions.addActions(
          createGeneratePipelineAction(),
          createValidatePipelineAction(),
        );
        httpRouter.use(createSpecCheckRouter({ httpAuth }));
      },
    });
  },
});
