import { TerraformStack, blocks } from './terraformJson';

/*
 * `aws_appconfig_application`, `aws_appconfig_environment`, `aws_appconfig_configuration_profile`
 * and `aws_appconfig_deployment_strategy` -> what AppConfig's List/Get APIs describe once the
 * environment stacks are applied. The world keeps one view per region (as it does for alarms), so
 * the applications of one name in a region are one application holding every stage's
 * environment; each environment keeps the account its stack applies to, which numbers the
 * hosted configuration versions as that account's profile does.
 */

/** An AppConfig environment as the stacks declare it, with the alarms it watches. @public */
export interface SynthesizedAppConfigEnvironment {
  name: string;
  /** The account of the environment's stack (DPRA: one account per stage). */
  accountId: string;
  monitors: Array<{ AlarmArn: string; AlarmRoleArn?: string }>;
}

/** An AppConfig deployment strategy as declared (one per stage, account and region). @public */
export interface SynthesizedAppConfigStrategy {
  name: string;
  growthType: 'LINEAR' | 'EXPONENTIAL';
  growthFactor: number;
  deploymentDurationInMinutes: number;
  finalBakeTimeInMinutes: number;
}

/** One AppConfig application of a region, with what the stacks declare under it. @public */
export interface SynthesizedAppConfigApplication {
  region: string;
  name: string;
  description?: string;
  environments: SynthesizedAppConfigEnvironment[];
  profiles: Array<{ name: string; type: string }>;
  strategies: SynthesizedAppConfigStrategy[];
}

type Tf = Record<string, any>;

/** The AppConfig resources of a stack, per application and region. */
export function appConfigFromStack(
  stack: TerraformStack,
): SynthesizedAppConfigApplication[] {
  const applications = stack.resources('aws_appconfig_application');
  const byReference = (reference: unknown) =>
    applications.find(
      a => reference === `\${aws_appconfig_application.${a.id}.id}`,
    );
  return applications.map(({ id, body }) => {
    const { region } = stack.placement(body);
    const strategies = stack
      .resources('aws_appconfig_deployment_strategy')
      .filter(s => stack.placement(s.body).region === region)
      .map(({ body: s }) => ({
        name: stack.resolve(String(s.name), s),
        growthType: (s.growth_type ?? 'LINEAR') as 'LINEAR' | 'EXPONENTIAL',
        growthFactor: Number(s.growth_factor),
        deploymentDurationInMinutes: Number(s.deployment_duration_in_minutes),
        finalBakeTimeInMinutes: Number(s.final_bake_time_in_minutes ?? 0),
      }));
    const under = (type: string) =>
      stack
        .resources(type)
        .filter(r => byReference(r.body.application_id)?.id === id);
    return {
      region,
      name: stack.resolve(String(body.name), body),
      ...(typeof body.description === 'string'
        ? { description: stack.resolve(body.description, body) }
        : {}),
      environments: under('aws_appconfig_environment').map(({ body: e }) => ({
        name: stack.resolve(String(e.name), e),
        accountId: stack.placement(e).accountId,
        monitors: blocks<Tf>(e.monitor).map(m => ({
          AlarmArn: stack.resolve(String(m.alarm_arn), e),
          ...(m.alarm_role_arn
            ? { AlarmRoleArn: stack.resolve(String(m.alarm_role_arn), e) }
            : {}),
        })),
      })),
      profiles: under('aws_appconfig_configuration_profile').map(
        ({ body: p }) => ({
          name: stack.resolve(String(p.name), p),
          type: String(p.type ?? 'AWS.Freeform'),
        }),
      ),
      strategies,
    };
  });
}

/** Merges the applications of one name in one region (one view per region). */
export function mergeAppConfigApplications(
  applications: SynthesizedAppConfigApplication[],
): SynthesizedAppConfigApplication[] {
  const merged = new Map<string, SynthesizedAppConfigApplication>();
  for (const a of applications) {
    const key = `${a.region}\u0000${a.name}`;
    const into = merged.get(key);
    if (!into) {
      merged.set(key, {
        ...a,
        environments: [...a.environments],
        profiles: [...a.profiles],
        strategies: [...a.strategies],
      });
      continue;
    }
    const add = <T extends { name: string }>(list: T[], items: T[]) =>
      list.push(...items.filter(i => !list.some(x => x.name === i.name)));
    add(into.environments, a.environments);
    add(into.profiles, a.profiles);
    add(into.strategies, a.strategies);
  }
  return [...merged.values()];
}
