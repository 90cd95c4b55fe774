import {
  REQUIRED_CHECKS,
  parseWaiverTags,
  waiverTagKey,
} from '@dpra/pipeline-contract';
import { minimalAppSpec, minimalFleetSpec } from '../testing/specs';
import { validateSpec } from './validate';

const REASON = 'SAST runs in the monorepo nightly job (SEC-142)';

function issues(spec: unknown) {
  const result = validateSpec(spec);
  return result.ok ? [] : result.issues;
}

describe('spec.waivers', () => {
  it('GIVEN a required check turned off without a waiver THEN the switch is named with the way to waive it', () => {
    const spec: any = minimalAppSpec();
    spec.spec.build = { checks: { sast: false, sbom: false } };
    expect(issues(spec)).toEqual([
      {
        path: 'spec.build.checks.sast',
        message:
          'is a DPRA-required check: to turn it off, add a waiver for build.checks.sast with the reason (spec.waivers)',
      },
      {
        path: 'spec.build.checks.sbom',
        message: expect.stringContaining('add a waiver for build.checks.sbom'),
      },
    ]);
  });

  it('GIVEN the check off with a reason THEN the spec is valid and keeps the reason', () => {
    const spec: any = minimalAppSpec();
    spec.spec.build = { checks: { sast: false } };
    spec.spec.waivers = [{ check: 'build.checks.sast', reason: REASON }];
    const result = validateSpec(spec);
    expect(result.ok && result.spec.spec.waivers).toEqual([
      { check: 'build.checks.sast', reason: REASON },
    ]);
  });

  it('GIVEN waivers that are unknown, empty, doubled or for a check that is on THEN every one is named', () => {
    const spec: any = minimalAppSpec();
    spec.spec.waivers = [
      { check: 'build.checks.iacScan', reason: 'not required anyway' },
    ];
    expect(issues(spec)).toEqual([
      {
        path: 'spec.waivers[0].check',
        message: expect.stringContaining(
          '"build.checks.iacScan" is not a DPRA-required check of an AppPipeline',
        ),
      },
    ]);
    spec.spec.build = { checks: { sast: false } };
    spec.spec.waivers = [
      { check: 'build.checks.sast', reason: 'too short' },
      { check: 'build.checks.sca', reason: REASON },
      { check: 'build.checks.sca', reason: REASON },
    ];
    expect(issues(spec)).toEqual([
      {
        path: 'spec.waivers[0].reason',
        message: 'say why the check is off, in at least 10 characters',
      },
    ]);
    spec.spec.waivers[0].reason = REASON;
    expect(issues(spec)).toEqual([
      {
        path: 'spec.waivers[1].check',
        message:
          'spec.build.checks.sca is on, so there is nothing to waive: remove this waiver',
      },
      {
        path: 'spec.waivers[2].check',
        message: 'build.checks.sca is waived twice (also spec.waivers[1])',
      },
    ]);
  });

  it('GIVEN a fleet without its manual approval THEN it needs a waiver too', () => {
    const spec: any = minimalFleetSpec();
    spec.spec.approval = { enabled: false };
    expect(issues(spec).map(i => i.path)).toEqual(['spec.approval.enabled']);
    spec.spec.waivers = [
      {
        check: 'approval.enabled',
        reason: 'continuous deployment of the sandbox baseline',
      },
    ];
    expect(issues(spec)).toEqual([]);
  });

  it('GIVEN the required checks THEN each names a boolean switch that is on by default', () => {
    const specs: Record<string, any> = {
      AppPipeline: validateSpec(minimalAppSpec()),
      AccountFleetPipeline: validateSpec(minimalFleetSpec()),
    };
    for (const [kind, result] of Object.entries(specs)) {
      for (const { check } of REQUIRED_CHECKS[kind as 'AppPipeline']) {
        let value: any = result.spec.spec;
        for (const key of check.split('.')) value = value[key];
        expect({ check, value }).toEqual({ check, value: true });
      }
    }
  });

  it('GIVEN waiver tags THEN they read back in the order of the required checks, with words', () => {
    expect(
      parseWaiverTags({
        'dpra:pipeline': 'orders',
        [waiverTagKey('approval.enabled')]: 'continuous deployment',
        [waiverTagKey('build.checks.sast')]: REASON,
        [waiverTagKey('future.check')]: 'from a newer generator',
      }),
    ).toEqual([
      {
        check: 'build.checks.sast',
        label: 'SAST (static application security testing)',
        reason: REASON,
      },
      {
        check: 'approval.enabled',
        label: 'Manual approval',
        reason: 'continuous deployment',
      },
      {
        check: 'future.check',
        label: 'future.check',
        reason: 'from a newer generator',
      },
    ]);
  });
});
