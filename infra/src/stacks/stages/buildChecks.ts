import { ACTION } from '@dpra/pipeline-contract';
import { type Buildspec, junitReport } from '../buildspec';
import { ASFF_IMPORT, INSTALL_GITLEAKS, INSTALL_TRIVY } from '../buildCommands';

/*
 * Every check a Build stage can run, each defined once: the project's suffix, description and
 * buildspec, and the action that runs it. The kinds pick the checks their spec switches on
 * (e.g. appBuildChecks in app/appBuildStage.ts) and buildStage() turns them into projects and
 * actions. To add a check: define it here, give its action a name in naming.ts, add its switch
 * to the spec schema and pick it in the kind.
 */

/** One check of a Build stage: a CodeBuild project and the `Test` action that runs it. @public */
export interface BuildCheck {
  /** Action name (from `ACTION` in naming.ts). */
  readonly action: string;
  /** Project name suffix (`<pipeline>-<suffix>`), also its construct id. */
  readonly suffix: string;
  readonly description: string;
  readonly buildspec: Buildspec;
  /** cdktf tokens the buildspec's placeholders stand for. @default {} */
  readonly tokens?: Record<string, string>;
  /**
   * The buildspec imports findings ({@link ASFF_IMPORT}): the action must carry the findings
   * stamp variables (pipeline, action, execution id). @default false
   */
  readonly importsFindings?: boolean;
}

/**
 * How a Build stage reports findings. Without it a scan only gates the build by its exit code;
 * with it the scanners write JSON reports under `reports/`, and Trivy's findings are imported
 * into Security Hub as ASFF, where the portal reads them.
 *
 * @public
 */
export interface FindingsReporting {
  /** Account whose Security Hub receives the findings (`AWS_ACCOUNT_ID` of the import). */
  readonly account: string;
  /** Import Trivy's findings (SCA, IaC scan) into Security Hub. */
  readonly securityHub: boolean;
}

/** Trivy's HIGH and CRITICAL findings fail the build. */
const TRIVY_GATE = '--severity HIGH,CRITICAL --exit-code 1';
const GITLEAKS = 'gitleaks detect --source . --no-git --redact --exit-code 1';

function checkBuildspec(p: {
  reporting?: FindingsReporting;
  install?: string[];
  commands: string[];
  post?: string[];
}): Buildspec {
  const install = p.install ?? [];
  const post = p.post ?? [];
  return {
    ...(p.reporting
      ? { env: { variables: { AWS_ACCOUNT_ID: p.reporting.account } } }
      : {}),
    phases: {
      ...(install.length ? { install: { commands: install } } : {}),
      build: { commands: p.commands },
      ...(post.length ? { post_build: { commands: post } } : {}),
    },
  };
}

function importsTrivyFindings(reporting?: FindingsReporting): boolean {
  return Boolean(reporting?.securityHub);
}

/** Imports Trivy's findings when the stage reports to Security Hub. */
function trivyFindingsImport(reporting?: FindingsReporting): string[] {
  return importsTrivyFindings(reporting) ? ASFF_IMPORT : [];
}

/** Props of {@link iacScanCheck}. @public */
export interface IacScanCheckProps {
  /** What the scan checks, in the kind's words (its project description). */
  readonly description: string;
  /** @default the scan gates the build by its exit code only */
  readonly reporting?: FindingsReporting;
}

/** Infrastructure-as-code scan (Trivy config): `IaCScan`, project `<pipeline>-iac-scan`. @public */
export function iacScanCheck(props: IacScanCheckProps): BuildCheck {
  const { reporting } = props;
  return {
    action: ACTION.iacScan,
    suffix: 'iac-scan',
    description: props.description,
    buildspec: checkBuildspec({
      reporting,
      install: INSTALL_TRIVY,
      commands: reporting
        ? [
            'mkdir -p reports',
            `trivy config ${TRIVY_GATE} --format json --output reports/findings.json .`,
          ]
        : [`trivy config ${TRIVY_GATE} .`],
      post: trivyFindingsImport(reporting),
    }),
    importsFindings: importsTrivyFindings(reporting),
  };
}

/** Props of {@link secretsScanCheck}. @public */
export interface SecretsScanCheckProps {
  /** @default 'Secrets detection (gitleaks)' */
  readonly description?: string;
  /** @default the scan gates the build by its exit code only */
  readonly reporting?: FindingsReporting;
}

/** Secrets detection (gitleaks): `SecretsScan`, project `<pipeline>-secrets-scan`. @public */
export function secretsScanCheck(
  props: SecretsScanCheckProps = {},
): BuildCheck {
  const { reporting } = props;
  return {
    action: ACTION.secretsScan,
    suffix: 'secrets-scan',
    description: props.description ?? 'Secrets detection (gitleaks)',
    buildspec: checkBuildspec({
      reporting,
      install: INSTALL_GITLEAKS,
      commands: reporting
        ? [
            'mkdir -p reports',
            `${GITLEAKS} --report-format json --report-path reports/gitleaks.json`,
          ]
        : [GITLEAKS],
    }),
  };
}

/** Software composition analysis (Trivy: vulnerabilities and licences): `SCA`. @public */
export function scaCheck(reporting: FindingsReporting): BuildCheck {
  return {
    action: ACTION.sca,
    suffix: 'sca',
    description:
      'Software composition analysis (Trivy): vulnerabilities and licences',
    buildspec: checkBuildspec({
      reporting,
      install: INSTALL_TRIVY,
      commands: [
        'mkdir -p reports',
        `trivy fs --scanners vuln,license ${TRIVY_GATE} --format json --output reports/findings.json .`,
      ],
      post: trivyFindingsImport(reporting),
    }),
    importsFindings: importsTrivyFindings(reporting),
  };
}

/** Software bill of materials (CycloneDX, by Trivy): `SBOM`. @public */
export function sbomCheck(reporting: FindingsReporting): BuildCheck {
  return {
    action: ACTION.sbom,
    suffix: 'sbom',
    description: 'Software bill of materials (CycloneDX)',
    buildspec: checkBuildspec({
      reporting,
      install: INSTALL_TRIVY,
      commands: [
        'mkdir -p reports',
        'trivy fs --format cyclonedx --output reports/sbom.cdx.json .',
      ],
    }),
  };
}

/** Code quality with the spec's commands (linters of application and infrastructure code): `CodeQuality`. @public */
export function codeQualityCheck(
  commands: string[],
  reporting: FindingsReporting,
): BuildCheck {
  return {
    action: ACTION.codeQuality,
    suffix: 'code-quality',
    description: 'Code quality of application and infrastructure code',
    buildspec: checkBuildspec({ reporting, commands }),
  };
}

/** Static application security testing with the spec's commands: `SAST`. @public */
export function sastCheck(
  commands: string[],
  reporting: FindingsReporting,
): BuildCheck {
  return {
    action: ACTION.sast,
    suffix: 'sast',
    description: 'Static application security testing',
    buildspec: checkBuildspec({ reporting, commands }),
  };
}

/** Props of {@link unitTestsCheck}. @public */
export interface UnitTestsCheckProps {
  readonly commands: string[];
  /** JUnit XML file the commands write. */
  readonly reportPath: string;
  /** Report group (ARN token) that receives the results. */
  readonly reportGroupArn: string;
}

/** Unit tests whose JUnit results go to a CodeBuild report group: `UnitTests`. @public */
export function unitTestsCheck(props: UnitTestsCheckProps): BuildCheck {
  return {
    action: ACTION.unitTests,
    suffix: 'unit-tests',
    description: 'Unit tests with a CodeBuild test report',
    buildspec: {
      phases: { build: { commands: props.commands } },
      reports: junitReport(props.reportPath),
    },
    tokens: { REPORT_GROUP: props.reportGroupArn },
  };
}
