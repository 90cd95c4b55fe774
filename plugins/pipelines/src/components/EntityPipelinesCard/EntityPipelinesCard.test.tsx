import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { PIPELINES_ANNOTATION } from '@dpra/plugin-pipelines-common';
import { screen } from '@testing-library/react';
import { pipelinesApiRef } from '../../api';
import { EntityPipelinesCard } from '../../plugin';
import { MockPipelinesApi, makeResponseError } from '../../testing';

jest.setTimeout(20_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    annotations: {
      [PIPELINES_ANNOTATION]: '111122223333/eu-west-1/orders-service',
    },
  },
};

async function renderCard(api: MockPipelinesApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[pipelinesApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityPipelinesCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityPipelinesCard', () => {
  it('summarises each pipeline: status, approvals, bakes, blockers and findings', async () => {
    const api = new MockPipelinesApi({
      pipelines: 3,
      now: Date.now(),
      local: true,
    });
    await renderCard(api);
    const approval = await screen.findByTestId(
      'pipeline-summary-orders-service-1',
    );
    expect(approval).toHaveTextContent('An approval is waiting for a decision');
    expect(
      screen.getByTestId('pipeline-summary-orders-service-2'),
    ).toHaveTextContent(/Baking: 4\dm \d\ds left/);
    expect(
      screen.getByTestId('pipeline-summary-orders-service-3'),
    ).toHaveTextContent('Wave 2 blocked: Deployment window closed');
    expect(
      await screen.findByTestId('severity-count-CRITICAL'),
    ).toHaveTextContent('CRITICAL 1');
    expect(screen.getByTestId('local-source-label')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the Pipelines tab' }),
    ).toBeInTheDocument();
  });

  it('shows the error', async () => {
    const api = new MockPipelinesApi();
    const error = await makeResponseError(
      404,
      'NotFoundError',
      'No entity component:default/orders-service',
    );
    api.getEntityPipelines = async () => {
      throw error;
    };
    await renderCard(api);
    expect(
      (
        await screen.findAllByText(
          /No entity component:default\/orders-service/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });

  it('explains why nothing is shown', async () => {
    const api = new MockPipelinesApi();
    api.pipelines = {
      ...api.pipelines,
      pipelines: [],
      problems: [
        { reference: 'x', message: 'Region ap-east-1 is not allowed' },
      ],
    };
    await renderCard(api);
    expect(
      await screen.findByText(
        'No pipelines to show yet: Region ap-east-1 is not allowed',
      ),
    ).toBeInTheDocument();
  });
});
