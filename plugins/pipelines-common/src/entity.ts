import type { Entity } from '@backstage/catalog-model';
import { ALL_PIPELINE_ANNOTATIONS } from './annotations';

/**
 * True when the entity carries any annotation that names pipelines.
 *
 * @public
 */
export function hasPipelineAnnotations(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return ALL_PIPELINE_ANNOTATIONS.some(key => Boolean(annotations[key]?.trim()));
}
