import type { PipelineKind } from './kinds';

/**
 * A check the DPRA marks required, named by the path of its switch under the spec's `spec`
 * (`build.checks.sast` is `spec.build.checks.sast`), with the words the portal shows for it.
 *
 * @public
 */
export interface RequiredCheck {
  readonly check: string;
  readonly label: string;
}

/**
 * The DPRA-required checks of each pipeline kind: each can be turned off only with a waiver
 * (`spec.waivers: [{ check, reason }]`), which the generator writes onto the pipeline as a
 * {@link waiverTagKey} tag so that the portal shows it as a waived check.
 *
 * @public
 */
const CODE_QUALITY = {
  check: 'build.checks.codeQuality',
  label: 'Code quality / lint',
};
const SAST = {
  check: 'build.checks.sast',
  label: 'SAST (static application security testing)',
};
const SCA = {
  check: 'build.checks.sca',
  label: 'SCA (software composition analysis)',
};
const SBOM = { check: 'build.checks.sbom', label: 'SBOM (CycloneDX)' };
const SECRETS = {
  check: 'build.checks.secretsScan',
  label: 'Secrets detection',
};
const MANUAL_APPROVAL = { check: 'approval.enabled', label: 'Manual approval' };
/** Beta and gamma tests, which the app and configuration kinds share. */
const ENVIRONMENT_TESTS: readonly RequiredCheck[] = [
  {
    check: 'environments.beta.tests.integration',
    label: 'Beta integration tests',
  },
  {
    check: 'environments.beta.tests.acceptance',
    label: 'Beta acceptance tests',
  },
  {
    check: 'environments.gamma.tests.integration',
    label: 'Gamma integration tests',
  },
  {
    check: 'environments.gamma.tests.acceptance',
    label: 'Gamma acceptance tests',
  },
  {
    check: 'environments.gamma.tests.synthetic',
    label: 'Gamma synthetic tests',
  },
];

export const REQUIRED_CHECKS: Readonly<
  Record<PipelineKind, readonly RequiredCheck[]>
> = {
  AppPipeline: [
    CODE_QUALITY,
    SAST,
    SCA,
    SBOM,
    SECRETS,
    ...ENVIRONMENT_TESTS,
    MANUAL_APPROVAL,
  ],
  ImagePipeline: [MANUAL_APPROVAL],
  AccountFleetPipeline: [MANUAL_APPROVAL],
  // DPRA's dynamic-configuration pipeline marks SCA and SBOM recommended, not required.
  ConfigPipeline: [
    CODE_QUALITY,
    SAST,
    SECRETS,
    ...ENVIRONMENT_TESTS,
    MANUAL_APPROVAL,
  ],
};

/**
 * Longest waiver reason: a CodePipeline tag value holds at most 256 characters.
 *
 * @public
 */
export const WAIVER_REASON_MAX_LENGTH = 256;

const WAIVER_TAG_PREFIX = 'dpra:waiver:';

/**
 * The pipeline tag that carries the reason a required check is off: `dpra:waiver:<check>`.
 *
 * @public
 */
export function waiverTagKey(check: string): string {
  return `${WAIVER_TAG_PREFIX}${check}`;
}

/**
 * A required check turned off, with its reason, as read back from a pipeline's tags.
 *
 * @public
 */
export interface WaivedCheck {
  /** Path of the switch under `spec` (`build.checks.sast`). */
  readonly check: string;
  /** The check's words from {@link REQUIRED_CHECKS}, or the path for a check this version does not know. */
  readonly label: string;
  readonly reason: string;
}

/**
 * The waived checks among a pipeline's tags, in the order {@link REQUIRED_CHECKS} lists them
 * (checks this version does not know last, by path).
 *
 * @public
 */
export function parseWaiverTags(
  tags: Readonly<Record<string, string>>,
): WaivedCheck[] {
  const labels = new Map<string, { label: string; order: number }>();
  for (const checks of Object.values(REQUIRED_CHECKS)) {
    for (const { check, label } of checks) {
      if (!labels.has(check)) labels.set(check, { label, order: labels.size });
    }
  }
  return Object.entries(tags)
    .filter(([key]) => key.startsWith(WAIVER_TAG_PREFIX))
    .map(([key, reason]) => {
      const check = key.slice(WAIVER_TAG_PREFIX.length);
      const known = labels.get(check);
      return {
        check,
        label: known?.label ?? check,
        reason,
        order: known?.order ?? Number.MAX_SAFE_INTEGER,
      };
    })
    .sort((a, b) => a.order - b.order || a.check.localeCompare(b.check))
    .map(({ check, label, reason }) => ({ check, label, reason }));
}
