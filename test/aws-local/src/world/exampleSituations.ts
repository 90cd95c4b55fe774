import type { WorldSituation } from './specWorld';

/**
 * The live situations of the example pipelines (examples/specs) that the portal and its tests
 * show: the orders service's app execution waiting at its manual approval and, on its PARALLEL
 * infrastructure pipeline, one execution waiting at its approval while a newer one builds; the
 * payments service (toolchain in eu-west-1) and the image distribution baking their first wave
 * while the alarm gating their second wave is in ALARM; and a fleet change waiting for approval
 * while the next one builds; the orders service's configuration rollout (dynamic-config.yaml)
 * waiting at its approval too, so that the service has a third decision to take, after a rollout
 * that AppConfig rolled back on an alarm in its first production wave a day ago; behind the first
 * wave that bakes, two newer runs of the image (QUEUED) wait in line to enter it, and of the two
 * newer payments runs (SUPERSEDED) the later supersedes the one that waited. Situations of
 * pipelines a world does not serve are left out by
 * {@link situationsFor}.
 *
 * @public
 */
export const EXAMPLE_SITUATIONS: readonly WorldSituation[] = [
  { pipeline: 'orders-service', situation: 'awaiting-approval' },
  { pipeline: 'orders-infra', situation: 'awaiting-approval' },
  { pipeline: 'orders-config', situation: 'rolled-back-by-alarm', wave: 1 },
  { pipeline: 'orders-config', situation: 'awaiting-approval' },
  { pipeline: 'orders-infra', situation: 'building' },
  { pipeline: 'payments-service', situation: 'baking', wave: 1 },
  { pipeline: 'payments-service', situation: 'queued', wave: 1, count: 2 },
  { pipeline: 'payments-service', situation: 'blocked', wave: 2 },
  { pipeline: 'base-ami', situation: 'baking', wave: 1 },
  { pipeline: 'base-ami', situation: 'queued', wave: 1, count: 2 },
  { pipeline: 'base-ami', situation: 'blocked', wave: 2 },
  { pipeline: 'org-fleet', situation: 'awaiting-approval' },
  { pipeline: 'org-fleet', situation: 'building' },
];

/** The situations of `situations` whose pipeline is among `pipelineNames`. @public */
export function situationsFor(
  pipelineNames: readonly string[],
  situations: readonly WorldSituation[] = EXAMPLE_SITUATIONS,
): WorldSituation[] {
  return situations.filter(s => pipelineNames.includes(s.pipeline));
}
