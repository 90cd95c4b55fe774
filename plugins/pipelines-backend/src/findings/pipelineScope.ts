import { TAG } from '@dpra/pipeline-contract';
import type { FindingsScope } from './types';

/**
 * The resource tags that tie a finding or report group to the pipeline: the tag the generated
 * stacks put on everything they create, valued with the pipeline's name, then each of the
 * pipeline's own tags whose key identifies a service.
 */
export function pipelineScopeTags(
  scope: FindingsScope,
  serviceTagKeys: readonly string[],
): Array<[key: string, value: string]> {
  return [
    [TAG.pipeline, scope.pipelineName],
    ...Object.entries(scope.tags).filter(([key]) =>
      serviceTagKeys.includes(key),
    ),
  ];
}
