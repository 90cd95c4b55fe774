import { createApiFactory } from '@backstage/core-plugin-api';
import { createDevApp } from '@backstage/dev-utils';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { PIPELINES_ANNOTATION } from '@dpra/plugin-pipelines-common';
import Grid from '@material-ui/core/Grid';
import { pipelinesApiRef } from '../src/api';
import {
  EntityPipelinesCard,
  EntityPipelinesContent,
  pipelinesPlugin,
} from '../src/plugin';
import { MockPipelinesApi } from '../src/testing';

/**
 * Dev page for the render benchmark and for working on the views: a mock API serving 5 pipelines ×
 * 30 stages × 100 executions, generated deterministically (only "now" moves, so countdowns tick).
 * Start with `yarn start` / `npx backstage-cli package start` in this package and open
 * http://localhost:3000/pipelines (or /card).
 */
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: {
      [PIPELINES_ANNOTATION]: [1, 2, 3, 4, 5]
        .map(i => `111122223333/eu-west-1/orders-service-${i}`)
        .join('\n'),
    },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

const api = new MockPipelinesApi({
  pipelines: 5,
  stages: 30,
  executions: 100,
  now: Date.now(),
  local: true,
});

createDevApp()
  .registerPlugin(pipelinesPlugin)
  .registerApi(createApiFactory(pipelinesApiRef, api))
  .addPage({
    path: '/pipelines',
    title: 'Pipelines 5×30×100',
    element: (
      <EntityProvider entity={entity}>
        <EntityPipelinesContent />
      </EntityProvider>
    ),
  })
  .addPage({
    path: '/card',
    title: 'Overview card',
    element: (
      <EntityProvider entity={entity}>
        <Grid container>
          <Grid item md={6}>
            <EntityPipelinesCard />
          </Grid>
        </Grid>
      </EntityProvider>
    ),
  })
  .render();
