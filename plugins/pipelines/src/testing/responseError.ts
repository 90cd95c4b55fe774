import { ResponseError } from '@backstage/errors';

/**
 * A {@link ResponseError} exactly as `ResponseError.fromResponse` builds it from a Backstage error
 * body (`{ error: { name, message }, response: { statusCode } }`), for tests of error display.
 */
export async function makeResponseError(
  statusCode: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'POST', url: '/api/pipelines' },
    response: { statusCode },
  });
  return ResponseError.fromResponse({
    headers: new Headers({ 'content-type': 'application/json' }),
    ok: false,
    redirected: false,
    status: statusCode,
    statusText: name,
    type: 'basic',
    url: 'http://localhost/api/pipelines',
    text: async () => body,
  });
}
