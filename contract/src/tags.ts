/**
 * Resource tag keys the stacks write and the portal selects by.
 *
 * @public
 */
export const TAG = {
  /** On every resource of a pipeline's stacks: the pipeline's name. */
  pipeline: 'dpra:pipeline',
  /** A service a resource belongs to (set by teams; selects findings on their resources). */
  service: 'dpra:service',
  /** An application environment's resources: `beta`, `gamma` or `prod`. */
  environment: 'dpra:environment',
  /** On every resource the stacks create: {@link MANAGED_BY_DPRA}. */
  managedBy: 'dpra:managed-by',
} as const;

/**
 * The value of the {@link TAG}`.managedBy` tag.
 *
 * @public
 */
export const MANAGED_BY_DPRA = 'dpra';

/**
 * Tag keys that name the service a resource belongs to: a pipeline tagged with one of them
 * selects findings on resources carrying the same tag.
 *
 * @public
 */
export const SERVICE_TAG_KEYS: readonly string[] = [TAG.service];
