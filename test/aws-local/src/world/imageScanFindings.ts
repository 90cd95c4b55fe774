import type { SynthesizedImageBuilder } from './importSteps';
import { stableHex, stableUuid } from './terraformJson';

/*
 * EC2 Image Builder's side of the image scan: the image a build made, and the Amazon Inspector
 * findings Image Builder saved with it, as `aws imagebuilder list-image-scan-findings --output
 * json` prints its ListImageScanFindings answer (ImageScanFinding: every member optional; the
 * CLI prints timestamps in ISO 8601). The world's ImageScan runs read this through the generated
 * step, which imports them into Security Hub.
 */

/** One image build of an Image Builder pipeline: what the Build action exports. */
export interface ImageBuild {
  imagePipelineArn: string;
  /** `arn:…:image/<recipe>/<version>/<build number>`: the build's `IMAGE_BUILD_ARN`. */
  imageBuildVersionArn: string;
  /** The AMI the build made in the toolchain region: the build's `AMI_ID`. */
  amiId: string;
  accountId: string;
}

/**
 * The `buildNumber`-th build of the pipeline (1-based, as Image Builder numbers a recipe
 * version's builds), with an AMI id that is the same for the same build in every run.
 */
export function imageBuildOf(
  builder: SynthesizedImageBuilder,
  buildNumber: number,
): ImageBuild {
  const [, , , region, accountId] = builder.imagePipelineArn.split(':');
  const imageBuildVersionArn = `arn:aws:imagebuilder:${region}:${accountId}:image/${builder.recipeName}/${builder.recipeVersion}/${buildNumber}`;
  return {
    imagePipelineArn: builder.imagePipelineArn,
    imageBuildVersionArn,
    amiId: `ami-0${stableHex(imageBuildVersionArn).slice(0, 16)}`,
    accountId,
  };
}

/** An OS package vulnerability Inspector reports on an Amazon Linux image. */
export interface ImageVulnerability {
  id: string;
  /** Inspector's severity; UNTRIAGED when the vendor has not rated it yet. */
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNTRIAGED';
  inspectorScore?: number;
  packageName: string;
  version: string;
  fixedInVersion?: string;
  /** The advisory, when the vendor published one. */
  advisoryUrl?: string;
  description?: string;
}

/** Vulnerabilities of Amazon Linux 2023 packages, as Inspector reports them on the image. */
export const IMAGE_VULNERABILITIES: readonly ImageVulnerability[] = [
  {
    id: 'CVE-2024-6387',
    severity: 'CRITICAL',
    inspectorScore: 8.1,
    packageName: 'openssh',
    version: '8.7p1',
    fixedInVersion: '0:8.7p1-8.amzn2023.0.11',
    advisoryUrl: 'https://alas.aws.amazon.com/AL2023/ALAS-2024-636.html',
    description:
      'A signal handler race condition was found in sshd, where a client does not authenticate within LoginGraceTime seconds.',
  },
  {
    id: 'CVE-2023-38545',
    severity: 'HIGH',
    inspectorScore: 7.5,
    packageName: 'curl-minimal',
    version: '8.2.1',
    fixedInVersion: '0:8.3.0-1.amzn2023.0.1',
    advisoryUrl: 'https://alas.aws.amazon.com/AL2023/ALAS-2023-356.html',
    description:
      'A heap based buffer overflow in the SOCKS5 proxy handshake of curl.',
  },
  {
    id: 'CVE-2023-0286',
    severity: 'HIGH',
    inspectorScore: 7.4,
    packageName: 'openssl-libs',
    version: '3.0.7',
    fixedInVersion: '1:3.0.8-1.amzn2023.0.1',
    description:
      'A type confusion vulnerability relating to X.400 address processing inside an X.509 GeneralName.',
  },
  {
    id: 'CVE-2024-2398',
    severity: 'MEDIUM',
    inspectorScore: 5.3,
    packageName: 'libcurl-minimal',
    version: '8.5.0',
    description:
      'When an application tells libcurl it wants to allow HTTP/2 server push, and the amount of received headers for the push surpasses the maximum allowed limit, libcurl leaks memory.',
  },
  {
    id: 'CVE-2018-25032',
    severity: 'LOW',
    packageName: 'zlib',
    version: '1.2.11',
    fixedInVersion: '0:1.2.12-1.amzn2023.0.1',
  },
  // The vendor has not rated it: Inspector says UNTRIAGED, and no score, fix or advisory.
  {
    id: 'CVE-2025-0001',
    severity: 'UNTRIAGED',
    packageName: 'glibc',
    version: '2.34',
  },
];

/**
 * The CLI's JSON output of ListImageScanFindings for one build: one ImageScanFinding per
 * vulnerability, only the members Inspector has a value for.
 */
export function listImageScanFindingsOutput(
  build: ImageBuild,
  vulnerabilities: readonly ImageVulnerability[],
  observedAt: Date,
): { requestId: string; findings: Array<Record<string, unknown>> } {
  const at = observedAt.toISOString().replace('Z', '+00:00');
  return {
    requestId: stableUuid(
      `ListImageScanFindings ${build.imageBuildVersionArn}`,
    ),
    findings: vulnerabilities.map(v => ({
      awsAccountId: build.accountId,
      imageBuildVersionArn: build.imageBuildVersionArn,
      imagePipelineArn: build.imagePipelineArn,
      type: 'PACKAGE_VULNERABILITY',
      title: `${v.id} - ${v.packageName}`,
      ...(v.description ? { description: v.description } : {}),
      severity: v.severity,
      ...(v.inspectorScore !== undefined
        ? { inspectorScore: v.inspectorScore }
        : {}),
      firstObservedAt: at,
      updatedAt: at,
      fixAvailable: v.fixedInVersion ? 'YES' : 'NO',
      ...(v.advisoryUrl
        ? {
            remediation: {
              recommendation: { text: 'None Provided', url: v.advisoryUrl },
            },
          }
        : {}),
      packageVulnerabilityDetails: {
        vulnerabilityId: v.id,
        source: 'AMAZON_CVE',
        ...(v.advisoryUrl ? { sourceUrl: v.advisoryUrl } : {}),
        vulnerablePackages: [
          {
            name: v.packageName,
            version: v.version,
            packageManager: 'OS',
            ...(v.fixedInVersion ? { fixedInVersion: v.fixedInVersion } : {}),
          },
        ],
      },
    })),
  };
}
