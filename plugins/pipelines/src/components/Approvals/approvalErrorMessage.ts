import { ResponseError } from '@backstage/errors';
import { approvalDecidePermission } from '@dpra/plugin-pipelines-common';
import { formatDateTime } from '../../time/timeRules';

/** An ISO 8601 instant as the server writes it in messages ("at 2026-12-02T08:04:26.415Z"). */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g;

/** The message the server put in its Backstage error body, else the error's own message. */
export function serverErrorMessage(error: unknown): string {
  if (ResponseError.is(error))
    return error.body?.error?.message || error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The server's own words for a failed decision, prefixed with what it means for the user: a 409
 * means someone else decided or the request moved on, a 403 means the permission policy said no.
 */
export function approvalErrorMessage(error: unknown): string {
  const serverMessage = serverErrorMessage(error);
  const status = ResponseError.is(error) ? error.statusCode : undefined;
  if (status === 409) {
    // Who decided first and when, the time in the viewer's own time zone like every other time.
    const localTimes = serverMessage.replace(ISO_INSTANT, iso =>
      formatDateTime(iso),
    );
    return `${localTimes.replace(
      /[.;]?\s*refresh to see the (new|current) state\.?$/i,
      '',
    )} — refresh to see the new state.`;
  }
  if (status === 403) {
    return `You are not allowed to decide this approval: the permission ${approvalDecidePermission.name} on this entity is missing (${serverMessage}).`;
  }
  if (status === 400) {
    return `The decision was refused: ${serverMessage}`;
  }
  return `The decision could not be sent: ${serverMessage}`;
}
