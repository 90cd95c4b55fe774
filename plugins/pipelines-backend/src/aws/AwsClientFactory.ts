import { AppConfigClient } from '@aws-sdk/client-appconfig';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { currentAwsDeadline } from './awsDeadline';
import { AwsTarget, AwsTargetPolicy, credentialsKey } from './AwsTarget';
import type { AwsTargetLimiter } from './AwsTargetLimiter';
import {
  type AwsServiceId,
  failedAwsCallOf,
  recordFailedAwsCall,
} from './describeAwsError';

/** The parts of an SDK client the factory hooks into. */
interface BoundableClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: any) => Promise<any>,
        context: { commandName?: string },
      ) => (args: any) => Promise<any>,
      options: { step: 'initialize'; name: string; priority?: 'high' },
    ): void;
  };
  send(command: any, options?: any): Promise<any>;
}

/** The SDK client configuration every client of a target shares. */
export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  credentials: AwsCredentialIdentityProvider;
  retryMode: 'adaptive';
  maxAttempts: number;
  /**
   * Options of the SDK's Node.js HTTP handler: a request that gets no answer within
   * `requestTimeout` (or no connection within `connectionTimeout`) fails, so that a hanging
   * endpoint turns into a stale reason instead of a frozen refresh.
   */
  requestHandler: {
    requestTimeout: number;
    connectionTimeout: number;
    /**
     * Without it, `@smithy/node-http-handler` (4.x) only logs a warning when `requestTimeout`
     * passes and keeps waiting for the answer.
     */
    throwOnRequestTimeout: true;
  };
}

/**
 * Creates (and caches) AWS SDK v3 clients for allowed targets only. Readers receive this factory,
 * which is what lets tests point them at msw and the portal at a local endpoint.
 */
export interface AwsClientFactory {
  /** Shared SDK configuration of a target; throws InputError when config does not allow it. */
  clientConfig(target: AwsTarget): AwsClientConfig;
  codePipeline(target: AwsTarget): CodePipelineClient;
  cloudWatch(target: AwsTarget): CloudWatchClient;
  securityHub(target: AwsTarget): SecurityHubClient;
  codeBuild(target: AwsTarget): CodeBuildClient;
  inspector2(target: AwsTarget): Inspector2Client;
  appConfig(target: AwsTarget): AppConfigClient;
}

/** Options of {@link createAwsClientFactory}. */
export interface AwsClientFactoryOptions {
  /** Root config: the `aws:` block of `@backstage/integration-aws-node` is read from it. */
  config: Config;
  policy: AwsTargetPolicy;
  endpoint?: string;
  maxAttempts: number;
  /** Milliseconds before a request without an answer fails. */
  requestTimeoutMs: number;
  /** Milliseconds before a connection that is not established fails; `requestTimeoutMs` by default. */
  connectionTimeoutMs?: number;
  /**
   * Bounds concurrent calls per account/region across every client (CodePipeline, CloudWatch and
   * the findings sources alike); unbounded when absent.
   */
  limiter?: AwsTargetLimiter;
  /** Replaces the credentials manager (tests). */
  credentialsManager?: AwsCredentialsManager;
}

/**
 * Builds the client factory.
 *
 * Credentials come from `@backstage/integration-aws-node`. With an endpoint override (a local
 * AWS, LocalStack), nothing may go to the real STS, which the credentials manager's own STS
 * clients would ask; so then:
 * - an account with a `roleName` (its `aws.accounts` entry, or `aws.accountDefaults` for an
 *   account without static credentials of its own) is assumed here, through STS at the endpoint,
 *   with the account entry's static keys or else the main account's credentials, passing the
 *   configured `externalId` and `partition`;
 * - an account without any entry uses the main account's credentials directly (the manager would
 *   otherwise ask STS who the main account is);
 * - an entry with static keys or a profile and no role comes from the manager as usual.
 * Per-entity roles are always assumed through STS at the same endpoint as every other client.
 */
export function createAwsClientFactory(
  options: AwsClientFactoryOptions,
): AwsClientFactory {
  const manager =
    options.credentialsManager ??
    DefaultAwsCredentialsManager.fromConfig(options.config);
  const accountEntries = new Map(
    (options.config.getOptionalConfigArray('aws.accounts') ?? []).map(a => [
      String(a.get('accountId')),
      a,
    ]),
  );
  const defaults = options.config.getOptionalConfig('aws.accountDefaults');
  const requestHandler: AwsClientConfig['requestHandler'] = {
    requestTimeout: options.requestTimeoutMs,
    connectionTimeout: Math.min(
      options.connectionTimeoutMs ?? options.requestTimeoutMs,
      options.requestTimeoutMs,
    ),
    throwOnRequestTimeout: true,
  };
  // STS (role assumption) is bounded like every other client.
  const stsClientConfig = (region: string) => ({
    region,
    endpoint: options.endpoint,
    maxAttempts: options.maxAttempts,
    requestHandler,
  });

  const fromManager =
    (accountId?: string): AwsCredentialIdentityProvider =>
    async identityProperties => {
      const provider = await manager.getCredentialProvider(
        accountId ? { accountId } : undefined,
      );
      return provider.sdkCredentialProvider(identityProperties);
    };

  const baseCredentials = (
    accountId: string,
  ): AwsCredentialIdentityProvider => {
    if (!options.endpoint) {
      return fromManager(accountId);
    }
    const entry = accountEntries.get(accountId);
    const staticKeys = entry?.getOptionalString('accessKeyId');
    const ownCredentials =
      Boolean(staticKeys) || Boolean(entry?.getOptionalString('profile'));
    const setting = (key: string) =>
      entry?.getOptionalString(key) ??
      (ownCredentials ? undefined : defaults?.getOptionalString(key));
    const roleName = setting('roleName');
    if (!roleName) {
      return entry ? fromManager(accountId) : fromManager();
    }
    const externalId = setting('externalId');
    return fromTemporaryCredentials({
      masterCredentials: staticKeys
        ? {
            accessKeyId: staticKeys,
            secretAccessKey: entry!.getString('secretAccessKey'),
          }
        : fromManager(),
      params: {
        RoleArn: `arn:${
          setting('partition') ?? 'aws'
        }:iam::${accountId}:role/${roleName}`,
        RoleSessionName: 'backstage-dpra-pipelines',
        ...(externalId ? { ExternalId: externalId } : {}),
      },
      clientConfig: stsClientConfig(setting('region') ?? 'us-east-1'),
    });
  };

  const configs = new Map<string, AwsClientConfig>();
  const clientConfig = (target: AwsTarget): AwsClientConfig => {
    options.policy.assertAllowed(target);
    const key = credentialsKey(target);
    const cached = configs.get(key);
    if (cached) {
      return cached;
    }
    let credentials = baseCredentials(target.accountId);
    if (target.roleArn) {
      credentials = fromTemporaryCredentials({
        masterCredentials: credentials,
        params: {
          RoleArn: target.roleArn,
          RoleSessionName: 'backstage-dpra-pipelines',
        },
        clientConfig: stsClientConfig(target.region),
      });
    }
    const created: AwsClientConfig = {
      region: target.region,
      endpoint: options.endpoint,
      credentials,
      retryMode: 'adaptive',
      maxAttempts: options.maxAttempts,
      requestHandler,
    };
    configs.set(key, created);
    return created;
  };

  const clients = new Map<string, unknown>();
  function cachedClient<T extends BoundableClient>(
    service: AwsServiceId,
    target: AwsTarget,
    create: (config: AwsClientConfig) => T,
  ): T {
    const config = clientConfig(target);
    const key = `${service}/${credentialsKey(target)}`;
    let client = clients.get(key) as T | undefined;
    if (!client) {
      client = create(config);
      bound(client, service, target);
      clients.set(key, client);
    }
    return client;
  }

  /**
   * Makes every call of a client bounded and nameable: a failed call's error remembers the
   * service and operation (for stale reasons that say which call failed); inside
   * `withAwsDeadline`, the deadline's signal aborts the call (the request, the SDK's retries and
   * their delays, and the wait for a slot of the target).
   */
  function bound(
    client: BoundableClient,
    service: AwsServiceId,
    target: AwsTarget,
  ) {
    client.middlewareStack.add(
      (next, context) => async args => {
        try {
          return await next(args);
        } catch (error) {
          recordFailedAwsCall(error, {
            service,
            operation: (context.commandName ?? '').replace(/Command$/, ''),
            requestTimeoutMs: options.requestTimeoutMs,
          });
          throw error;
        }
      },
      { step: 'initialize', name: 'dpraFailedCall', priority: 'high' },
    );
    // Each attempt's failure, as it happens (the SDK may retry it): named if the deadline cuts
    // the retries.
    client.middlewareStack.add(
      (next, context) => async args => {
        const deadline = currentAwsDeadline();
        try {
          const output = await next(args);
          if (deadline) {
            deadline.lastFailure = undefined;
          }
          return output;
        } catch (error) {
          if (deadline && !deadline.signal.aborted) {
            recordFailedAwsCall(error, {
              service,
              operation: (context.commandName ?? '').replace(/Command$/, ''),
              requestTimeoutMs: options.requestTimeoutMs,
            });
            deadline.lastFailure = error;
          }
          throw error;
        }
      },
      {
        step: 'deserialize',
        name: 'dpraFailedAttempt',
        priority: 'high',
      } as any,
    );
    const limiter = options.limiter;
    if (limiter) {
      // The whole call, retries included, holds one of the target's slots.
      client.middlewareStack.add(
        next => args =>
          limiter.run(target, () => next(args), currentAwsDeadline()?.signal),
        { step: 'initialize', name: 'dpraTargetLimiter' },
      );
    }
    // The SDK takes an abort signal per call only (`send(command, { abortSignal })`); the readers
    // call `send(command)`, and the deadline of the work they belong to is added here.
    const send = client.send.bind(client);
    client.send = (command: any, sendOptions?: any) => {
      const deadline = currentAwsDeadline();
      if (!deadline || sendOptions?.abortSignal) {
        return send(command, sendOptions);
      }
      return send(command, { abortSignal: deadline.signal }).catch(error => {
        if (!deadline.signal.aborted) {
          throw error;
        }
        const reason = deadline.signal.reason;
        const call = failedAwsCallOf(error);
        if (call) {
          recordFailedAwsCall(reason, call);
        }
        throw reason;
      });
    };
  }

  return {
    clientConfig,
    codePipeline: target =>
      cachedClient('codepipeline', target, c => new CodePipelineClient(c)),
    cloudWatch: target =>
      cachedClient('cloudwatch', target, c => new CloudWatchClient(c)),
    securityHub: target =>
      cachedClient('securityhub', target, c => new SecurityHubClient(c)),
    codeBuild: target =>
      cachedClient('codebuild', target, c => new CodeBuildClient(c)),
    inspector2: target =>
      cachedClient('inspector2', target, c => new Inspector2Client(c)),
    appConfig: target =>
      cachedClient('appconfig', target, c => new AppConfigClient(c)),
  };
}
