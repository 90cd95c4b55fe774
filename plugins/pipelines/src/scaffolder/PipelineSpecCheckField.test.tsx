import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import type { JsonValue } from '@backstage/types';
import {
  PIPELINE_SPEC_CHECK_PATH,
  type PipelineSpecCheckResponse,
} from '@dpra/plugin-pipelines-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  PIPELINE_SPEC_CHECK_FIELD,
  PipelineSpecCheckField,
  pipelineSpecCheckValidation,
} from './PipelineSpecCheckField';

jest.setTimeout(30_000);

const SAST_PROBLEM =
  'Build checks SAST: is a DPRA-required check: to turn it off, add a waiver for build.checks.sast with the reason (spec.waivers)';
const WAVE_PROBLEM =
  'Production wave 2, region 1: deploys to us-east-1, which wave 1 already deploys to';

const discoveryApi = {
  getBaseUrl: async (id: string) => `http://localhost:7007/api/${id}`,
};

/**
 * The scaffolder module's spec check as the form sees it over HTTP: SAST off is a problem, and so
 * is a second wave repeating the first one's region (enough to have one and two problems).
 */
function specCheckBackend() {
  const requests: JsonValue[] = [];
  const fetch = jest.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    expect(String(url)).toBe(
      `http://localhost:7007/api/scaffolder${PIPELINE_SPEC_CHECK_PATH}`,
    );
    const { spec } = JSON.parse(String(init?.body));
    requests.push(spec);
    const issues: PipelineSpecCheckResponse['issues'] = [];
    if (spec?.spec?.build?.checks?.sast === false) {
      issues.push({
        path: 'spec.build.checks.sast',
        message: 'is a DPRA-required check',
        text: SAST_PROBLEM,
      });
    }
    const waves = spec?.spec?.production?.waves ?? [];
    if (waves.length > 1 && waves[1].regions?.[0] === waves[0].regions?.[0]) {
      issues.push({
        path: 'spec.production.waves[1].regions[0]',
        message: 'deploys to us-east-1, which wave 1 already deploys to',
        text: WAVE_PROBLEM,
      });
    }
    const body: PipelineSpecCheckResponse = {
      valid: issues.length === 0,
      issues,
    };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return { fetch, requests };
}

/** Two pages shaped like the templates': the choices, then the checks with the spec check. */
const manifest = {
  title: 'Service with DPRA pipeline',
  steps: [
    {
      title: 'Production',
      schema: {
        type: 'object',
        properties: {
          production: {
            type: 'object',
            properties: {
              waves: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    regions: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    },
    {
      title: 'Checks',
      schema: {
        type: 'object',
        properties: {
          checks: {
            title: 'Build-stage checks',
            type: 'object',
            properties: {
              sast: { title: 'SAST', type: 'boolean', default: true },
            },
          },
          specCheck: {
            title: 'Pipeline spec check',
            type: 'object',
            default: {},
            'ui:field': PIPELINE_SPEC_CHECK_FIELD,
            'ui:backstage': { review: { show: false } },
            'ui:options': {
              spec: {
                apiVersion: 'dpra/v1',
                kind: 'AppPipeline',
                spec: {
                  build: { checks: '${{ parameters.checks }}' },
                  production: '${{ parameters.production }}',
                },
              },
            },
          },
        },
      },
    },
  ],
};

async function renderWizard(initialState: Record<string, JsonValue>) {
  const backend = specCheckBackend();
  const onCreate = jest.fn(async (_values: Record<string, JsonValue>) => {});
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [discoveryApiRef, discoveryApi],
        [fetchApiRef, backend],
      ]}
    >
      <Stepper
        manifest={manifest as any}
        extensions={[
          {
            name: PIPELINE_SPEC_CHECK_FIELD,
            component: PipelineSpecCheckField as any,
            validation: pipelineSpecCheckValidation as any,
          },
        ]}
        initialState={initialState}
        onCreate={onCreate}
      />
    </TestApiProvider>,
  );
  return { onCreate, backend };
}

async function toLastPage() {
  fireEvent.click(await screen.findByRole('button', { name: 'Next' }));
  await screen.findByTestId('dpra-pipeline-spec-check');
}

describe('the pipeline spec check in the template wizard', () => {
  it('refuses Review, and so Create, while the spec has problems, listing every one with its path', async () => {
    const { onCreate } = await renderWizard({
      checks: { sast: false },
      production: {
        waves: [{ regions: ['us-east-1'] }, { regions: ['us-east-1'] }],
      },
    });
    await toLastPage();
    await screen.findByText('The pipeline spec has 2 problems');

    fireEvent.click(screen.getByRole('button', { name: 'Review' }));

    // Every problem, at once, at the top of the page, named after the field.
    expect(
      await screen.findByText(`'Pipeline spec check' ${SAST_PROBLEM}`),
    ).toBeInTheDocument();
    expect(
      screen.getByText(`'Pipeline spec check' ${WAVE_PROBLEM}`),
    ).toBeInTheDocument();
    expect(screen.getByTestId('dpra-spec-check-refusal')).toHaveTextContent(
      'Review and Create are blocked',
    );
    // Still on the last page: no review, no Create, nothing created.
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Review' })).toBeInTheDocument();
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('lets a spec without problems through to Create', async () => {
    const { onCreate, backend } = await renderWizard({
      checks: { sast: true },
      production: { waves: [{ regions: ['us-east-1'] }] },
    });
    await toLastPage();
    await screen.findByText(
      'The pipeline spec is valid: nothing to fix before Create.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onCreate).toHaveBeenCalledTimes(1));
    // The field's value is the number of problems it showed; the check ran on the whole form.
    expect(onCreate.mock.calls[0][0]).toMatchObject({
      checks: { sast: true },
      specCheck: { problems: 0 },
    });
    expect(backend.requests).toContainEqual({
      apiVersion: 'dpra/v1',
      kind: 'AppPipeline',
      spec: {
        build: { checks: { sast: true } },
        production: { waves: [{ regions: ['us-east-1'] }] },
      },
    });
  });

  it('once the problem is fixed on the page, Review goes through', async () => {
    const { onCreate } = await renderWizard({
      checks: { sast: false },
      production: { waves: [{ regions: ['us-east-1'] }] },
    });
    await toLastPage();
    await screen.findByText('The pipeline spec has 1 problem');
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    await screen.findByTestId('dpra-spec-check-refusal');
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();

    fireEvent.click(screen.getByRole('checkbox', { name: 'SAST' }));
    await screen.findByText(
      'The pipeline spec is valid: nothing to fix before Create.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onCreate).toHaveBeenCalledTimes(1));
  });
});
