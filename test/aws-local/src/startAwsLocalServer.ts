import { AwsScenario } from './scenario/types';

/** Options of {@link startAwsLocalServer}. @public */
export interface AwsLocalServerOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind; 127.0.0.1 by default. */
  host?: string;
  /** The world to serve; a real-time demo scenario when absent. */
  scenario?: AwsScenario;
  /** Latency added to every AWS answer, in milliseconds. */
  latencyMs?: number;
  /** Scenario minutes per real minute for the default scenario; 1 by default. */
  speed?: number;
}

/** A running local endpoint. @public */
export interface AwsLocalServer {
  /** Base URL to give the AWS SDK clients as `endpoint`. */
  url: string;
  /** The world being served. */
  scenario: AwsScenario;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts the local AWS endpoint (plus the `/__scenario/*` control routes) on a real HTTP port.
 *
 * @public
 */
export async function startAwsLocalServer(
  _options: AwsLocalServerOptions,
): Promise<AwsLocalServer> {
  throw new Error('startAwsLocalServer: not implemented yet');
}
