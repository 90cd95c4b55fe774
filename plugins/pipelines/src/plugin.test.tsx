/*
 * The legacy frontend system exports, used as the README's install section tells a legacy app to:
 * an entity page with the Pipelines tab and the overview card, rendered in a legacy test app. The
 * portal runs on the new frontend system, so this is what keeps the legacy exports compiling and
 * working.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  EntityLayout,
  EntitySwitch,
  catalogPlugin,
} from '@backstage/plugin-catalog';
import {
  EntityProvider,
  catalogApiRef,
  entityRouteRef,
  starredEntitiesApiRef,
  MockStarredEntitiesApi,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { PIPELINES_ANNOTATION } from '@dpra/plugin-pipelines-common';
import Grid from '@material-ui/core/Grid';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { pipelinesApiRef } from './api';
import {
  EntityPipelinesCard,
  EntityPipelinesContent,
  isPipelinesAvailable,
  pipelinesPlugin,
} from './index';
import { MockPipelinesApi } from './testing';

jest.setTimeout(30_000);

const annotated: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: {
      [PIPELINES_ANNOTATION]: '111122223333/eu-west-1/orders-service',
    },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};
const bare: Entity = {
  ...annotated,
  metadata: { name: 'bare', namespace: 'default' },
};

// The README's legacy EntityPage snippet.
const overviewContent = (
  <Grid container spacing={3} alignItems="stretch">
    <EntitySwitch>
      <EntitySwitch.Case if={isPipelinesAvailable}>
        <Grid item md={6}>
          <EntityPipelinesCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
  </Grid>
);

const serviceEntityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overviewContent}
    </EntityLayout.Route>
    <EntityLayout.Route path="/pipelines" title="Pipelines">
      <EntityPipelinesContent />
    </EntityLayout.Route>
  </EntityLayout>
);

async function renderEntityPage(entity: Entity, path: string) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [pipelinesApiRef, new MockPipelinesApi({ now: Date.now() })],
        [catalogApiRef, catalogApiMock({ entities: [entity] })],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={entity}>
        {/* EntityLayout's tabs are routes below the entity page's route, as in a legacy App.tsx. */}
        <Routes>
          <Route
            path="/catalog/:namespace/:kind/:name/*"
            element={serviceEntityPage}
          />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: {
        '/catalog': catalogPlugin.routes.catalogIndex,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

describe('pipelines plugin (legacy frontend system)', () => {
  it('is the pipelines plugin', () => {
    expect(pipelinesPlugin.getId()).toBe('pipelines');
  });

  it('tells annotated entities apart', () => {
    expect(isPipelinesAvailable(annotated)).toBe(true);
    expect(isPipelinesAvailable(bare)).toBe(false);
  });

  it('shows the overview card of an annotated entity in a legacy entity page', async () => {
    await renderEntityPage(annotated, '/catalog/default/component/orders-service');
    expect(await screen.findByRole('tab', { name: 'Pipelines' })).toBeInTheDocument();
    expect(await screen.findByText('Open the Pipelines tab')).toBeInTheDocument();
  });

  it('renders the Pipelines tab with the wave board', async () => {
    await renderEntityPage(
      annotated,
      '/catalog/default/component/orders-service/pipelines',
    );
    expect(await screen.findByTestId('wave-board')).toBeInTheDocument();
  });

  it('leaves the card out for an entity without annotations', async () => {
    await renderEntityPage(bare, '/catalog/default/component/bare');
    expect(await screen.findByRole('tab', { name: 'Overview' })).toBeInTheDocument();
    expect(screen.queryByText('Open the Pipelines tab')).not.toBeInTheDocument();
  });
});
