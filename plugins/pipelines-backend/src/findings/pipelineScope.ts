import type { FindingsScope } from './types';

/**
 * Key naming the pipeline: the resource tag the generated stacks put on everything they create
 * (`dpra:pipeline`), and the `ProductFields` key with which the generated build steps mark the
 * ASFF findings they import (`BatchImportFindings`).
 *
 * @public
 */
export const DPRA_PIPELINE_KEY = 'dpra:pipeline';

/**
 * Tag keys that identify the service a resource belongs to; a pipeline's tag with one of these
 * keys selects findings on resources carrying the same tag.
 *
 * @public
 */
export const DEFAULT_SERVICE_TAG_KEYS: readonly string[] = ['dpra:service'];

/**
 * The resource tags that tie a finding or report group to the pipeline: the pipeline's own
 * `dpra:pipeline` tag, then each of its tags whose key identifies a service.
 */
export function pipelineScopeTags(
  scope: FindingsScope,
  serviceTagKeys: readonly string[],
): Array<[key: string, value: string]> {
  return [
    [DPRA_PIPELINE_KEY, scope.pipelineName],
    ...Object.entries(scope.tags).filter(([key]) =>
      serviceTagKeys.includes(key),
    ),
  ];
}
