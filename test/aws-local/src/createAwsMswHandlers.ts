import type { RequestHandler } from 'msw';
import { AwsScenario } from './scenario/types';

/** Options of {@link createAwsMswHandlers}. @public */
export interface AwsMswHandlerOptions {
  /** Extra base URLs to intercept besides `https://*.amazonaws.com` (e.g. a configured endpoint override). */
  baseUrls?: string[];
  /** Latency added to every answer, in milliseconds. */
  latencyMs?: number;
}

/**
 * msw request handlers that answer AWS SDK v3 calls from the scenario, for `setupServer` in tests.
 *
 * @public
 */
export function createAwsMswHandlers(
  _scenario: AwsScenario,
  _options: AwsMswHandlerOptions = {},
): RequestHandler[] {
  throw new Error('createAwsMswHandlers: not implemented yet');
}
