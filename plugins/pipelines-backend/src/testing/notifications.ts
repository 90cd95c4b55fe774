import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';

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
