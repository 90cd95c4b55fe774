import { createApiFactory } from '@backstage/core-plugin-api';
import { createDevApp } from '@backstage/dev-utils';
import type { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { PIPELINES_ANNOTATION } from '@dpra/plugin-pipelines-common';
import Grid from '@material-ui/core/Grid';
import { GetExecutionsOptions, pipelinesApiRef } from '../src/api';
import {
  EntityPipelinesCard,
  EntityPipelinesContent,
  pipelinesPlugin,
} from '../src/plugin';
import {
  MockPipelinesApi,
  makeDemoPipeline,
  makeExecutionsResponse,
  makeFleetPipeline,
  makeImagePipeline,
} from '../src/testing';

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

/** An entity with one pipeline of each kind (application, image, account fleet). */
const kindsEntity: Entity = {
  ...entity,
  metadata: { ...entity.metadata, name: 'three-kinds' },
};
const kindsApi = new MockPipelinesApi({ now: Date.now(), local: true });
kindsApi.pipelines = {
  ...kindsApi.pipelines,
  entityRef: 'component:default/three-kinds',
  pipelines: [
    makeDemoPipeline({ scenario: 'baking', now: Date.now() }),
    makeImagePipeline({ scenario: 'baking', now: Date.now() }),
    makeFleetPipeline({ scenario: 'blocked', now: Date.now() }),
  ],
};
kindsApi.executions = makeExecutionsResponse({
  pipelineArns: kindsApi.pipelines.pipelines.map(p => p.arn),
  executions: 5,
  now: Date.now(),
});

/** The benchmark's fixture, and the three kinds for the `three-kinds` entity. */
class DevPipelinesApi extends MockPipelinesApi {
  async getEntityPipelines(ref: CompoundEntityRef) {
    return ref.name === kindsEntity.metadata.name
      ? kindsApi.getEntityPipelines(ref)
      : super.getEntityPipelines(ref);
  }

  async getExecutions(ref: CompoundEntityRef, options?: GetExecutionsOptions) {
    return ref.name === kindsEntity.metadata.name
      ? kindsApi.getExecutions(ref, options)
      : super.getExecutions(ref, options);
  }
}

const api = new DevPipelinesApi({
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
    path: '/kinds',
    title: 'Three kinds',
    element: (
      <EntityProvider entity={kindsEntity}>
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
