/*
 * The signal channels of the pipelines plugins (Backstage signals): the backend publishes on them
 * when what a page shows changed, the frontend's data hooks subscribe and re-fetch.
 */

/**
 * The channel of an entity's pipelines: a refresh saw them change, or someone decided an approval
 * or ran a control. Entity references are case-insensitive; the channel is the lower-cased ref.
 *
 * @public
 */
export function pipelinesSignalChannel(entityRef: string): string {
  return `dpra-pipelines:${entityRef.toLocaleLowerCase('en-US')}`;
}

/**
 * The channel of the approvals inbox: an approval started, was decided or is gone.
 *
 * @public
 */
export const INBOX_SIGNAL_CHANNEL = 'dpra-pipelines:inbox';

/**
 * What a pipelines signal says: only that something changed, and why; the page re-fetches what
 * it may see.
 *
 * @public
 */
export type PipelinesSignal = {
  reason: 'refresh' | 'decision' | 'control';
};
