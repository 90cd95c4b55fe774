import { AwsCall } from '../protocol/identifyAwsCall';
import type { AppConfigRegionView } from '../scenario/appConfigDeployments';
import { AwsScenario, AwsServiceError } from '../scenario/types';

/*
 * AWS AppConfig's read operations (restJson1: path parameters in the URL, paging in the
 * `max_results`/`next_token` query), answered from the region's view of the world.
 */

/** REST routes of AppConfig (method + path pattern → operation). */
export const APPCONFIG_ROUTES: Array<{ path: RegExp; operation: string }> = [
  { path: /^\/applications$/, operation: 'ListApplications' },
  {
    path: /^\/applications\/(?<ApplicationId>[^/]+)\/environments$/,
    operation: 'ListEnvironments',
  },
  {
    path: /^\/applications\/(?<ApplicationId>[^/]+)\/configurationprofiles$/,
    operation: 'ListConfigurationProfiles',
  },
  {
    path: /^\/applications\/(?<ApplicationId>[^/]+)\/configurationprofiles\/(?<ConfigurationProfileId>[^/]+)\/hostedconfigurationversions$/,
    operation: 'ListHostedConfigurationVersions',
  },
  {
    path: /^\/applications\/(?<ApplicationId>[^/]+)\/environments\/(?<EnvironmentId>[^/]+)\/deployments$/,
    operation: 'ListDeployments',
  },
  {
    path: /^\/applications\/(?<ApplicationId>[^/]+)\/environments\/(?<EnvironmentId>[^/]+)\/deployments\/(?<DeploymentNumber>[^/]+)$/,
    operation: 'GetDeployment',
  },
  { path: /^\/deploymentstrategies$/, operation: 'ListDeploymentStrategies' },
];

const notFound = (what: string) =>
  new AwsServiceError('ResourceNotFoundException', `${what} not found`, 404);

/** One page of `items` from the `next_token` offset, at most `max_results` (50 by default). */
function page<T>(items: T[], input: Record<string, any>) {
  const max = Math.min(50, Math.max(1, Number(input.max_results ?? 50) || 50));
  const start = Number(input.next_token ?? 0) || 0;
  if (start < 0 || start > items.length) {
    throw new AwsServiceError(
      'BadRequestException',
      'The next token is not valid',
    );
  }
  const end = start + max;
  return {
    Items: items.slice(start, end),
    ...(end < items.length ? { NextToken: String(end) } : {}),
  };
}

function applicationOf(view: AppConfigRegionView, id: string) {
  const app = view.applications.find(a => a.Id === id);
  if (!app) throw notFound(`Application ${id}`);
  return app;
}

function environmentOf(view: AppConfigRegionView, appId: string, id: string) {
  const env = applicationOf(view, appId).environments.find(e => e.Id === id);
  if (!env) throw notFound(`Environment ${id}`);
  return env;
}

/** AppConfig's timestamps are `date-time` on the wire (RFC 3339 text), not epoch seconds. */
function withDateTimes(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(withDateTimes);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withDateTimes(v)]),
    );
  }
  return value;
}

/** Answers an AppConfig call. */
export function handleAppConfig(scenario: AwsScenario, call: AwsCall): unknown {
  return withDateTimes(answer(scenario, call));
}

function answer(scenario: AwsScenario, call: AwsCall): unknown {
  const view = scenario.appConfig(call.region);
  const input = call.input;
  switch (call.operation) {
    case 'ListApplications':
      return page(
        view.applications.map(a => ({
          Id: a.Id,
          Name: a.Name,
          Description: a.Description,
        })),
        input,
      );
    case 'ListEnvironments':
      return page(
        applicationOf(view, input.ApplicationId).environments.map(e => ({
          ApplicationId: e.ApplicationId,
          Id: e.Id,
          Name: e.Name,
          State: e.State,
          Monitors: e.Monitors,
        })),
        input,
      );
    case 'ListConfigurationProfiles':
      return page(
        applicationOf(view, input.ApplicationId).profiles.map(p => ({
          ApplicationId: p.ApplicationId,
          Id: p.Id,
          Name: p.Name,
          LocationUri: p.LocationUri,
          ValidatorTypes: [],
          Type: p.Type,
        })),
        input,
      );
    case 'ListHostedConfigurationVersions': {
      const profile = applicationOf(view, input.ApplicationId).profiles.find(
        p => p.Id === input.ConfigurationProfileId,
      );
      if (!profile)
        throw notFound(`Configuration profile ${input.ConfigurationProfileId}`);
      return page(
        [...profile.versions].reverse().map(({ accountId: _, ...v }) => v),
        input,
      );
    }
    case 'ListDeployments':
      return page(
        [
          ...environmentOf(view, input.ApplicationId, input.EnvironmentId)
            .deployments,
        ]
          .reverse()
          .map(d => ({
            DeploymentNumber: d.DeploymentNumber,
            ConfigurationName: d.ConfigurationName,
            ConfigurationVersion: d.ConfigurationVersion,
            DeploymentDurationInMinutes: d.DeploymentDurationInMinutes,
            GrowthType: d.GrowthType,
            GrowthFactor: d.GrowthFactor,
            FinalBakeTimeInMinutes: d.FinalBakeTimeInMinutes,
            State: d.State,
            PercentageComplete: d.PercentageComplete,
            StartedAt: d.StartedAt,
            CompletedAt: d.CompletedAt,
          })),
        input,
      );
    case 'GetDeployment': {
      const env = environmentOf(view, input.ApplicationId, input.EnvironmentId);
      const deployment = env.deployments.find(
        d => String(d.DeploymentNumber) === String(input.DeploymentNumber),
      );
      if (!deployment) throw notFound(`Deployment ${input.DeploymentNumber}`);
      return deployment;
    }
    case 'ListDeploymentStrategies':
      return page(
        view.strategies.map(s => ({
          Id: s.Id,
          Name: s.name,
          DeploymentDurationInMinutes: s.deploymentDurationInMinutes,
          GrowthType: s.growthType,
          GrowthFactor: s.growthFactor,
          FinalBakeTimeInMinutes: s.finalBakeTimeInMinutes,
          ReplicateTo: s.ReplicateTo,
        })),
        input,
      );
    default:
      throw new AwsServiceError(
        'UnknownOperationException',
        `aws-local does not serve AppConfig ${call.operation}`,
        400,
      );
  }
}
