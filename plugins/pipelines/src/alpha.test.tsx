import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { PIPELINES_ANNOTATION } from '@dpra/plugin-pipelines-common';
import { screen } from '@testing-library/react';
import pipelinesPlugin, {
  pipelinesEntityCard,
  pipelinesEntityContent,
} from './alpha';
import { pipelinesApiRef } from './api';
import { MockPipelinesApi } from './testing';

jest.setTimeout(20_000);

const annotated: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    annotations: { [PIPELINES_ANNOTATION]: 'a/b/c' },
  },
};
const bare: Entity = { ...annotated, metadata: { name: 'bare' } };

describe('pipelines plugin (new frontend system)', () => {
  it('is the pipelines plugin', () => {
    expect(pipelinesPlugin.pluginId).toBe('pipelines');
    // The ids documented in the README, used in app-config `app.extensions`.
    expect(pipelinesPlugin.getExtension('api:pipelines')).toBeDefined();
    expect(
      pipelinesPlugin.getExtension('entity-content:pipelines'),
    ).toBeDefined();
    expect(pipelinesPlugin.getExtension('entity-card:pipelines')).toBeDefined();
    // The templates' spec check comes with the plugin (the templates name `DpraPipelineSpecCheck`).
    expect(
      pipelinesPlugin.getExtension(
        'scaffolder-form-field:pipelines/spec-check',
      ),
    ).toBeDefined();
  });

  it('provides the Pipelines tab at /pipelines in the deployment group for annotated entities only', async () => {
    const tester = createExtensionTester(pipelinesEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/pipelines');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Pipelines');
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(
      'deployment',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated)).toBe(true);
    expect(filter(bare)).toBe(false);
  });

  it('renders the tab content with the API from the app', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    const tester = createExtensionTester(pipelinesEntityContent);
    renderInTestApp(
      <EntityProvider entity={annotated}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[pipelinesApiRef, api]] },
    );
    expect(await screen.findByTestId('wave-board')).toBeInTheDocument();
  });

  it('provides the overview card for annotated entities only', () => {
    const tester = createExtensionTester(pipelinesEntityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated)).toBe(true);
    expect(filter(bare)).toBe(false);
  });
});
