import { http } from 'msw';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { FindingsClientFactory, FindingsTarget } from '../types';

/**
 * Real SDK clients with static test credentials, talking to the real AWS endpoints — which msw
 * intercepts in the tests. `maxAttempts` 1 unless a test exercises the SDK's retries.
 */
export function testClientFactory(
  options: { maxAttempts?: number } = {},
): FindingsClientFactory<FindingsTarget> {
  const config = (target: FindingsTarget) => ({
    region: target.region,
    credentials: {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
    maxAttempts: options.maxAttempts ?? 1,
  });
  return {
    securityHub: target => new SecurityHubClient(config(target)),
    codeBuild: target => new CodeBuildClient(config(target)),
    inspector2: target => new Inspector2Client(config(target)),
  };
}

/** An AWS REST-JSON error response as AWS sends it (error code in `x-amzn-ErrorType`). */
export function restJsonError(
  status: number,
  type: string,
  message: string,
): Response {
  return new Response(JSON.stringify({ message }), {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/com.amazonaws.${type}/`,
      'x-amzn-RequestId': '7f7a3d5e-2c1b-4a9e-9d8c-1b2a3c4d5e6f',
    },
  });
}

/** One recorded AWS JSON call. */
export interface AwsJsonCall {
  operation: string;
  input: any;
}

/**
 * An AWS JSON 1.1 endpoint (CodeBuild: `POST /`, operation in `X-Amz-Target`
 * `CodeBuild_20161006.<Operation>`). An operation answers a body (200) or a `Response` (errors).
 */
export function awsJsonOperations(
  url: string,
  targetPrefix: string,
  operations: Record<
    string,
    (input: any) => unknown | Response | Promise<unknown | Response>
  >,
  calls: AwsJsonCall[] = [],
) {
  return http.post(url, async ({ request }) => {
    const target = request.headers.get('x-amz-target') ?? '';
    const operation = target.slice(targetPrefix.length + 1);
    const input = JSON.parse((await request.text()) || '{}');
    calls.push({ operation, input });
    const impl = operations[operation];
    if (!target.startsWith(`${targetPrefix}.`) || !impl) {
      return awsJsonError(400, 'UnknownOperationException', target);
    }
    const answer = await impl(input);
    if (answer instanceof Response) {
      return answer;
    }
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
    });
  });
}

/** An AWS JSON 1.1 error as AWS sends it (`__type` in the body). */
export function awsJsonError(
  status: number,
  type: string,
  message: string,
): Response {
  return new Response(JSON.stringify({ __type: type, message }), {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-RequestId': '0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6',
    },
  });
}
