import { describeAwsError } from '../aws/describeAwsError';

/** Failures whose described message already names the fix (the read role, the credentials). */
const NAMES_ITS_FIX = new Set(['access-denied', 'credentials']);

/**
 * The sentence for an optional part of a pipeline that a refresh could not read: what was not
 * read, the call and AWS's error code, and the fix (for a passing failure: the next refresh
 * tries again). The pipeline itself stays served and fresh.
 */
export function readProblem(what: string, error: unknown): string {
  const { kind, message } = describeAwsError(error);
  return `${what} not read: ${message}${
    NAMES_ITS_FIX.has(kind) ? '' : '; the next refresh tries again'
  }`;
}
