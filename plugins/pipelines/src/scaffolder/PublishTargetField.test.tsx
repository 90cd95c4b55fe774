import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import type { PublishTargetsResponse } from '@dpra/plugin-pipelines-common';
import { screen, waitFor } from '@testing-library/react';
import { PublishTargetField, publishTargetValidation } from './PublishTargetField';

jest.setTimeout(20_000);

const NO_GITHUB =
  'No GitHub integration is configured: an administrator adds integrations.github with a token or a GitHub App to app-config (see the DPRA scaffolder module README).';

const discoveryApi = {
  getBaseUrl: async (id: string) => `http://localhost:7007/api/${id}`,
};

function fetchApiAnswering(body: PublishTargetsResponse) {
  const fetch = jest.fn(async (url: RequestInfo | URL) => {
    expect(String(url)).toBe('http://localhost:7007/api/scaffolder/dpra/publish-targets');
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return { fetch };
}

const schema = { title: 'Where the generated repository goes', type: 'string', enum: ['local', 'github'] };
const uiSchema = { 'ui:enumNames': ['This portal', 'GitHub'] };

async function renderField(body: PublishTargetsResponse, formData: string | undefined) {
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [discoveryApiRef, discoveryApi],
        [fetchApiRef, fetchApiAnswering(body)],
      ]}
    >
      <PublishTargetField
        {...({ schema, uiSchema, formData, onChange, rawErrors: [], required: true } as any)}
      />
    </TestApiProvider>,
  );
  return onChange;
}

describe('PublishTargetField', () => {
  it('offers GitHub only when configured, and otherwise says why', async () => {
    await renderField(
      { targets: [{ id: 'local', available: true }, { id: 'github', available: false, reason: NO_GITHUB }] },
      'local',
    );
    expect(await screen.findByTestId('dpra-publish-target-github-reason')).toHaveTextContent(
      `Not available: ${NO_GITHUB}`,
    );
    expect(screen.getByRole('radio', { name: 'GitHub' })).toBeDisabled();
    expect(screen.getByRole('radio', { name: 'This portal' })).toBeEnabled();
    expect(screen.getByRole('radio', { name: 'This portal' })).toBeChecked();
  });

  it('moves a default that is not available here to the first destination that is', async () => {
    const onChange = await renderField(
      {
        targets: [
          { id: 'local', available: false, reason: 'This portal does not host repositories' },
          { id: 'github', available: true, hosts: ['github.com'] },
        ],
      },
      'local',
    );
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('github'));
    expect(screen.getByRole('radio', { name: 'This portal' })).toBeDisabled();
    expect(screen.queryByTestId('dpra-publish-target-github-reason')).toBeNull();
  });

  it('blocks Review when the chosen destination is not available, with the reason', async () => {
    const addError = jest.fn();
    const apiHolder = {
      get: (ref: { id: string }) =>
        ref.id === discoveryApiRef.id
          ? discoveryApi
          : fetchApiAnswering({
              targets: [{ id: 'local', available: true }, { id: 'github', available: false, reason: NO_GITHUB }],
            }),
    };
    await publishTargetValidation('github', { addError } as any, { apiHolder } as any);
    expect(addError).toHaveBeenCalledWith(`This destination is not available: ${NO_GITHUB}`);
    addError.mockClear();
    await publishTargetValidation('local', { addError } as any, { apiHolder } as any);
    expect(addError).not.toHaveBeenCalled();
  });
});
