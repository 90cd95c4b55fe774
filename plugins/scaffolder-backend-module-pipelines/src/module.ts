import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGeneratePipelineAction } from './actions/generate';
import { createValidatePipelineAction } from './actions/validate';
import { withTaskLogErrors } from './actions/taskLogErrors';
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
        logger: coreServices.logger,
      },
      async init({ scaffolderActions, httpRouter, httpAuth, logger }) {
        scaffolderActions.addActions(
          ...[createGeneratePipelineAction(), createValidatePipelineAction()].map(
            action => withTaskLogErrors(action, logger),
          ),
        );
        httpRouter.use(createSpecCheckRouter({ httpAuth }));
      },
    });
  },
});
