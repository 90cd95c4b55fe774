/**
 * Inspector2 ListFindings findings shaped as the REST-JSON API returns them (timestamps in epoch
 * seconds). The first is the same finding Security Hub returns in `securityHubFindings.ts`.
 */
import { TAG } from '@dpra/pipeline-contract';
import { ACCOUNT, INSPECTOR_FINDING_ARN, REGION } from './securityHubFindings';

const IMAGE_DIGEST =
  'sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945';
export const AMI_ID = 'ami-0abcdef1234567890';
const findingArn = (id: string) =>
  `arn:aws:inspector2:${REGION}:${ACCOUNT}:finding/${id}`;

/** CRITICAL package vulnerability on the service's ECR image (tagged, and in its repository). */
export const ecrImageFinding = {
  awsAccountId: ACCOUNT,
  description:
    'The HTTP/2 protocol allows a denial of service (server resource consumption) because request cancellation can reset many streams quickly.',
  exploitAvailable: 'YES',
  findingArn: INSPECTOR_FINDING_ARN,
  firstObservedAt: 1772352902,
  fixAvailable: 'YES',
  inspectorScore: 9.8,
  lastObservedAt: 1773096011,
  packageVulnerabilityDetails: {
    cvss: [
      {
        baseScore: 7.5,
        scoringVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
        source: 'NVD',
        version: '3.1',
      },
    ],
    referenceUrls: ['https://github.com/advisories/GHSA-qppj-fm5r-hxr3'],
    relatedVulnerabilities: [],
    source: 'NVD',
    sourceUrl: 'https://nvd.nist.gov/vuln/detail/CVE-2023-44487',
    vendorCreatedAt: 1696867200,
    vendorSeverity: 'HIGH',
    vulnerabilityId: 'CVE-2023-44487',
    vulnerablePackages: [
      {
        name: 'golang.org/x/net',
        version: '0.8.0',
        packageManager: 'GOMOD',
        fixedInVersion: '0.17.0',
        filePath: 'app/orders',
      },
    ],
  },
  remediation: { recommendation: { text: 'None Provided' } },
  resources: [
    {
      details: {
        awsEcrContainerImage: {
          architecture: 'amd64',
          imageHash: IMAGE_DIGEST,
          imageTags: ['1.42.0'],
          platform: 'AMAZON_LINUX_2',
          pushedAt: 1772352600,
          registry: ACCOUNT,
          repositoryName: 'orders-service',
        },
      },
      id: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/orders-service/${IMAGE_DIGEST}`,
      partition: 'aws',
      region: REGION,
      tags: { [TAG.service]: 'orders-service' },
      type: 'AWS_ECR_CONTAINER_IMAGE',
    },
  ],
  severity: 'CRITICAL',
  status: 'ACTIVE',
  title: 'CVE-2023-44487 - golang.org/x/net',
  type: 'PACKAGE_VULNERABILITY',
  updatedAt: 1773096011,
};

/** HIGH package vulnerability on an instance launched from the pipeline's AMI (untagged). */
export const amiInstanceFinding = {
  awsAccountId: ACCOUNT,
  description: 'A flaw was found in OpenSSH.',
  findingArn: findingArn('1b2c3d4e5f60718293a4b5c6d7e8f90a'),
  firstObservedAt: 1772956800,
  fixAvailable: 'YES',
  inspectorScore: 8.1,
  lastObservedAt: 1773043200,
  packageVulnerabilityDetails: {
    source: 'ALAS2',
    sourceUrl: 'https://alas.aws.amazon.com/AL2/ALAS-2024-2589.html',
    vendorSeverity: 'Important',
    vulnerabilityId: 'CVE-2024-6387',
    vulnerablePackages: [
      {
        name: 'openssh',
        version: '7.4p1',
        release: '22.amzn2.0.6',
        arch: 'X86_64',
        packageManager: 'OS',
        fixedInVersion: '0:7.4p1-22.amzn2.0.7',
      },
    ],
  },
  remediation: { recommendation: { text: 'None Provided' } },
  resources: [
    {
      details: {
        awsEc2Instance: {
          imageId: AMI_ID,
          ipV4Addresses: ['10.0.1.23'],
          launchedAt: 1772870400,
          platform: 'AMAZON_LINUX_2',
          subnetId: 'subnet-0a1b2c3d',
          type: 't3.medium',
          vpcId: 'vpc-0a1b2c3d',
        },
      },
      id: 'i-0c1d2e3f4a5b6c7d8',
      partition: 'aws',
      region: REGION,
      type: 'AWS_EC2_INSTANCE',
    },
  ],
  severity: 'HIGH',
  status: 'ACTIVE',
  title: 'CVE-2024-6387 - openssh',
  type: 'PACKAGE_VULNERABILITY',
  updatedAt: 1773043200,
};

/** Untriaged code vulnerability in the service's Lambda function: severity from the score (5.3 → MEDIUM). */
export const lambdaCodeFinding = {
  awsAccountId: ACCOUNT,
  codeVulnerabilityDetails: {
    cwes: ['CWE-117'],
    detectorId: 'python/log-injection@v1.0',
    detectorName: 'Log injection',
    detectorTags: ['data-integrity', 'injection', 'security'],
    filePath: {
      endLine: 42,
      fileName: 'handler.py',
      filePath: 'orders/handler.py',
      startLine: 42,
    },
    ruleId: 'python-log-injection',
  },
  description: 'User-provided inputs must be sanitized before they are logged.',
  findingArn: findingArn('2c3d4e5f60718293a4b5c6d7e8f90a1b'),
  firstObservedAt: 1773000000,
  inspectorScore: 5.3,
  lastObservedAt: 1773000000,
  remediation: {
    recommendation: {
      text: 'Sanitize the input before logging it.',
    },
  },
  resources: [
    {
      details: {
        awsLambdaFunction: {
          functionName: 'orders-service-api',
          runtime: 'PYTHON_3_11',
          version: '$LATEST',
          codeSha256: 'kYg3YbJ5cE1bS2g2X0m0s0e0d0a0b0c0d0e0f0g0h0=',
          executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/orders-service-api`,
        },
      },
      id: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-service-api:$LATEST`,
      partition: 'aws',
      region: REGION,
      tags: { [TAG.service]: 'orders-service' },
      type: 'AWS_LAMBDA_FUNCTION',
    },
  ],
  severity: 'UNTRIAGED',
  status: 'ACTIVE',
  title: 'CWE-117 - Log injection',
  type: 'CODE_VULNERABILITY',
  updatedAt: 1773000000,
};

/** LOW network reachability finding on a tagged instance. */
export const networkFinding = {
  awsAccountId: ACCOUNT,
  description:
    'On the instance i-0f1e2d3c4b5a69788, the port range 22-22 is reachable from the internet.',
  findingArn: findingArn('3d4e5f60718293a4b5c6d7e8f90a1b2c'),
  firstObservedAt: 1772700000,
  lastObservedAt: 1773000000,
  networkReachabilityDetails: {
    networkPath: {
      steps: [
        {
          componentId: 'igw-0a1b2c3d',
          componentType: 'AWS::EC2::InternetGateway',
        },
      ],
    },
    openPortRange: { begin: 22, end: 22 },
    protocol: 'TCP',
  },
  remediation: {
    recommendation: {
      text: 'You can restrict access to your instance by modifying the Security Groups or ACLs.',
    },
  },
  resources: [
    {
      id: 'i-0f1e2d3c4b5a69788',
      partition: 'aws',
      region: REGION,
      tags: { [TAG.service]: 'orders-service' },
      type: 'AWS_EC2_INSTANCE',
    },
  ],
  severity: 'LOW',
  status: 'ACTIVE',
  title: 'Port 22 is reachable from an Internet Gateway',
  type: 'NETWORK_REACHABILITY',
  updatedAt: 1773000000,
};

/** INFORMATIONAL finding on a tagged image. */
export const informationalFinding = {
  ...ecrImageFinding,
  findingArn: findingArn('4e5f60718293a4b5c6d7e8f90a1b2c3d'),
  inspectorScore: 0,
  severity: 'INFORMATIONAL',
  title: 'CVE-2024-0000 - busybox',
  packageVulnerabilityDetails: {
    ...ecrImageFinding.packageVulnerabilityDetails,
    sourceUrl: undefined,
    vulnerabilityId: 'CVE-2024-0000',
  },
};

/** Another service's finding, and a closed one: never returned for the pipeline. */
export const otherServiceFinding = {
  ...networkFinding,
  findingArn: findingArn('5f60718293a4b5c6d7e8f90a1b2c3d4e'),
  resources: [
    {
      ...networkFinding.resources[0],
      tags: { [TAG.service]: 'payments-service' },
    },
  ],
};
export const closedFinding = {
  ...networkFinding,
  findingArn: findingArn('60718293a4b5c6d7e8f90a1b2c3d4e5f'),
  status: 'CLOSED',
};
