import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the entity Pipelines tab.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'pipelines' });

/**
 * Route of the inbox page: the approvals waiting for the signed-in user, across all entities.
 *
 * @public
 */
export const inboxRouteRef = createRouteRef({ id: 'pipelines-inbox' });
