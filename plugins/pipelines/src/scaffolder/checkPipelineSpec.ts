import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';
import {
  PIPELINE_SPEC_CHECK_PATH,
  type PipelineSpecCheckResponse,
} from '@dpra/plugin-pipelines-common';

/**
 * Asks the scaffolder backend (the DPRA scaffolder module) to validate a spec with the code the
 * task's dpra:pipeline:validate step runs.
 */
export async function checkPipelineSpec(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  spec: JsonValue | undefined,
): Promise<PipelineSpecCheckResponse> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('scaffolder');
  const response = await apis.fetchApi.fetch(
    `${baseUrl}${PIPELINE_SPEC_CHECK_PATH}`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ spec }),
    },
  );
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return (await response.json()) as PipelineSpecCheckResponse;
}
