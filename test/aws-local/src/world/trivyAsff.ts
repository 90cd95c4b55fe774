/**
 * ASFF documents shaped as Trivy's own ASFF template (`contrib/asff.tpl`, which the generated
 * build uses through `trivy convert --format template`) writes them for vulnerabilities: the
 * current template's `{"Findings": [...]}`, or the bare array older releases wrote.
 */

/** One vulnerability of a Trivy report. */
export interface TrivyVulnerability {
  id: string;
  pkgName: string;
  installedVersion: string;
  fixedVersion?: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN';
  title: string;
  description: string;
  primaryUrl?: string;
}

/** What the template reads from the environment, and the time `now` stands for. */
export interface TrivyTemplateEnvironment {
  /** `AWS_ACCOUNT_ID`. */
  accountId: string;
  /** `AWS_REGION`. */
  region: string;
  /** The template's `now`, formatted as it formats it. */
  now: string;
}

/** The finding the template writes for one vulnerability of `target`. */
export function trivyAsffFinding(
  target: string,
  v: TrivyVulnerability,
  env: TrivyTemplateEnvironment,
): Record<string, any> {
  return {
    SchemaVersion: '2018-10-08',
    Id: `${target}/${v.id}`,
    ProductArn: `arn:aws:securityhub:${env.region}::product/aquasecurity/aquasecurity`,
    GeneratorId: `Trivy/${v.id}`,
    AwsAccountId: env.accountId,
    Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
    CreatedAt: env.now,
    UpdatedAt: env.now,
    Severity: {
      Label: v.severity === 'UNKNOWN' ? 'INFORMATIONAL' : v.severity,
    },
    Title: `Trivy found a vulnerability to ${v.id} in container ${target}, related to ${v.pkgName}`,
    Description: v.description,
    ...(v.primaryUrl
      ? {
          Remediation: {
            Recommendation: {
              Text: 'More information on this vulnerability is provided in the hyperlink',
              Url: v.primaryUrl,
            },
          },
        }
      : {}),
    ProductFields: { 'Product Name': 'Trivy' },
    Resources: [
      {
        Type: 'Container',
        Id: target,
        Partition: 'aws',
        Region: env.region,
        Details: {
          Container: { ImageName: target },
          Other: {
            'CVE ID': v.id,
            'CVE Title': v.title,
            PkgName: v.pkgName,
            'Installed Package': v.installedVersion,
            'Patched Package': v.fixedVersion ?? '',
            NvdCvssScoreV3: '',
            NvdCvssVectorV3: '',
            NvdCvssScoreV2: '',
            NvdCvssVectorV2: '',
          },
        },
      },
    ],
    RecordState: 'ACTIVE',
  };
}

/** The template's document for the vulnerabilities of one target. */
export function trivyAsffDocument(
  target: string,
  vulnerabilities: readonly TrivyVulnerability[],
  env: TrivyTemplateEnvironment,
  shape: 'current' | 'bare array' = 'current',
): unknown {
  const findings = vulnerabilities.map(v => trivyAsffFinding(target, v, env));
  return shape === 'current' ? { Findings: findings } : findings;
}

/** A high-severity vulnerability of an npm dependency, as Trivy reports it for `package-lock.json`. */
export const CROSS_SPAWN_REDOS: TrivyVulnerability = {
  id: 'CVE-2024-21538',
  pkgName: 'cross-spawn',
  installedVersion: '7.0.3',
  fixedVersion: '7.0.5, 6.0.6',
  severity: 'HIGH',
  title: 'cross-spawn: regular expression denial of service',
  description:
    'Versions of the package cross-spawn before 6.0.6, from 7.0.0 and before 7.0.5 are vulnerable to Regular Expression Denial of Service (ReDoS) due to improper input sanitization.',
  primaryUrl: 'https://avd.aquasec.com/nvd/cve-2024-21538',
};
