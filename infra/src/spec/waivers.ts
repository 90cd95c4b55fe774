import { z } from 'zod/v4';
import {
  REQUIRED_CHECKS,
  WAIVER_REASON_MAX_LENGTH,
  type PipelineKind,
} from '@dpra/pipeline-contract';
import { textOfAtMost } from './scalars';

/*
 * `spec.waivers`: a DPRA-required check (contract REQUIRED_CHECKS) may be turned off only with a
 * written reason. The reason lives in the spec, so in the service's repository, and the generator
 * stamps it on the pipeline as a tag, from which the portal shows the waived check.
 */

const MIN_REASON = 10;

/** `spec.waivers` of one kind: the check is one of that kind's required checks. */
export function waivers(kind: PipelineKind) {
  const checks = REQUIRED_CHECKS[kind].map(c => c.check) as [
    string,
    ...string[],
  ];
  return z
    .array(
      z.strictObject({
        check: z.enum(checks, {
          error: iss =>
            `${JSON.stringify(
              iss.input,
            )} is not a DPRA-required check of an ${kind}; one of ${checks.join(
              ', ',
            )}`,
        }),
        reason: textOfAtMost(WAIVER_REASON_MAX_LENGTH)
          .refine(r => r.trim().length >= MIN_REASON, {
            error: `say why the check is off, in at least ${MIN_REASON} characters`,
          })
          .describe(
            `Why the check is off (${MIN_REASON}-${WAIVER_REASON_MAX_LENGTH} characters); shown on the Pipelines tab`,
          ),
      }),
    )
    .default([])
    .describe(
      'Required checks turned off, each with its reason (a required check that is off needs one)',
    );
}

function switchAt(spec: unknown, check: string): unknown {
  let value = spec;
  for (const key of check.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Cross-checks the switches of a validated spec against its waivers: every required check that
 * is off has exactly one waiver, and every waiver names a check that is off.
 */
export function checkWaivers(
  spec: {
    kind: PipelineKind;
    spec: { waivers: ReadonlyArray<{ check: string; reason: string }> };
  },
  add: (path: string, message: string) => void,
) {
  const waived = new Map<string, number>();
  spec.spec.waivers.forEach((w, i) => {
    const path = `spec.waivers[${i}].check`;
    if (waived.has(w.check)) {
      add(
        path,
        `${w.check} is waived twice (also spec.waivers[${waived.get(
          w.check,
        )}])`,
      );
      return;
    }
    waived.set(w.check, i);
    if (switchAt(spec.spec, w.check) !== false) {
      add(
        path,
        `spec.${w.check} is on, so there is nothing to waive: remove this waiver`,
      );
    }
  });
  for (const { check } of REQUIRED_CHECKS[spec.kind]) {
    if (switchAt(spec.spec, check) === false && !waived.has(check)) {
      add(
        `spec.${check}`,
        `is a DPRA-required check: to turn it off, add a waiver for ${check} with the reason (spec.waivers)`,
      );
    }
  }
}
