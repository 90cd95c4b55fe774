import type { AppPipelineSpec } from './schema';

/*
 * The cross-field rules more than one spec kind shares, and the path format every rule reports in.
 * validate.ts and each kind's own checks (configPipelineChecks.ts) import them from here, so no
 * check module imports validate.ts back.
 */

/** Renders a zod path as `spec.production.waves[1].regions[0]`. @public */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Collects one issue. */
export type IssueSink = (path: string, message: string) => void;

/** The source block's rules (every kind). */
export function checkSource(
  spec: { source: AppPipelineSpec['spec']['source'] },
  add: IssueSink,
) {
  const s = spec.source;
  if (s.provider === 'S3') {
    if (!s.bucket) add('spec.source.bucket', 'is required when provider is S3');
    if (!s.objectKey)
      add('spec.source.objectKey', 'is required when provider is S3');
    if (s.repository)
      add('spec.source.repository', 'is not used when provider is S3');
  } else {
    if (!s.repository)
      add(
        'spec.source.repository',
        `is required when provider is ${s.provider}`,
      );
    else if (s.provider === 'CodeConnections' && !s.repository.includes('/')) {
      add(
        'spec.source.repository',
        `${JSON.stringify(
          s.repository,
        )} must be owner/name for CodeConnections`,
      );
    } else if (s.provider === 'CodeCommit' && s.repository.includes('/')) {
      add(
        'spec.source.repository',
        `${JSON.stringify(
          s.repository,
        )} must be a plain repository name for CodeCommit`,
      );
    }
    if (s.bucket) add('spec.source.bucket', `is only used when provider is S3`);
  }
  if (s.connectionArn && s.provider !== 'CodeConnections') {
    add(
      'spec.source.connectionArn',
      'is only used when provider is CodeConnections',
    );
  }
}

/** Regions listed once per group and, with acrossGroups, once over all groups. */
export function checkDistinctRegions(
  groups: ReadonlyArray<{ regions: readonly string[] }>,
  pathOf: (group: number) => string,
  add: IssueSink,
  acrossGroups: boolean,
) {
  const seen = new Map<string, number>();
  groups.forEach((group, g) => {
    const inGroup = new Set<string>();
    group.regions.forEach((r, i) => {
      if (inGroup.has(r))
        add(`${pathOf(g)}.regions[${i}]`, `"${r}" is listed twice`);
      else if (acrossGroups && seen.has(r)) {
        add(
          `${pathOf(g)}.regions[${i}]`,
          `deploys to ${r}, which wave ${seen.get(r)! + 1} already deploys to`,
        );
      }
      inGroup.add(r);
      if (!seen.has(r)) seen.set(r, g);
    });
  });
}

/**
 * The rules of a spec with beta, gamma and production waves (AppPipeline, ConfigPipeline): each
 * environment in an account of its own, and every region once in gamma and once over the waves.
 */
export function checkStagedEnvironments(
  s: {
    toolchain: { account: string };
    environments: {
      beta: { account: string };
      gamma: { account: string; regions: readonly string[] };
    };
    production: {
      account: string;
      waves: ReadonlyArray<{ regions: readonly string[] }>;
    };
  },
  add: IssueSink,
) {
  const toolchainAccount = s.toolchain.account;
  const envs: Array<[string, string]> = [
    ['spec.environments.beta.account', s.environments.beta.account],
    ['spec.environments.gamma.account', s.environments.gamma.account],
    ['spec.production.account', s.production.account],
  ];
  for (const [path, account] of envs) {
    if (account === toolchainAccount) {
      add(
        path,
        `must differ from the toolchain account ${toolchainAccount} (DPRA: each environment in its own account)`,
      );
    }
  }
  checkDistinctRegions(
    [{ regions: s.environments.gamma.regions }],
    () => 'spec.environments.gamma',
    add,
    false,
  );
  checkDistinctRegions(
    s.production.waves,
    g => `spec.production.waves[${g}]`,
    add,
    true,
  );
}
