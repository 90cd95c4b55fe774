import { AwsScenario } from './scenario/types';

/** An HTTP request as the endpoint sees it. @public */
export interface AwsHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/** The endpoint's HTTP answer. @public */
export interface AwsHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/**
 * Answers one AWS API request from the scenario, speaking the protocol of the target service.
 *
 * @public
 */
export async function handleAwsRequest(
  _scenario: AwsScenario,
  _req: AwsHttpRequest,
): Promise<AwsHttpResponse> {
  throw new Error('handleAwsRequest: not implemented yet');
}
