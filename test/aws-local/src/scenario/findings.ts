import { TAG } from '@dpra/pipeline-contract';
import { SeededRandom } from './seededRandom';
import { AsffFinding, Inspector2Finding } from './types';

const DAY = 24 * 60 * 60_000;

/** ASFF severity labels with the normalized score AWS documents for each range. */
const SEVERITIES: Array<{
  Label: string;
  Normalized: number;
  inspector: string;
}> = [
  { Label: 'CRITICAL', Normalized: 90, inspector: 'CRITICAL' },
  { Label: 'HIGH', Normalized: 70, inspector: 'HIGH' },
  { Label: 'MEDIUM', Normalized: 40, inspector: 'MEDIUM' },
  { Label: 'LOW', Normalized: 1, inspector: 'LOW' },
  { Label: 'INFORMATIONAL', Normalized: 0, inspector: 'INFORMATIONAL' },
];

/** Vulnerable packages the world's images and builds report. */
export const PACKAGES = [
  {
    name: 'jackson-databind',
    version: '2.13.1',
    fixed: '2.13.4.2',
    pm: 'JAR',
    cve: 'CVE-2022-42003',
  },
  {
    name: 'openssl',
    version: '3.0.7',
    fixed: '3.0.8',
    pm: 'OS',
    cve: 'CVE-2023-0286',
  },
  {
    name: 'netty-codec-http2',
    version: '4.1.94',
    fixed: '4.1.100',
    pm: 'JAR',
    cve: 'CVE-2023-44487',
  },
  {
    name: 'semver',
    version: '7.5.1',
    fixed: '7.5.2',
    pm: 'NPM',
    cve: 'CVE-2022-25883',
  },
  {
    name: 'zlib',
    version: '1.2.11',
    fixed: '1.2.12',
    pm: 'OS',
    cve: 'CVE-2018-25032',
  },
  {
    name: 'guava',
    version: '31.0',
    fixed: '32.0.0',
    pm: 'JAR',
    cve: 'CVE-2023-2976',
  },
  {
    name: 'snakeyaml',
    version: '1.33',
    fixed: '2.0',
    pm: 'JAR',
    cve: 'CVE-2022-1471',
  },
  {
    name: 'curl',
    version: '7.88.1',
    fixed: '8.4.0',
    pm: 'OS',
    cve: 'CVE-2023-38545',
  },
  {
    name: 'express',
    version: '4.17.1',
    fixed: '4.19.2',
    pm: 'NPM',
    cve: 'CVE-2024-29041',
  },
  {
    name: 'logback-core',
    version: '1.2.11',
    fixed: '1.2.13',
    pm: 'JAR',
    cve: 'CVE-2023-6378',
  },
];

interface ServiceTarget {
  service: string;
  pipeline: string;
  region: string;
  accountId: string;
  /** How many findings of each product to create. */
  counts: {
    inspector: number;
    guardduty: number;
  };
}

/**
 * The findings AWS products write into Security Hub for each service: Amazon Inspector (ECR image
 * CVEs) and GuardDuty, on resources tagged with the service (`TAG.service`), which is how the
 * backend matches them. (What the pipelines' builds import — Trivy's SCA and IaC results — comes
 * from running the generated import steps; see world/buildFindings.)
 */
export function buildSecurityHubFindings(
  targets: ServiceTarget[],
  now: Date,
  random: SeededRandom,
): AsffFinding[] {
  const findings: AsffFinding[] = [];
  let severityCursor = 0;
  const nextSeverity = () => SEVERITIES[severityCursor++ % SEVERITIES.length];
  for (const t of targets) {
    const image = `arn:aws:ecr:${t.region}:${t.accountId}:repository/${
      t.service
    }/sha256:${random.hex(64)}`;
    const resourceTags = {
      [TAG.service]: t.service,
      team: t.service.split('-')[0],
    };
    const common = (created: Date, updated: Date) => ({
      SchemaVersion: '2018-10-08',
      AwsAccountId: t.accountId,
      Region: t.region,
      CreatedAt: created.toISOString(),
      UpdatedAt: updated.toISOString(),
      FirstObservedAt: created.toISOString(),
      LastObservedAt: updated.toISOString(),
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      WorkflowState: 'NEW',
    });
    for (let i = 0; i < t.counts.inspector; i++) {
      const pkg = PACKAGES[i % PACKAGES.length];
      const sev = nextSeverity();
      const created = new Date(now.getTime() - random.int(1, 25) * DAY);
      const updated = new Date(now.getTime() - random.int(0, 600) * 60_000);
      const findingArn = `arn:aws:inspector2:${t.region}:${
        t.accountId
      }:finding/${random.hex(32)}`;
      findings.push({
        ...common(created, updated),
        Id: findingArn,
        ProductArn: `arn:aws:securityhub:${t.region}::product/aws/inspector`,
        ProductName: 'Inspector',
        CompanyName: 'Amazon',
        GeneratorId: 'AWSInspector',
        Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
        Severity: {
          Label: sev.Label,
          Normalized: sev.Normalized,
          Original: sev.Label,
        },
        Title: `${pkg.cve} - ${pkg.name}`,
        Description: `A vulnerability in ${pkg.name} ${pkg.version} affects the ${t.service} image.`,
        Remediation: {
          Recommendation: {
            Text: `Upgrade ${pkg.name} to ${pkg.fixed} or later.`,
          },
        },
        ProductFields: {
          'aws/inspector/ProductVersion': '2',
          'aws/inspector/FindingStatus': 'ACTIVE',
          'aws/inspector/inspectorScore': String(sev.Normalized / 10),
          'aws/securityhub/FindingId': `arn:aws:securityhub:${t.region}::product/aws/inspector/${findingArn}`,
          'aws/securityhub/ProductName': 'Inspector',
          'aws/securityhub/CompanyName': 'Amazon',
        },
        Resources: [
          {
            Type: 'AwsEcrContainerImage',
            Id: image,
            Partition: 'aws',
            Region: t.region,
            Tags: resourceTags,
            Details: {
              AwsEcrContainerImage: {
                RegistryId: t.accountId,
                RepositoryName: t.service,
                ImageDigest: image.split('/').pop(),
                ImageTags: ['latest'],
              },
            },
          },
        ],
        Vulnerabilities: [
          {
            Id: pkg.cve,
            VulnerablePackages: [
              {
                Name: pkg.name,
                Version: pkg.version,
                FixedInVersion: pkg.fixed,
                PackageManager: pkg.pm,
              },
            ],
            FixAvailable: 'YES',
            ExploitAvailable: sev.Label === 'CRITICAL' ? 'YES' : 'NO',
            ReferenceUrls: [`https://nvd.nist.gov/vuln/detail/${pkg.cve}`],
            Vendor: {
              Name: 'NVD',
              Url: `https://nvd.nist.gov/vuln/detail/${pkg.cve}`,
            },
          },
        ],
      });
    }
    for (let i = 0; i < t.counts.guardduty; i++) {
      const sev = nextSeverity();
      const created = new Date(now.getTime() - random.int(0, 20) * DAY);
      const detector = random.hex(32);
      const id = random.hex(32);
      findings.push({
        ...common(created, created),
        Id: `arn:aws:guardduty:${t.region}:${t.accountId}:detector/${detector}/finding/${id}`,
        ProductArn: `arn:aws:securityhub:${t.region}::product/aws/guardduty`,
        ProductName: 'GuardDuty',
        CompanyName: 'Amazon',
        GeneratorId: `arn:aws:guardduty:${t.region}:${t.accountId}:detector/${detector}`,
        Types: ['TTPs/Discovery/Recon:EC2-PortProbeUnprotectedPort'],
        Severity: {
          Label: sev.Label,
          Normalized: sev.Normalized,
          Product: sev.Normalized / 10,
        },
        Title: `Unprotected port on an instance of ${t.service} is being probed`,
        Description: 'A known malicious host is probing an unprotected port.',
        ProductFields: {
          'aws/guardduty/service/action/actionType': 'PORT_PROBE',
          'aws/securityhub/ProductName': 'GuardDuty',
          'aws/securityhub/CompanyName': 'Amazon',
        },
        Resources: [
          {
            Type: 'AwsEc2Instance',
            Id: `arn:aws:ec2:${t.region}:${
              t.accountId
            }:instance/i-0${random.hex(16)}`,
            Partition: 'aws',
            Region: t.region,
            Tags: resourceTags,
          },
        ],
      });
    }
  }
  // Security Hub lists the most recently updated first unless told otherwise.
  return findings
    .map(f => JSON.parse(JSON.stringify(f)) as AsffFinding)
    .sort(
      (a, b) =>
        b.UpdatedAt.localeCompare(a.UpdatedAt) || a.Id.localeCompare(b.Id),
    );
}

/** Inspector2 ListFindings items: package vulnerabilities of each service's ECR image. */
export function buildInspectorFindings(
  targets: Array<{
    service: string;
    region: string;
    accountId: string;
    count: number;
  }>,
  now: Date,
  random: SeededRandom,
): Inspector2Finding[] {
  const out: Inspector2Finding[] = [];
  for (const t of targets) {
    const digest = `sha256:${random.hex(64)}`;
    for (let i = 0; i < t.count; i++) {
      const pkg = PACKAGES[i % PACKAGES.length];
      const sev = SEVERITIES[i % 4];
      const first = new Date(now.getTime() - random.int(2, 25) * DAY);
      out.push({
        region: t.region,
        findingArn: `arn:aws:inspector2:${t.region}:${
          t.accountId
        }:finding/${random.hex(32)}`,
        awsAccountId: t.accountId,
        type: 'PACKAGE_VULNERABILITY',
        title: `${pkg.cve} - ${pkg.name}`,
        description: `A vulnerability in ${pkg.name} ${pkg.version}.`,
        remediation: {
          recommendation: { text: `Upgrade ${pkg.name} to ${pkg.fixed}.` },
        },
        severity: sev.inspector,
        inspectorScore: sev.Normalized / 10,
        firstObservedAt: first,
        lastObservedAt: new Date(now.getTime() - random.int(1, 48) * 3_600_000),
        updatedAt: new Date(now.getTime() - random.int(1, 48) * 3_600_000),
        status: 'ACTIVE',
        fixAvailable: 'YES',
        exploitAvailable: sev.inspector === 'CRITICAL' ? 'YES' : 'NO',
        resources: [
          {
            type: 'AWS_ECR_CONTAINER_IMAGE',
            id: `arn:aws:ecr:${t.region}:${t.accountId}:repository/${t.service}/${digest}`,
            partition: 'aws',
            region: t.region,
            tags: { [TAG.service]: t.service },
            details: {
              awsEcrContainerImage: {
                registry: t.accountId,
                repositoryName: t.service,
                imageHash: digest,
                imageTags: ['latest'],
                pushedAt: first,
              },
            },
          },
        ],
        packageVulnerabilityDetails: {
          vulnerabilityId: pkg.cve,
          source: 'NVD',
          sourceUrl: `https://nvd.nist.gov/vuln/detail/${pkg.cve}`,
          vendorSeverity: sev.inspector,
          referenceUrls: [`https://nvd.nist.gov/vuln/detail/${pkg.cve}`],
          vulnerablePackages: [
            {
              name: pkg.name,
              version: pkg.version,
              fixedInVersion: pkg.fixed,
              packageManager: pkg.pm,
            },
          ],
        },
      });
    }
  }
  return out;
}
