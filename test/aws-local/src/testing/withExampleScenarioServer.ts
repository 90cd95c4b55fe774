import { setupServer, type SetupServer } from 'msw/node';
import {
  createAwsMswHandlers,
  type AwsMswHandlerOptions,
} from '../createAwsMswHandlers';
import type { AwsScenario } from '../scenario/types';
import { createExampleScenario } from '../world/exampleWorld';

/**
 * Static credentials for the SDK clients of a test: the local world answers any signed request,
 * and the signature's credential scope gives it the region. Not frozen: the SDK marks the
 * credentials object it is given with their source.
 *
 * @public
 */
export const LOCAL_TEST_CREDENTIALS: {
  accessKeyId: string;
  secretAccessKey: string;
} = {
  accessKeyId: 'AKIDLOCALTEST',
  secretAccessKey: 'local-secret',
};

/** Options of {@link withExampleScenarioServer}. @public */
export interface ExampleScenarioServerOptions extends AwsMswHandlerOptions {
  /** The scenario's clock; by default it stands at the moment the world is built. */
  now?: () => Date;
  /**
   * What msw does with a request no handler answers: `error` (default) fails the test, so a call
   * to an AWS service the world does not serve cannot pass unnoticed.
   */
  onUnhandledRequest?: 'error' | 'warn' | 'bypass';
  /**
   * After each test: `reset` rebuilds the scenario's state (executions, faults, calls) from its
   * world, `clearFaults` removes only injected faults; nothing by default.
   */
  afterEachTest?: 'reset' | 'clearFaults';
}

/** What {@link withExampleScenarioServer} serves, readable once its `beforeAll` has run. @public */
export interface ExampleScenarioServer {
  /** The example world's scenario that answers the AWS calls. */
  readonly scenario: AwsScenario;
  /** The msw server; its initial handlers are the scenario's, so `resetHandlers()` keeps them. */
  readonly server: SetupServer;
}

/**
 * Registers jest hooks that serve the example world (`examples/specs`, synthesized and cached,
 * with the example situations) over msw for the tests of the calling file: `beforeAll` builds the
 * scenario and starts intercepting the AWS endpoints (and `baseUrls`), `afterAll` stops. Call it
 * at the top level of a test file, or of a `describe` block.
 *
 * @example
 * ```ts
 * const aws = withExampleScenarioServer({ now: () => new Date('2026-11-23T15:00:00Z') });
 * it('lists', async () => {
 *   const client = new CodePipelineClient({ region: 'us-east-1', credentials: LOCAL_TEST_CREDENTIALS });
 *   expect(aws.scenario.callCount('codepipeline')).toBe(0);
 * });
 * ```
 *
 * @public
 */
export function withExampleScenarioServer(
  options: ExampleScenarioServerOptions = {},
): ExampleScenarioServer {
  const { now, onUnhandledRequest, afterEachTest, ...handlerOptions } = options;
  const server = setupServer();
  let scenario: AwsScenario | undefined;
  beforeAll(async () => {
    scenario = await createExampleScenario({ now });
    server.listen({ onUnhandledRequest: onUnhandledRequest ?? 'error' });
    server.resetHandlers(...createAwsMswHandlers(scenario, handlerOptions));
  }, 120_000);
  if (afterEachTest === 'reset') afterEach(() => scenario?.reset());
  if (afterEachTest === 'clearFaults') afterEach(() => scenario?.clearFaults());
  afterAll(() => server.close());
  return {
    get scenario(): AwsScenario {
      if (!scenario) {
        throw new Error(
          'withExampleScenarioServer: the scenario is built in beforeAll; read it in a hook or a test',
        );
      }
      return scenario;
    },
    server,
  };
}
