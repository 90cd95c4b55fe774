import { http, HttpResponse, type RequestHandler } from 'msw';
import { handleAwsRequest } from './handleAwsRequest';
import { AwsScenario } from './scenario/types';

/** Options of {@link createAwsMswHandlers}. @public */
export interface AwsMswHandlerOptions {
  /**
   * Extra base URLs to intercept besides the AWS endpoints `https://*.amazonaws.com` (e.g. the
   * `endpoint` a test configures on its clients, `http://aws.test`).
   */
  baseUrls?: string[];
  /** Latency added to every answer, in milliseconds. */
  latencyMs?: number;
}

/** The SDK's default endpoints for the services we answer: `<service>.<region>.amazonaws.com`. */
const AWS_HOST =
  /^(codepipeline|codebuild|monitoring|securityhub|inspector2|appconfig|sts)\.([a-z0-9-]+\.)?amazonaws\.com$/;

/**
 * msw request handlers that answer AWS SDK v3 calls from the scenario, for `setupServer` in tests.
 * They intercept at the HTTP layer, so the real SDK serialisers, signers, retry strategy and
 * deserialisers all run.
 *
 * @public
 */
export function createAwsMswHandlers(
  scenario: AwsScenario,
  options: AwsMswHandlerOptions = {},
): RequestHandler[] {
  const bases = (options.baseUrls ?? []).map(b => new URL(b));
  const isAws = ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    if (AWS_HOST.test(url.hostname)) return true;
    return bases.some(
      b =>
        b.origin === url.origin &&
        url.pathname.startsWith(b.pathname.replace(/\/$/, '') || '/'),
    );
  };
  return [
    http.all(isAws, async ({ request }) => {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => {
        headers[key] = value;
      });
      const body = new Uint8Array(await request.arrayBuffer());
      if (options.latencyMs)
        await new Promise(r => setTimeout(r, options.latencyMs));
      const answer = await handleAwsRequest(scenario, {
        method: request.method,
        url: request.url,
        headers,
        body,
        signal: request.signal,
      });
      if (answer.reset) {
        // msw's network error: the client sees the connection fail, as with a reset.
        return HttpResponse.error();
      }
      return new HttpResponse(answer.body as BodyInit, {
        status: answer.status,
        headers: answer.headers,
      });
    }),
  ];
}
