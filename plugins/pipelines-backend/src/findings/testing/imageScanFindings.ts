/**
 * EC2 Image Builder's saved copies of Amazon Inspector findings (`ImageScanFinding`), as
 * `aws imagebuilder list-image-scan-findings --output json` prints them (timestamps in ISO 8601,
 * the CLI's default): the scan of the test instance launched from the new AMI.
 */

export const IMAGE_ACCOUNT = '111111111111';
export const IMAGE_BUILD_ARN = `arn:aws:imagebuilder:us-east-1:${IMAGE_ACCOUNT}:image/base-ami/1.2.0/7`;
export const IMAGE_PIPELINE_ARN = `arn:aws:imagebuilder:us-east-1:${IMAGE_ACCOUNT}:image-pipeline/base-ami`;
export const AMI_ID = 'ami-0a1b2c3d4e5f67890';

/** One finding per severity Inspector assigns, CRITICAL first; every optional field of the last left out. */
export function imageScanFindings(options: { critical?: boolean } = {}): {
  findings: Array<Record<string, unknown>>;
} {
  const common = {
    awsAccountId: IMAGE_ACCOUNT,
    imageBuildVersionArn: IMAGE_BUILD_ARN,
    imagePipelineArn: IMAGE_PIPELINE_ARN,
    type: 'PACKAGE_VULNERABILITY',
    firstObservedAt: '2026-12-02T02:41:07.512000+00:00',
    updatedAt: '2026-12-02T02:41:07.512000+00:00',
    fixAvailable: 'YES',
  };
  const findings: Array<Record<string, unknown>> = [
    {
      ...common,
      title: 'CVE-2024-6387 - openssh, openssh-clients and 1 more',
      description:
        'A signal handler race condition was found in sshd, where a client does not authenticate within LoginGraceTime seconds.',
      severity: 'CRITICAL',
      inspectorScore: 8.1,
      remediation: {
        recommendation: {
          text: 'None Provided',
          url: 'https://alas.aws.amazon.com/AL2023/ALAS-2024-636.html',
        },
      },
      packageVulnerabilityDetails: {
        vulnerabilityId: 'CVE-2024-6387',
        source: 'AMAZON_CVE',
        sourceUrl: 'https://alas.aws.amazon.com/AL2023/ALAS-2024-636.html',
        vendorSeverity: 'Important',
        vulnerablePackages: [
          {
            name: 'openssh',
            version: '8.7p1',
            release: '8.amzn2023.0.10',
            arch: 'X86_64',
            epoch: 0,
            packageManager: 'OS',
            fixedInVersion: '0:8.7p1-8.amzn2023.0.11',
          },
        ],
      },
    },
    {
      ...common,
      title: 'CVE-2024-2398 - libcurl-minimal, curl-minimal',
      description:
        'When an application tells libcurl it wants to allow HTTP/2 server push, and the amount of received headers for the push surpasses the maximum allowed limit, libcurl leaks memory.',
      severity: 'MEDIUM',
      inspectorScore: 5.3,
      packageVulnerabilityDetails: {
        vulnerabilityId: 'CVE-2024-2398',
        source: 'AMAZON_CVE',
        vulnerablePackages: [
          {
            name: 'libcurl-minimal',
            version: '8.5.0',
            packageManager: 'OS',
          },
        ],
      },
    },
    // Everything optional left out but what tells the finding apart.
    { title: 'CVE-2023-0001 - untriaged', severity: 'UNTRIAGED' },
  ];
  return {
    findings: options.critical === false ? findings.slice(1) : findings,
  };
}
