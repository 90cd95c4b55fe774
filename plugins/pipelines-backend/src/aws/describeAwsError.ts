import { AwsDeadlineExceededError, formatSeconds } from './awsDeadline';

/** What kind of AWS failure happened, for the stale reason and for retry decisions. */
export type AwsFailureKind =
  | 'throttled'
  | 'server-error'
  | 'timeout'
  | 'network'
  | 'access-denied'
  | 'credentials'
  | 'not-found'
  | 'other';

/** The AWS services the plugin calls, as people and IAM policies name them. */
export const AWS_SERVICES = {
  codepipeline: { label: 'CodePipeline', iamPrefix: 'codepipeline' },
  cloudwatch: { label: 'CloudWatch', iamPrefix: 'cloudwatch' },
  securityhub: { label: 'Security Hub', iamPrefix: 'securityhub' },
  codebuild: { label: 'CodeBuild', iamPrefix: 'codebuild' },
  inspector2: { label: 'Inspector', iamPrefix: 'inspector2' },
  appconfig: { label: 'AppConfig', iamPrefix: 'appconfig' },
} as const;

/** One of {@link AWS_SERVICES}. */
export type AwsServiceId = keyof typeof AWS_SERVICES;

/** The AWS call an error came from (recorded by the client factory, which sees every call). */
export interface AwsCallInfo {
  service: AwsServiceId;
  /** API operation, e.g. `GetPipelineState`. */
  operation: string;
  /** The client's per-request timeout, named when a request timed out. */
  requestTimeoutMs?: number;
}

const failedCalls = new WeakMap<object, AwsCallInfo>();

/** Remembers which call an error came from, so that its description can name it. */
export function recordFailedAwsCall(error: unknown, call: AwsCallInfo): void {
  if (typeof error === 'object' && error !== null && !failedCalls.has(error)) {
    failedCalls.set(error, call);
  }
}

/** The call an error came from, when it came through the plugin's clients. */
export function failedAwsCallOf(error: unknown): AwsCallInfo | undefined {
  return typeof error === 'object' && error !== null
    ? failedCalls.get(error)
    : undefined;
}

const THROTTLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);
const TIMEOUT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** Credentials that AWS no longer (or never) accepts: expired sessions, unknown keys. */
const CREDENTIAL_NAMES = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'RequestExpired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignature',
]);
const ACCESS_DENIED_NAMES = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
]);

/** A described AWS failure: its kind and the sentence shown to people. */
export interface DescribedAwsError {
  kind: AwsFailureKind;
  message: string;
}

/**
 * Classifies an error from an AWS SDK call and words it for people, naming the service and the
 * operation when the error came through the plugin's clients (and, for a refusal, the IAM action
 * and the fix): the API returns it as the `staleReason` of the last known state, or as a problem.
 */
export function describeAwsError(error: unknown): DescribedAwsError {
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const name = e?.name ?? 'Error';
  const code = e?.code ?? '';
  const status = e?.$metadata?.httpStatusCode;
  const call = failedAwsCallOf(error);
  const service = call ? AWS_SERVICES[call.service].label : 'AWS';
  const operation = call ? ` (${call.operation})` : '';
  // `CodePipeline GetPipelineState`, or `AWS` when the call is unknown.
  const callName = call ? `${service} ${call.operation}` : service;
  const detail = e?.message ? `: ${e.message}` : '';

  if (error instanceof AwsDeadlineExceededError) {
    if (error.lastFailure !== undefined) {
      // What went wrong, rather than only that the retries ran out of time.
      const last = describeAwsError(error.lastFailure);
      return {
        kind: last.kind,
        message: `${last.message}; no answer within ${formatSeconds(error.ms)}`,
      };
    }
    return {
      kind: 'timeout',
      message: `${service} did not answer within ${formatSeconds(
        error.ms,
      )}${operation}`,
    };
  }
  if (THROTTLE_NAMES.has(name) || status === 429) {
    return {
      kind: 'throttled',
      message: `${callName} was throttled (${name})`,
    };
  }
  // A reset connection is a network failure, though the SDK names it a TimeoutError (it retries
  // both alike); a wrapped one keeps only its message.
  if (
    NETWORK_CODES.has(code) ||
    NETWORK_CODES.has(name) ||
    /socket hang up|ECONNRESET/.test(e?.message ?? '')
  ) {
    return {
      kind: 'network',
      message: `The connection to ${service} failed${operation} (${
        code ||
        (/ECONNRESET|socket hang up/.test(e?.message ?? '')
          ? 'ECONNRESET'
          : name)
      })`,
    };
  }
  if (TIMEOUT_NAMES.has(name) || code === 'ETIMEDOUT') {
    return {
      kind: 'timeout',
      message: call?.requestTimeoutMs
        ? `${service} did not answer within ${formatSeconds(
            call.requestTimeoutMs,
          )}${operation}`
        : `${service} did not answer in time${operation} (${name}${detail})`,
    };
  }
  if (status !== undefined && status >= 500) {
    return {
      kind: 'server-error',
      message: `${callName} returned a server error ${status} (${name})`,
    };
  }
  if (CREDENTIAL_NAMES.has(name)) {
    return {
      kind: 'credentials',
      message: `${callName}: the credentials were refused (${name}${detail}): check the aws: accounts configuration and the role's trust policy`,
    };
  }
  if (ACCESS_DENIED_NAMES.has(name) || status === 403) {
    return {
      kind: 'access-denied',
      message: call
        ? `\`${AWS_SERVICES[call.service].iamPrefix}:${
            call.operation
          }\` was denied (${name}): add it to the read role`
        : `AWS denied access (${name}${detail})`,
    };
  }
  if (
    name === 'PipelineNotFoundException' ||
    name === 'ResourceNotFoundException'
  ) {
    return {
      kind: 'not-found',
      message: `${callName}: not found (${name}${detail})`,
    };
  }
  return {
    kind: 'other',
    message: `${callName} failed (${name}${detail})`,
  };
}
