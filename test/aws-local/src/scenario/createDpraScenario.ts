import { AwsScenario } from './types';

/**
 * Options of {@link createDpraScenario}.
 *
 * @public
 */
export interface DpraScenarioOptions {
  /** Source of the scenario's "now"; a fixed instant (the time of creation) when absent. */
  now?: () => Date;
  /** Account owning every resource; `111111111111` by default. */
  accountId?: string;
  /**
   * Follow wall-clock time: scenario minutes pass at `speed` × real time (the local server's mode,
   * so bakes visibly count down and finish). Off by default: the clock only moves with `advance`.
   */
  realTime?: boolean;
  /** Scenario minutes per real minute when `realTime` is on; 1 by default. */
  speed?: number;
}

/**
 * The demo world: orders-service and payments-service pipelines in account 111111111111, their
 * alarms per region, Security Hub / Inspector findings and CodeBuild reports.
 *
 * @public
 */
export function createDpraScenario(_options: DpraScenarioOptions = {}): AwsScenario {
  throw new Error('createDpraScenario: not implemented yet');
}
