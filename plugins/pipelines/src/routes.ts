import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the entity Pipelines tab.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'pipelines' });
