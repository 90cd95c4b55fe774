/**
 * What the endpoint can be made to do instead of answering: the services it answers for, the
 * faults it injects, the calls it records, and the error shape AWS sends.
 */

/** AWS services the endpoint answers for. @public */
export type AwsServiceName =
  | 'codepipeline'
  | 'cloudwatch'
  | 'securityhub'
  | 'codebuild'
  | 'inspector2'
  | 'appconfig'
  | 'sts';

/**
 * Kinds of injected faults: `throttle` → ThrottlingException (400), `server-error` → 500,
 * `timeout` → no answer (a hung endpoint), `connection-reset` → the connection is closed without
 * an answer, `slow` → the answer after `latencyMs` (5 s by default), `expired-credentials` →
 * ExpiredTokenException (400), `access-denied` → AccessDeniedException (400).
 *
 * @public
 */
export type FaultKind =
  | 'throttle'
  | 'server-error'
  | 'timeout'
  | 'connection-reset'
  | 'slow'
  | 'expired-credentials'
  | 'access-denied';

/** Every {@link FaultKind}. @public */
export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'server-error',
  'timeout',
  'connection-reset',
  'slow',
  'expired-credentials',
  'access-denied',
];

/**
 * A fault to inject into the next matching calls.
 *
 * @public
 */
export interface FaultSpec {
  /** Service whose calls fail. */
  service: AwsServiceName;
  /** Operation name (e.g. `GetPipelineState`); every operation of the service when absent. */
  operation?: string;
  /** What the calls get instead of their answer (see {@link FaultKind}). */
  kind: FaultKind;
  /** How many calls fail; unlimited when absent. */
  times?: number;
  /** Delay of a `slow` fault, in milliseconds; 5000 when absent. */
  latencyMs?: number;
}

/** One AWS call the endpoint served (for call counting and the benchmark). @public */
export interface ServedCall {
  /** Service of the call. */
  service: AwsServiceName;
  /** Operation name. */
  operation: string;
  /** Region from the SigV4 credential scope (or the host name). */
  region: string;
  /** Wall-clock time the call was received (ms since epoch). */
  at: number;
  /** The fault served instead of an answer, if any. */
  fault?: FaultKind;
}

/**
 * An AWS service error: its code (`__type`), HTTP status and message, as the service would send it.
 *
 * @public
 */
export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number = 400,
    readonly fault: 'Sender' | 'Receiver' = statusCode >= 500
      ? 'Receiver'
      : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}
