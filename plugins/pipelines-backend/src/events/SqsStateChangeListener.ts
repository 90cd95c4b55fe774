import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { describeAwsError } from '../aws/describeAwsError';
import type { AlarmStore, RefreshQueue } from '../store';
import { parseStateChangeEvent } from './parseStateChangeEvent';
import { refreshForStateChanges } from './refreshForStateChanges';

/** Options of {@link SqsStateChangeListener}. */
export interface SqsStateChangeListenerOptions {
  client: SQSClient;
  queueUrl: string;
  refreshQueue: Pick<RefreshQueue, 'requestRefresh'>;
  alarms: Pick<AlarmStore, 'listPipelineArnsWatchingAlarm'>;
  logger: LoggerService;
  /** Refreshes the given pipelines at once (they were already made due). */
  refresh: (pipelineArns: string[]) => void;
  /** Long-poll wait per receive, in seconds (SQS allows up to 20). */
  waitTimeSeconds?: number;
  now?: () => Date;
}

/**
 * Push path: EventBridge rules send CodePipeline and CloudWatch state changes to an SQS queue;
 * each event makes the pipelines it concerns due and refreshes them at once, instead of waiting
 * for the next poll. Every replica may listen: SQS hands each message to one of them.
 */
export class SqsStateChangeListener {
  private running = false;
  private loop?: Promise<void>;
  private abort?: AbortController;

  constructor(private readonly options: SqsStateChangeListenerOptions) {}

  /** Receives one batch, refreshes what it names and deletes the handled messages. */
  async pollOnce(
    signal?: AbortSignal,
  ): Promise<{ received: number; pipelines: string[] }> {
    const { client, queueUrl, refreshQueue, alarms } = this.options;
    const now = this.options.now ?? (() => new Date());
    const out = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: this.options.waitTimeSeconds ?? 20,
      }),
      { abortSignal: signal },
    );
    const messages = out.Messages ?? [];
    const pipelines = await refreshForStateChanges(
      messages.map(message => parseStateChangeEvent(message.Body ?? '')),
      { refreshQueue, alarms, refresh: this.options.refresh, now },
    );
    // Unknown or irrelevant messages are deleted too: keeping them would only redeliver them.
    const handles = messages.filter(m => m.ReceiptHandle);
    if (handles.length > 0) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: handles.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m.ReceiptHandle!,
          })),
        }),
      );
    }
    return { received: messages.length, pipelines };
  }

  /** Starts long-polling until {@link SqsStateChangeListener.stop}. */
  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.abort = new AbortController();
    this.loop = (async () => {
      while (this.running) {
        try {
          await this.pollOnce(this.abort!.signal);
        } catch (error) {
          if (!this.running) {
            break;
          }
          this.options.logger.warn(
            `Reading pipeline events from ${this.options.queueUrl} failed: ${
              describeAwsError(error).message
            }`,
          );
          // Back off so that a missing queue or permission does not spin.
          await new Promise(resolve => setTimeout(resolve, 10_000));
        }
      }
    })();
  }

  /** Stops polling and waits for the loop to end. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    await this.loop;
  }
}
