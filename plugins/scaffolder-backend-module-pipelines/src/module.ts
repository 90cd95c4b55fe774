import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  scaffolderActionsExtensionPoint,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createGeneratePipelineAction } from './actions/generate';
import { createPublishLocalAction } from './actions/publishLocal';
import { createValidatePipelineAction } from './actions/validate';
import { withTaskLogErrors } from './actions/taskLogErrors';
import { LocalGitRepositories } from './localGit/LocalGitRepositories';
import { LOCAL_GIT_PATH, createLocalGitRouter } from './localGit/localGitRouter';
import { readLocalPublishConfig } from './localGit/localPublishConfig';
import { createPublishTargetsRouter } from './publishTargetsRouter';
import { createSpecCheckRouter } from './specCheckRouter';

/**
 * Scaffolder module that registers `dpra:pipeline:generate` and `dpra:pipeline:validate`, and the
 * spec check route the template form calls before "Create" (`POST /api/scaffolder/dpra/pipeline-spec/validate`).
 * With `pipelines.localPublish.enabled` (the local portal) it also registers `publish:dpra-local`
 * and serves the local repositories read-only under `/api/scaffolder/dpra/local-git`. The templates'
 * publish field asks `GET /api/scaffolder/dpra/publish-targets` which destinations are available.
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
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
      },
      async init({
        scaffolderActions,
        httpRouter,
        httpAuth,
        logger,
        config,
        discovery,
      }) {
        const actions: TemplateAction<any, any, any>[] = [
          createGeneratePipelineAction(),
          createValidatePipelineAction(),
        ];
        httpRouter.use(createSpecCheckRouter({ httpAuth }));

        const localPublish = readLocalPublishConfig(config);
        if (localPublish) {
          const repositories = new LocalGitRepositories(
            localPublish.repositoriesDirectory,
          );
          const scaffolderBaseUrl = () =>
            discovery.getExternalBaseUrl('scaffolder');
          actions.push(
            createPublishLocalAction({
              repositories,
              scaffolderBaseUrl,
              defaultAuthor: localPublish.defaultAuthor,
              specsDirectory: localPublish.specsDirectory,
            }),
          );
          httpRouter.use(
            createLocalGitRouter({ repositories, scaffolderBaseUrl }),
          );
          // The catalog's URL reader sends no token; these routes only ever read.
          httpRouter.addAuthPolicy({
            path: LOCAL_GIT_PATH,
            allow: 'unauthenticated',
          });
          logger.info(
            `Local publishing on: repositories in ${localPublish.repositoriesDirectory}${
              localPublish.specsDirectory
                ? `, pipeline specs handed to ${localPublish.specsDirectory}`
                : ''
            }`,
          );
        }
        httpRouter.use(
          createPublishTargetsRouter({
            httpAuth,
            config,
            localPublishEnabled: !!localPublish,
          }),
        );
        scaffolderActions.addActions(
          ...actions.map(action => withTaskLogErrors(action, logger)),
        );
      },
    });
  },
});
