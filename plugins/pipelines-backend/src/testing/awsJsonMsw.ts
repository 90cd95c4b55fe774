import { http, HttpResponse, type HttpHandler } from 'msw';

/** Answer of one AWS JSON operation: a body (200) or an AWS error. */
export type AwsJsonAnswer =
  | { body: unknown }
  | { error: { type: string; message: string; status: number } }
  | { delayMs: number; body: unknown };

/**
 * An msw handler for AWS JSON 1.0/1.1 services (CodePipeline `CodePipeline_20150709.*`, CloudWatch
 * `GraniteServiceVersion20100801.*`): POST / with the operation in `X-Amz-Target`. Errors are
 * encoded as AWS encodes them (`__type` in the body and the `x-amzn-errortype` header).
 */
export function awsJsonHandler(
  hostPattern: RegExp,
  targetPrefix: string,
  operations: Record<
    string,
    (input: any, request: Request) => AwsJsonAnswer | Promise<AwsJsonAnswer>
  >,
  calls?: Array<{ operation: string; input: any; host: string }>,
): HttpHandler {
  return http.post(
    ({ request }) => hostPattern.test(new URL(request.url).host),
    async ({ request }) => {
      const target = request.headers.get('x-amz-target') ?? '';
      if (!target.startsWith(`${targetPrefix}.`)) {
        return undefined;
      }
      const operation = target.slice(targetPrefix.length + 1);
      const input = JSON.parse((await request.text()) || '{}');
      calls?.push({ operation, input, host: new URL(request.url).host });
      const impl = operations[operation];
      if (!impl) {
        return HttpResponse.json(
          { __type: 'UnknownOperationException', message: operation },
          { status: 400 },
        );
      }
      const answer = await impl(input, request);
      if ('error' in answer) {
        return HttpResponse.json(
          { __type: answer.error.type, message: answer.error.message },
          {
            status: answer.error.status,
            headers: {
              'x-amzn-errortype': answer.error.type,
              'x-amzn-requestid': 'req-1',
            },
          },
        );
      }
      if ('delayMs' in answer) {
        await new Promise(resolve => setTimeout(resolve, answer.delayMs));
      }
      return HttpResponse.json(answer.body as Record<string, unknown>, {
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': 'req-1',
        },
      });
    },
  );
}

export const CODEPIPELINE_HOSTS = /^codepipeline\.[a-z0-9-]+\.amazonaws\.com$/;
export const CLOUDWATCH_HOSTS = /^monitoring\.[a-z0-9-]+\.amazonaws\.com$/;
