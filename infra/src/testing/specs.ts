import { minimalSpec } from '../spec/minimalSpecs';

/*
 * Small valid specs for table tests: each test takes a fresh one and changes exactly the field
 * under test. Typed loosely on purpose: tests also write values the schema rejects.
 */

/** The smallest valid AppPipeline spec (input form), fresh. @public */
export function minimalAppSpec(): any {
  return minimalSpec('AppPipeline');
}

/** The smallest valid ImagePipeline spec (input form), fresh. @public */
export function minimalImageSpec(): any {
  return minimalSpec('ImagePipeline');
}

/** The smallest valid ConfigPipeline spec (input form), fresh. @public */
export function minimalConfigSpec(): any {
  return minimalSpec('ConfigPipeline');
}

/** The smallest valid AccountFleetPipeline spec (input form), fresh. @public */
export function minimalFleetSpec(): any {
  return minimalSpec('AccountFleetPipeline');
}
