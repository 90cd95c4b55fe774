import {
  GetDeploymentCommand,
  ListApplicationsCommand,
  ListDeploymentsCommand,
  ListEnvironmentsCommand,
  ResourceNotFoundException,
  type AppConfigClient,
  type DeploymentSummary,
  type GetDeploymentCommandOutput,
  type ListDeploymentsCommandOutput,
} from '@aws-sdk/client-appconfig';
import type { CacheService } from '@backstage/backend-plugin-api';
import type {
  ConfigDeploymentView,
  ConfigRollback,
} from '@dpra/plugin-pipelines-common';
import type { AwsClientFactory } from './AwsClientFactory';
import type { AwsTarget } from './AwsTarget';

/** One AppConfig environment a configuration pipeline deploys to, and what it deploys there. */
export interface AppConfigEnvironmentRef {
  application: string;
  environment: string;
  /** Profile name → the strategy the deploy action names for it. */
  profiles: Record<string, string | undefined>;
}

/** Reads AWS AppConfig deployment state. */
export interface AppConfigDeploymentReader {
  /**
   * The latest deployment of each of the environment's profiles in the target's account and
   * region, with the version live there and the last rollback; empty when the application or the
   * environment does not exist (yet).
   */
  readEnvironment(
    target: AwsTarget,
    ref: AppConfigEnvironmentRef,
  ): Promise<ConfigDeploymentView[]>;
}

/** Deployments listed per environment: the latest ones of every profile are among them. */
const DEPLOYMENTS_LISTED = 20;
/** Pages of applications or environments followed before giving up looking for a name. */
const MAX_PAGES = 10;

const ALARM_ARN = /arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:[^\s,;]+/;

/** Finds an item by name through a paged List call. */
async function findByName<T extends { Name?: string; Id?: string }>(
  list: (nextToken?: string) => Promise<{ Items?: T[]; NextToken?: string }>,
  name: string,
): Promise<T | undefined> {
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await list(token);
    const found = out.Items?.find(i => i.Name === name);
    if (found) return found;
    token = out.NextToken;
    if (!token) return undefined;
  }
  return undefined;
}

const iso = (d: Date | undefined) => d?.toISOString();

/** The AppConfig ids of an application's environment, found by their names. */
type AppConfigIds = { applicationId: string; environmentId: string };

/** Options of {@link SdkAppConfigDeploymentReader}. */
export interface SdkAppConfigDeploymentReaderOptions {
  /**
   * Where the ids of the applications and environments found by name are kept between refreshes
   * (they change only when one is deleted and made again). @default none: looked up on every read
   */
  cache?: CacheService;
  /** How long a cached id is used before it is looked up again, in milliseconds. @default 1 hour */
  idTtlMs?: number;
}

/**
 * {@link AppConfigDeploymentReader} over the AWS SDK v3 AppConfig client. With a cache, a read
 * makes ListDeployments and GetDeployment calls only: the application and environment ids are
 * those found by an earlier read, looked up again when they expire or when AppConfig no longer
 * knows them.
 */
export class SdkAppConfigDeploymentReader implements AppConfigDeploymentReader {
  private readonly cache?: CacheService;
  private readonly idTtlMs: number;

  constructor(
    private readonly clients: AwsClientFactory,
    options: SdkAppConfigDeploymentReaderOptions = {},
  ) {
    this.cache = options.cache;
    this.idTtlMs = options.idTtlMs ?? 60 * 60_000;
  }

  async readEnvironment(
    target: AwsTarget,
    ref: AppConfigEnvironmentRef,
  ): Promise<ConfigDeploymentView[]> {
    const client = this.clients.appConfig(target);
    const key = `appconfig-ids:${JSON.stringify([
      target.accountId,
      target.region,
      ref.application,
      ref.environment,
    ])}`;
    let ids = await this.cachedIds(key);
    let listed: ListDeploymentsCommandOutput | undefined;
    if (ids) {
      try {
        listed = await this.listDeployments(client, ids);
      } catch (error) {
        // Deleted since (perhaps made again under a new id): look the names up again.
        if (!(error instanceof ResourceNotFoundException)) throw error;
        ids = undefined;
        await this.cache?.delete(key).catch(() => undefined);
      }
    }
    if (!ids) {
      ids = await this.lookUpIds(client, ref);
      if (!ids) return [];
      // A cache that fails costs the lookups again, not the read.
      await this.cache
        ?.set(key, ids, { ttl: this.idTtlMs })
        .catch(() => undefined);
    }
    listed ??= await this.listDeployments(client, ids);
    const { applicationId, environmentId } = ids;
    // Newest first, as AppConfig lists them; sorted anyway so the order never depends on it.
    const items = [...(listed.Items ?? [])].sort(
      (a, b) => (b.DeploymentNumber ?? 0) - (a.DeploymentNumber ?? 0),
    );
    const views: ConfigDeploymentView[] = [];
    for (const profile of Object.keys(ref.profiles)) {
      const ofProfile = items.filter(d => d.ConfigurationName === profile);
      const latest = ofProfile[0];
      if (!latest || latest.DeploymentNumber === undefined) continue;
      const detail = await this.getDeployment(
        client,
        applicationId,
        environmentId,
        latest,
      );
      const live = ofProfile.find(d => d.State === 'COMPLETE');
      // The revision live there: the latest deployment's, or (while one grows, bakes or after a
      // rollback) the one of the last completed deployment.
      let liveDetail: GetDeploymentCommandOutput | undefined = detail;
      if (live !== latest) {
        liveDetail = live
          ? await this.getDeployment(client, applicationId, environmentId, live)
          : undefined;
      }
      const rolledBackSummary = ofProfile
        .slice(0, 2)
        .find(d => d.State === 'ROLLED_BACK');
      const rolledBack = rolledBackSummary
        ? await this.rollbackOf(
            client,
            applicationId,
            environmentId,
            rolledBackSummary,
            rolledBackSummary === latest ? detail : undefined,
          )
        : undefined;
      const state = (latest.State ??
        'DEPLOYING') as ConfigDeploymentView['state'];
      const bakeStarted = detail?.EventLog?.find(
        e => e.EventType === 'BAKE_TIME_STARTED',
      )?.OccurredAt;
      views.push({
        environment: ref.environment,
        accountId: target.accountId,
        region: target.region,
        profile,
        ...(ref.profiles[profile] ? { strategy: ref.profiles[profile] } : {}),
        deploymentNumber: latest.DeploymentNumber,
        version: latest.ConfigurationVersion ?? '',
        ...(detail?.Description ? { revision: detail.Description } : {}),
        state,
        percentageComplete: latest.PercentageComplete ?? 0,
        growthType: latest.GrowthType ?? 'LINEAR',
        growthFactor: latest.GrowthFactor ?? 0,
        deploymentDurationMinutes: latest.DeploymentDurationInMinutes ?? 0,
        finalBakeMinutes: latest.FinalBakeTimeInMinutes ?? 0,
        startedAt: iso(latest.StartedAt) ?? '',
        ...(latest.CompletedAt ? { completedAt: iso(latest.CompletedAt) } : {}),
        ...(state === 'BAKING' && bakeStarted
          ? {
              bakeEndsAt: new Date(
                bakeStarted.getTime() +
                  (latest.FinalBakeTimeInMinutes ?? 0) * 60_000,
              ).toISOString(),
            }
          : {}),
        ...(live?.ConfigurationVersion
          ? { liveVersion: live.ConfigurationVersion }
          : {}),
        ...(liveDetail?.Description
          ? { liveRevision: liveDetail.Description }
          : {}),
        ...(rolledBack ? { rolledBack } : {}),
      });
    }
    return views;
  }

  private async cachedIds(key: string): Promise<AppConfigIds | undefined> {
    return this.cache?.get<AppConfigIds>(key).catch(() => undefined);
  }

  /** The ids of the application and its environment, by name; undefined when either is missing. */
  private async lookUpIds(
    client: AppConfigClient,
    ref: AppConfigEnvironmentRef,
  ): Promise<AppConfigIds | undefined> {
    const app = await findByName(
      NextToken =>
        client.send(new ListApplicationsCommand({ MaxResults: 50, NextToken })),
      ref.application,
    );
    if (!app?.Id) return undefined;
    const applicationId = app.Id;
    const env = await findByName(
      NextToken =>
        client.send(
          new ListEnvironmentsCommand({
            ApplicationId: applicationId,
            MaxResults: 50,
            NextToken,
          }),
        ),
      ref.environment,
    );
    if (!env?.Id) return undefined;
    return { applicationId, environmentId: env.Id };
  }

  private async listDeployments(
    client: AppConfigClient,
    ids: AppConfigIds,
  ): Promise<ListDeploymentsCommandOutput> {
    return client.send(
      new ListDeploymentsCommand({
        ApplicationId: ids.applicationId,
        EnvironmentId: ids.environmentId,
        MaxResults: DEPLOYMENTS_LISTED,
      }),
    );
  }

  private async getDeployment(
    client: AppConfigClient,
    applicationId: string,
    environmentId: string,
    summary: DeploymentSummary,
  ): Promise<GetDeploymentCommandOutput> {
    return client.send(
      new GetDeploymentCommand({
        ApplicationId: applicationId,
        EnvironmentId: environmentId,
        DeploymentNumber: summary.DeploymentNumber,
      }),
    );
  }

  private async rollbackOf(
    client: AppConfigClient,
    applicationId: string,
    environmentId: string,
    summary: DeploymentSummary,
    known: GetDeploymentCommandOutput | undefined,
  ): Promise<ConfigRollback> {
    const detail =
      known ??
      (await this.getDeployment(client, applicationId, environmentId, summary));
    const started = detail.EventLog?.find(
      e => e.EventType === 'ROLLBACK_STARTED',
    );
    const alarmArn = started?.Description?.match(ALARM_ARN)?.[0];
    return {
      deploymentNumber: summary.DeploymentNumber ?? 0,
      version: summary.ConfigurationVersion ?? '',
      ...(detail.Description ? { revision: detail.Description } : {}),
      at:
        iso(started?.OccurredAt) ??
        iso(summary.CompletedAt) ??
        iso(summary.StartedAt) ??
        '',
      triggeredBy: started?.TriggeredBy ?? 'APPCONFIG',
      ...(alarmArn
        ? { alarmArn, alarmName: alarmArn.split(':alarm:')[1] }
        : {}),
    };
  }
}
