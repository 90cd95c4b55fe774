import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  signalsServiceRef,
  type SignalPayload,
} from '@backstage/plugin-signals-node';

/**
 * The notification service of a test backend without the notifications backend: it records what
 * the plugin sends (`sent`), for the tests to read.
 */
export function recordingNotificationService() {
  const sent: NotificationSendOptions[] = [];
  return {
    sent,
    factory: createServiceFactory({
      service: notificationService,
      deps: {},
      factory: async () => ({
        send: async (options: NotificationSendOptions) => {
          sent.push(options);
        },
      }),
    }),
  };
}

/** The signals service of a test backend: it records what the plugin publishes (`published`). */
export function recordingSignalsService() {
  const published: SignalPayload[] = [];
  return {
    published,
    factory: createServiceFactory({
      service: signalsServiceRef,
      deps: {},
      factory: async () => ({
        publish: async (signal: SignalPayload<any>) => {
          published.push(signal);
        },
      }),
    }),
  };
}
