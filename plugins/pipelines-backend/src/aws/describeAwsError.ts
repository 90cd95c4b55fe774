/** What kind of AWS failure happened, for the stale reason and for retry decisions. */
export type AwsFailureKind =
  | 'throttled'
  | 'server-error'
  | 'timeout'
  | 'access-denied'
  | 'not-found'
  | 'other';

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
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
]);

/**
 * Classifies an error from an AWS SDK call and words it for people: the API returns it as the
 * `staleReason` of the last known state.
 */
export function describeAwsError(error: unknown): {
  kind: AwsFailureKind;
  message: string;
} {
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const name = e?.name ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  const detail = e?.message ? `: ${e.message}` : '';
  if (THROTTLE_NAMES.has(name) || status === 429) {
    return {
      kind: 'throttled',
      message: `AWS throttled the request (${name})`,
    };
  }
  if (TIMEOUT_NAMES.has(name) || TIMEOUT_NAMES.has(e?.code ?? '')) {
    return {
      kind: 'timeout',
      message: `AWS did not answer in time (${name}${detail})`,
    };
  }
  if (status !== undefined && status >= 500) {
    return {
      kind: 'server-error',
      message: `AWS returned a server error ${status} (${name})`,
    };
  }
  if (
    name === 'AccessDeniedException' ||
    name === 'AccessDenied' ||
    status === 403
  ) {
    return {
      kind: 'access-denied',
      message: `AWS denied access (${name}${detail})`,
    };
  }
  if (
    name === 'PipelineNotFoundException' ||
    name === 'ResourceNotFoundException'
  ) {
    return {
      kind: 'not-found',
      message: `Not found in AWS (${name}${detail})`,
    };
  }
  return { kind: 'other', message: `AWS call failed (${name}${detail})` };
}
