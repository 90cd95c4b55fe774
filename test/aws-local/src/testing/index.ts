/**
 * Test helpers of `@dpra/aws-local`: the example world served over msw for a test file's jest
 * hooks, and the static credentials its SDK clients sign with.
 *
 * @packageDocumentation
 */

export {
  LOCAL_TEST_CREDENTIALS,
  withExampleScenarioServer,
  type ExampleScenarioServer,
  type ExampleScenarioServerOptions,
} from './withExampleScenarioServer';
