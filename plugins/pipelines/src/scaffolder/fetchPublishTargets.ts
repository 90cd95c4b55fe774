import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PUBLISH_TARGETS_PATH,
  type PublishTargetsResponse,
} from '@dpra/plugin-pipelines-common';

/**
 * Asks the scaffolder backend (the DPRA scaffolder module) where a template can publish now.
 */
export async function fetchPublishTargets(apis: {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}): Promise<PublishTargetsResponse> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('scaffolder');
  const response = await apis.fetchApi.fetch(`${baseUrl}${PUBLISH_TARGETS_PATH}`);
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return (await response.json()) as PublishTargetsResponse;
}
