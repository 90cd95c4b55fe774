/*
 * What the stacks tell a CodeBuild action through its environment variables and the portal reads
 * back from the action's configuration in GetPipeline: the accounts and the SSM parameter of an
 * image distribution, the organisational unit of a fleet baseline, the findings stamp.
 */

/**
 * The key of a CodeBuild action's configuration that holds its environment variables, a JSON
 * array of `{ name, value, type }` (CodePipeline's CodeBuild action reference).
 *
 * @public
 */
export const CODEBUILD_ENVIRONMENT_VARIABLES = 'EnvironmentVariables';

/**
 * The `EnvironmentVariables` value of plain-text variables, in the order given.
 *
 * @public
 */
export function codeBuildEnvironmentVariables(
  variables: Readonly<Record<string, string>>,
): string {
  return JSON.stringify(
    Object.entries(variables).map(([name, value]) => ({
      name,
      value,
      type: 'PLAINTEXT',
    })),
  );
}

/**
 * The plain-text environment variables of a CodeBuild action's configuration; empty when it has
 * none or they do not parse (a hand-made pipeline may hold anything there). Parameter Store and
 * Secrets Manager variables are references, not values, and are left out.
 *
 * @public
 */
export function readCodeBuildEnvironmentVariables(
  configuration: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const text = configuration?.[CODEBUILD_ENVIRONMENT_VARIABLES];
  if (!text) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (!Array.isArray(parsed)) {
    return {};
  }
  const variables: Record<string, string> = {};
  for (const entry of parsed) {
    if (
      entry &&
      typeof entry.name === 'string' &&
      typeof entry.value === 'string' &&
      (entry.type === undefined || entry.type === 'PLAINTEXT')
    ) {
      variables[entry.name] = entry.value;
    }
  }
  return variables;
}

/**
 * Environment variables of the actions that deploy a wave's targets, which the portal reads.
 *
 * @public
 */
export const WAVE_TARGET_VARIABLE = {
  /** `Distribute-<region>`: the accounts the image is shared with ({@link formatAccountList}). */
  targetAccounts: 'TARGET_ACCOUNTS',
  /** `Distribute-<region>`: the SSM parameter that receives the AMI id in those accounts. */
  ssmParameter: 'SSM_PARAMETER',
  /** `Apply-<ou>`: the organisational unit's name. */
  ouName: 'OU_NAME',
  /** `Apply-<ou>`: the organisational unit's id. */
  ouId: 'OU_ID',
  /**
   * `Apply-<ou>`: the names of the accounts the fleet places directly in the unit
   * ({@link formatNameList}); the portal shows them as the unit's accounts.
   */
  ouAccountNames: 'OU_ACCOUNT_NAMES',
  /**
   * `Apply-<ou>`: the service control policies the fleet attaches directly to the unit
   * ({@link formatNameList}).
   */
  ouServiceControlPolicies: 'OU_SERVICE_CONTROL_POLICIES',
} as const;

/**
 * A list of names as one environment variable value: a JSON array of strings. Account names may
 * hold spaces, and CodePipeline documents a variable value as at least one character, so an empty list is
 * `[]`, never `""`.
 *
 * @public
 */
export function formatNameList(names: readonly string[]): string {
  return JSON.stringify(names);
}

/**
 * Reads a value written by {@link formatNameList}; `undefined` when it is not such a list (a
 * hand-made pipeline may hold anything there).
 *
 * @public
 */
export function parseNameList(value: string | undefined): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  return Array.isArray(parsed) && parsed.every(n => typeof n === 'string')
    ? parsed
    : undefined;
}

/**
 * A list of account ids as one environment variable value (shell words).
 *
 * @public
 */
export function formatAccountList(accounts: readonly string[]): string {
  return accounts.join(' ');
}

/**
 * Reads a value written by {@link formatAccountList}.
 *
 * @public
 */
export function parseAccountList(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter(Boolean);
}
