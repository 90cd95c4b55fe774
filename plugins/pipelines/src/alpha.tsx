/**
 * The pipelines plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  PageBlueprint,
  coreApis,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import InboxIcon from '@material-ui/icons/AssignmentTurnedIn';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import {
  DPRA_TEMPLATE_REFS,
  hasPipelineAnnotations,
} from '@dpra/plugin-pipelines-common';
import { PipelinesClient, pipelinesApiRef } from './api';
import { inboxRouteRef, rootRouteRef } from './routes';
import {
  FormFieldBlueprint,
  scaffolderTemplateOutputsBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import { GeneratedFilesOutputs } from './scaffolder/GeneratedFilesOutputs';

/**
 * The pipelines API client (`api:pipelines`).
 *
 * @alpha
 */
export const pipelinesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pipelinesApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new PipelinesClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The entity Pipelines tab (`entity-content:pipelines`), shown for entities with a pipelines
 * annotation, in the entity page's `deployment` group (a tab of its own while the group has no
 * other content, a menu entry of the group's tab once it has).
 *
 * @alpha
 */
export const pipelinesEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/pipelines',
    title: 'Pipelines',
    group: 'deployment',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    filter: hasPipelineAnnotations,
    loader: () =>
      import('./components/EntityPipelinesContent').then(m =>
        compatWrapper(<m.EntityPipelinesContent />),
      ),
  },
});

/**
 * The overview card (`entity-card:pipelines`), shown for entities with a pipelines annotation.
 *
 * @alpha
 */
export const pipelinesEntityCard = EntityCardBlueprint.make({
  params: {
    filter: hasPipelineAnnotations,
    loader: () =>
      import('./components/EntityPipelinesCard').then(m =>
        compatWrapper(<m.EntityPipelinesCard />),
      ),
  },
});

/**
 * The inbox page (`page:pipelines/inbox`, at `/approvals`): every pending approval the signed-in
 * user may decide, across all entities; its title and icon make the app's nav item.
 *
 * @alpha
 */
export const pipelinesInboxPage = PageBlueprint.make({
  name: 'inbox',
  params: {
    path: '/approvals',
    title: 'Approvals',
    icon: <InboxIcon />,
    routeRef: convertLegacyRouteRef(inboxRouteRef),
    loader: () =>
      import('./components/ApprovalInbox').then(m =>
        compatWrapper(<m.ApprovalInboxContent />),
      ),
  },
});

/**
 * The pipeline spec check of the software templates (`scaffolder-form-field:pipelines/spec-check`):
 * `ui:field: DpraPipelineSpecCheck`. Part of the plugin, so an app that has the scaffolder gets it
 * with the Pipelines plugin; without the scaffolder it attaches to nothing.
 *
 * @alpha
 */
export const pipelineSpecCheckFormField = FormFieldBlueprint.make({
  name: 'spec-check',
  params: {
    field: () =>
      import('./scaffolder/formField').then(m => m.pipelineSpecCheckFormField),
  },
});

/**
 * Where the templates publish (`scaffolder-form-field:pipelines/publish-target`):
 * `ui:field: DpraPublishTarget`, offering only the destinations the backend has configured.
 *
 * @alpha
 */
export const publishTargetFormField = FormFieldBlueprint.make({
  name: 'publish-target',
  params: {
    field: () =>
      import('./scaffolder/formField').then(m => m.publishTargetFormField),
  },
});

/**
 * The task page's outputs of the DPRA templates (`scaffolder-template-outputs:pipelines/generated-files`):
 * Backstage's links and texts, then every generated file, Terraform included, to read one by one.
 *
 * @alpha
 */
export const generatedFilesTemplateOutputs =
  scaffolderTemplateOutputsBlueprint.make({
    name: 'generated-files',
    params: {
      component: GeneratedFilesOutputs,
      templateRefs: [...DPRA_TEMPLATE_REFS],
    },
  });

/**
 * The pipelines plugin for the new frontend system: API, entity content, entity card, the
 * approvals inbox page, the templates' spec check and their generated files on the task page.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'pipelines',
  title: 'Pipelines',
  info: { packageJson: () => import('../package.json') },
  routes: {
    entityContent: convertLegacyRouteRef(rootRouteRef),
    inbox: convertLegacyRouteRef(inboxRouteRef),
  },
  extensions: [
    pipelinesApi,
    pipelinesInboxPage,
    pipelinesEntityContent,
    pipelinesEntityCard,
    pipelineSpecCheckFormField,
    publishTargetFormField,
    generatedFilesTemplateOutputs,
  ],
});
