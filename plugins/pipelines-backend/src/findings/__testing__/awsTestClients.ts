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
