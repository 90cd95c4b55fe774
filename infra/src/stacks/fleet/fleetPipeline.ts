import type { App } from 'cdktf';
import type { AccountFleetPipelineSpec } from '../../spec/schema';
import { FleetToolchainStack } from './FleetToolchainStack';

/** Adds the stack of an AccountFleetPipeline to `app`; returns its name. @public */
export function addFleetPipelineStacks(
  app: App,
  spec: AccountFleetPipelineSpec,
): string[] {
  const id = `${spec.metadata.name}-toolchain`;
  new FleetToolchainStack(app, id, { spec });
  return [id];
}
