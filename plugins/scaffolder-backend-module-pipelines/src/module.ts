import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGeneratePipelineAction } from './actions/generate';
import { createValidatePipelineAction } from './actions/validate';

/**
 * Scaffolder module that registers `dpra:pipeline:generate` and `dpra:pipeline:validate`.
 *
 * @public
 */
export const scaffolderModulePipelines = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'pipelines',
  register({ registerInit }) {
    registerInit({
      deps: { scaffolderActions: scaffolderActionsExtensionPoint },
      async init({ scaffolderActions }) {
        scaffolderActions.addActions(
          createGeneratePipelineAction(),
          createValidatePipelineAction(),
        );
      },
    });
  },
});
