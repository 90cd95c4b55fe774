import type { AwsScenario } from '../scenario/types';

/**
 * Where a backend has to look to see the whole world: its account with every region it has
 * resources in, as one entry of the backend's `pipelines.aws.targets` configuration. Tests, the
 * benchmark and the soak take their targets from the world they run against instead of a list
 * of their own.
 *
 * @public
 */
export function worldTargets(
  scenario: Pick<AwsScenario, 'accountId' | 'regions'>,
): Array<{ accountId: string; regions: string[] }> {
  return [{ accountId: scenario.accountId, regions: [...scenario.regions()] }];
}
