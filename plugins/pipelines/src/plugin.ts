import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { hasPipelineAnnotations } from '@dpra/plugin-pipelines-common';
import { PipelinesClient, pipelinesApiRef } from './api';
import { inboxRouteRef, rootRouteRef } from './routes';

/**
 * The pipelines frontend plugin (legacy frontend system).
 *
 * @public
 */
export const pipelinesPlugin = createPlugin({
  id: 'pipelines',
  apis: [
    createApiFactory({
      api: pipelinesApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new PipelinesClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: rootRouteRef,
    inbox: inboxRouteRef,
  },
});

/**
 * The entity Pipelines tab. Place it in an `EntityLayout.Route`.
 *
 * @public
 */
export const EntityPipelinesContent = pipelinesPlugin.provide(
  createRoutableExtension({
    name: 'EntityPipelinesContent',
    component: () =>
      import('./components/EntityPipelinesContent').then(
        m => m.EntityPipelinesContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The overview card: latest run, what is waiting for approval, blockers and findings counts.
 *
 * @public
 */
export const EntityPipelinesCard = pipelinesPlugin.provide(
  createComponentExtension({
    name: 'EntityPipelinesCard',
    component: {
      lazy: () =>
        import('./components/EntityPipelinesCard').then(
          m => m.EntityPipelinesCard,
        ),
    },
  }),
);

/**
 * The inbox page: every pending approval, across all entities, that the signed-in user may
 * decide, approved or rejected inline. Mount it on a route of the app (e.g. `/approvals`).
 *
 * @public
 */
export const PipelinesInboxPage = pipelinesPlugin.provide(
  createRoutableExtension({
    name: 'PipelinesInboxPage',
    component: () =>
      import('./components/ApprovalInbox').then(m => m.ApprovalInboxPage),
    mountPoint: inboxRouteRef,
  }),
);

/**
 * The inbox as a homepage card: the oldest approvals waiting for the signed-in user, decided
 * inline; `inboxLink` links to the inbox page.
 *
 * @public
 */
export const PipelinesInboxCard = pipelinesPlugin.provide(
  createComponentExtension({
    name: 'PipelinesInboxCard',
    component: {
      lazy: () =>
        import('./components/ApprovalInbox').then(m => m.ApprovalInboxCard),
    },
  }),
);

/**
 * True when the entity carries a pipelines annotation (for `EntitySwitch.Case if={...}`).
 *
 * @public
 */
export function isPipelinesAvailable(entity: Entity): boolean {
  return hasPipelineAnnotations(entity);
}
