import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import type { ConfigDeploymentView } from '@dpra/plugin-pipelines-common';
import { readCodeBuildEnvironmentVariables } from '@dpra/pipeline-contract';
import type {
  AppConfigDeploymentReader,
  AppConfigEnvironmentRef,
} from '../aws/AppConfigDeploymentReader';
import type { AwsTarget, AwsTargetPolicy } from '../aws/AwsTarget';
import { readProblem } from './readProblem';

/** One AppConfig environment of a configuration pipeline: where it is, and what goes there. */
export interface ConfigEnvironmentTarget extends AppConfigEnvironmentRef {
  target: AwsTarget;
}

/**
 * The AppConfig environments a pipeline deploys to, read from its deploy actions' CodeBuild
 * environment variables (application, environment, profile, strategy, the target region, and the
 * deploy role, whose account is the environment's). Empty for a pipeline that deploys no
 * configuration.
 */
export function configEnvironmentTargets(
  definition: PipelineDeclaration | undefined,
): ConfigEnvironmentTarget[] {
  const byKey = new Map<string, ConfigEnvironmentTarget>();
  for (const stage of definition?.stages ?? []) {
    for (const action of stage.actions ?? []) {
      const env = readCodeBuildEnvironmentVariables(action.configuration);
      const accountId = env.DEPLOY_ROLE_ARN?.split(':')[4];
      const region = env.TARGET_REGION ?? action.region;
      if (
        !env.APPCONFIG_APPLICATION ||
        !env.APPCONFIG_ENVIRONMENT ||
        !env.APPCONFIG_PROFILE ||
        !accountId ||
        !region
      ) {
        continue;
      }
      const key = [
        accountId,
        region,
        env.APPCONFIG_APPLICATION,
        env.APPCONFIG_ENVIRONMENT,
      ].join('/');
      const entry = byKey.get(key) ?? {
        target: { accountId, region },
        application: env.APPCONFIG_APPLICATION,
        environment: env.APPCONFIG_ENVIRONMENT,
        profiles: {},
      };
      entry.profiles[env.APPCONFIG_PROFILE] = env.APPCONFIG_STRATEGY;
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

/**
 * The configuration deployments of a pipeline, per environment and region, under the same
 * allow-list as every other read: an environment whose account or region config does not allow
 * is reported, not called. Undefined when nothing could be read (the stored views are kept),
 * and for pipelines that deploy no configuration.
 */
export async function readConfigDeployments(
  ctx: {
    appConfig?: AppConfigDeploymentReader;
    policy: AwsTargetPolicy;
    state: { name: string };
  },
  definition: PipelineDeclaration | undefined,
  report: (problem: string) => void,
): Promise<ConfigDeploymentView[] | undefined> {
  const environments = configEnvironmentTargets(definition);
  if (!ctx.appConfig || environments.length === 0) return undefined;
  const views: ConfigDeploymentView[] = [];
  let failed = false;
  for (const e of environments) {
    const where = `AppConfig deployments of ${ctx.state.name} to ${e.environment} in ${e.target.accountId}/${e.target.region}`;
    const refusal = ctx.policy.refusalReason(e.target);
    if (refusal) {
      report(`${where} not read: ${refusal}`);
      continue;
    }
    try {
      views.push(...(await ctx.appConfig.readEnvironment(e.target, e)));
    } catch (error) {
      failed = true;
      report(readProblem(where, error));
    }
  }
  // One failed environment keeps every stored view: a partial list would hide what it held.
  return failed ? undefined : views;
}
