import type { ConfigDeploymentView } from '@dpra/plugin-pipelines-common';

/** One AppConfig environment in one region, with the latest deployment of each profile. */
export interface ConfigTargetRow {
  key: string;
  environment: string;
  region: string;
  accountId: string;
  deployments: ConfigDeploymentView[];
}

/** Stages in delivery order; an environment the pipeline names otherwise comes after them. */
const STAGE_ORDER = ['beta', 'gamma', 'prod'];

const stageRank = (environment: string) => {
  const i = STAGE_ORDER.indexOf(environment);
  return i < 0 ? STAGE_ORDER.length : i;
};

/**
 * The rows of the configuration board: one per environment and region, in delivery order
 * (beta, gamma, production) and, within an environment, in the order the backend lists regions
 * (the pipeline's deploy order).
 */
export function configTargetRows(
  deployments: readonly ConfigDeploymentView[],
): ConfigTargetRow[] {
  const rows = new Map<string, ConfigTargetRow>();
  for (const d of deployments) {
    const key = `${d.environment}/${d.accountId}/${d.region}`;
    const row = rows.get(key) ?? {
      key,
      environment: d.environment,
      region: d.region,
      accountId: d.accountId,
      deployments: [],
    };
    row.deployments.push(d);
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((row, order) => ({ row, order }))
    .sort(
      (a, b) =>
        stageRank(a.row.environment) - stageRank(b.row.environment) ||
        a.order - b.order,
    )
    .map(({ row }) => row);
}

/** The strategy in words: `linear, 20% steps over 30 min, 60 min bake`. */
export function strategyText(d: ConfigDeploymentView): string {
  if (d.deploymentDurationMinutes <= 0 || d.growthFactor >= 100) {
    return `all at once, ${d.finalBakeMinutes} min bake`;
  }
  const growth =
    d.growthType === 'EXPONENTIAL'
      ? `exponential from ${d.growthFactor}%`
      : `linear, ${d.growthFactor}% steps`;
  return `${growth} over ${d.deploymentDurationMinutes} min, ${d.finalBakeMinutes} min bake`;
}

/**
 * Which configuration of each profile is live where, for the overview, grouped by the revision it
 * came from (version numbers are per account and region, a revision names the same files
 * everywhere): `d2a7413 in beta us-east-1 (v112), gamma us-west-2 (v68) · 0ffc8ba in prod
 * us-east-1 (v111)`. A target whose live version is unknown (nothing completed yet) is left out;
 * one whose deployment names no revision (deployed by other means) is grouped as such.
 */
export function liveVersionLines(
  deployments: readonly ConfigDeploymentView[],
): Array<{ profile: string; text: string }> {
  const byProfile = new Map<string, Map<string, string[]>>();
  for (const row of configTargetRows(deployments)) {
    for (const d of row.deployments) {
      if (!d.liveVersion) continue;
      const revision = d.liveRevision
        ? d.liveRevision.slice(0, 7)
        : 'no revision named';
      const groups = byProfile.get(d.profile) ?? new Map<string, string[]>();
      const where = groups.get(revision) ?? [];
      where.push(`${d.environment} ${d.region} (v${d.liveVersion})`);
      groups.set(revision, where);
      byProfile.set(d.profile, groups);
    }
  }
  return [...byProfile.entries()].map(([profile, groups]) => ({
    profile,
    text: [...groups.entries()]
      .map(([revision, where]) => `${revision} in ${where.join(', ')}`)
      .join(' · '),
  }));
}
