import { ACTION } from '@dpra/pipeline-contract';
import type { AppPipelineSpec } from '../../spec/schema';
import {
  type BuildCheck,
  type FindingsReporting,
  codeQualityCheck,
  iacScanCheck,
  sastCheck,
  sbomCheck,
  scaCheck,
  secretsScanCheck,
  unitTestsCheck,
} from '../stages/buildChecks';
import { buildStage } from '../stages/buildStage';
import { BUILD_ARTIFACT, type Toolchain } from '../toolchain/Toolchain';
import type { PipelineStageModel } from '../toolchain/pipelineModel';

/** What the Build stage reads of a spec (an application's, or a configuration pipeline's). */
type BuildSpec = {
  readonly spec: Pick<AppPipelineSpec['spec'], 'build' | 'toolchain'>;
};

/**
 * The checks of an application's Build stage, in order: unit tests, then every check
 * `build.checks` switches on. Every check writes its findings under `reports/`; Trivy's go to
 * Security Hub when `build.checks.securityHub`.
 *
 * @public
 */
export function appBuildChecks(
  spec: BuildSpec,
  unitTestReportGroupArn: string,
): BuildCheck[] {
  const b = spec.spec.build;
  const reporting: FindingsReporting = {
    account: spec.spec.toolchain.account,
    securityHub: b.checks.securityHub,
  };
  const optional: Array<[boolean, () => BuildCheck]> = [
    [
      b.checks.codeQuality,
      () => codeQualityCheck(b.codeQualityCommands, reporting),
    ],
    [b.checks.sast, () => sastCheck(b.sastCommands, reporting)],
    [b.checks.sca, () => scaCheck(reporting)],
    [b.checks.sbom, () => sbomCheck(reporting)],
    [
      b.checks.secretsScan,
      () =>
        secretsScanCheck({
          description: 'Secrets detection (gitleaks); fails on any secret',
          reporting,
        }),
    ],
    [
      b.checks.iacScan,
      () =>
        iacScanCheck({
          description: 'Infrastructure-as-code scan (Trivy config)',
          reporting,
        }),
    ],
  ];
  return [
    unitTestsCheck({
      commands: b.unitTestCommands,
      reportPath: b.testReportPath,
      reportGroupArn: unitTestReportGroupArn,
    }),
    ...optional.filter(([enabled]) => enabled).map(([, check]) => check()),
  ];
}

/**
 * An application's `Build` stage: build once (the artifact is promoted unchanged through every
 * environment), with the checks of {@link appBuildChecks} beside it.
 *
 * @public
 */
export function appBuildStage(
  toolchain: Toolchain,
  spec: BuildSpec,
  unitTestReportGroupArn: string,
): PipelineStageModel {
  const b = spec.spec.build;
  const build = toolchain.project('build', {
    suffix: 'build',
    description: 'Build once; the artifact is promoted unchanged',
    timeout: b.timeout,
    buildspec: {
      phases: { build: { commands: b.commands } },
      artifacts: { files: ['**/*'] },
    },
  });
  return buildStage(toolchain, {
    build: toolchain.buildAction(ACTION.build, build, {
      outputs: [BUILD_ARTIFACT],
    }),
    checks: appBuildChecks(spec, unitTestReportGroupArn),
    timeout: b.timeout,
  });
}
