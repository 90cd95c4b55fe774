import { ConfigReader } from '@backstage/config';
import { createAwsClientFactory } from '../aws/AwsClientFactory';
import { AwsTargetPolicy } from '../aws/AwsTarget';
import { AwsTargetLimiter } from '../aws/AwsTargetLimiter';

/**
 * The plugin's AWS client factory as the reader tests use it: the real SDK clients with static
 * credentials, talking to the real AWS host names (which msw intercepts), for one account (and
 * `moreAccountIds`, in the same regions).
 */
export function createTestAwsClients(options: {
  accountId: string;
  moreAccountIds?: string[];
  regions: string[];
  maxAttempts?: number;
  requestTimeoutMs?: number;
}) {
  return createAwsClientFactory({
    config: new ConfigReader({
      aws: {
        mainAccount: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      },
    }),
    policy: new AwsTargetPolicy({
      targets: [options.accountId, ...(options.moreAccountIds ?? [])].map(
        accountId => ({ accountId, regions: options.regions }),
      ),
      allowedRoleArns: [],
    }),
    limiter: new AwsTargetLimiter(2),
    maxAttempts: options.maxAttempts ?? 2,
    requestTimeoutMs: options.requestTimeoutMs ?? 5000,
    credentialsManager: {
      getCredentialProvider: async () => ({
        sdkCredentialProvider: async () => ({
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'secret',
        }),
      }),
    },
  });
}
