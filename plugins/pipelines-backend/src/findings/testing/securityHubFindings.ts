/**
 * ASFF findings shaped as Security Hub's GetFindings returns them (AWS Security Finding Format,
 * `SchemaVersion` 2018-10-08): one Amazon Inspector finding, one Amazon GuardDuty finding and
 * findings that a pipeline's Trivy and Checkov steps imported with `BatchImportFindings` into the
 * account's default product. Together they cover every severity.
 */
import { PRODUCT_FIELD, TAG } from '@dpra/pipeline-contract';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const PIPELINE_NAME = 'orders-service-pipeline';
export const PIPELINE_ARN = `arn:aws:codepipeline:${REGION}:${ACCOUNT}:${PIPELINE_NAME}`;
export const SERVICE_TAGS = {
  [TAG.service]: 'orders-service',
  team: 'orders',
};

export const INSPECTOR_FINDING_ARN = `arn:aws:inspector2:${REGION}:${ACCOUNT}:finding/0a1b2c3d4e5f60718293a4b5c6d7e8f9`;
const IMAGE_ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/orders-service/sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945`;

/** Amazon Inspector, CRITICAL, on an ECR image tagged with the service tag. */
export const inspectorAsff = {
  SchemaVersion: '2018-10-08',
  Id: INSPECTOR_FINDING_ARN,
  ProductArn: `arn:aws:securityhub:${REGION}::product/aws/inspector`,
  ProductName: 'Inspector',
  CompanyName: 'Amazon',
  Region: REGION,
  GeneratorId: 'AWSInspector',
  AwsAccountId: ACCOUNT,
  Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
  FirstObservedAt: '2026-03-01T08:15:02.000Z',
  LastObservedAt: '2026-03-09T22:40:11.000Z',
  CreatedAt: '2026-03-01T08:15:02.000Z',
  UpdatedAt: '2026-03-09T22:40:11.000Z',
  Severity: { Label: 'CRITICAL', Normalized: 90 },
  Title: 'CVE-2023-44487 - golang.org/x/net',
  Description:
    'The HTTP/2 protocol allows a denial of service (server resource consumption) because request cancellation can reset many streams quickly.',
  Remediation: {
    Recommendation: { Text: 'Upgrade golang.org/x/net to 0.17.0 or later.' },
  },
  ProductFields: {
    'aws/inspector/FindingStatus': 'ACTIVE',
    'aws/inspector/inspectorScore': '9.8',
    'aws/inspector/resources/1/resourceDetails/awsEcrContainerImageDetails/platform':
      'LINUX',
    'aws/securityhub/FindingId': `arn:aws:securityhub:${REGION}::product/aws/inspector/${INSPECTOR_FINDING_ARN}`,
    'aws/securityhub/ProductName': 'Inspector',
    'aws/securityhub/CompanyName': 'Amazon',
  },
  Resources: [
    {
      Type: 'AwsEcrContainerImage',
      Id: IMAGE_ARN,
      Partition: 'aws',
      Region: REGION,
      Tags: { [TAG.service]: 'orders-service' },
      Details: {
        AwsEcrContainerImage: {
          RegistryId: ACCOUNT,
          RepositoryName: 'orders-service',
          Architecture: 'amd64',
          ImageDigest:
            'sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945',
          ImageTags: ['1.42.0'],
          ImagePublishedAt: '2026-03-01T08:10:00.000Z',
        },
      },
    },
  ],
  WorkflowState: 'NEW',
  Workflow: { Status: 'NEW' },
  RecordState: 'ACTIVE',
  Vulnerabilities: [
    {
      Id: 'CVE-2023-44487',
      VulnerablePackages: [
        {
          Name: 'golang.org/x/net',
          Version: '0.8.0',
          PackageManager: 'GOMOD',
          FixedInVersion: '0.17.0',
        },
      ],
      Cvss: [{ Version: '3.1', BaseScore: 7.5, Source: 'NVD' }],
      FixAvailable: 'YES',
    },
  ],
  FindingProviderFields: {
    Severity: { Label: 'CRITICAL' },
    Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
  },
};

/** Amazon GuardDuty, HIGH, on an EC2 instance of the service. */
export const guardDutyAsff = {
  SchemaVersion: '2018-10-08',
  Id: `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0/finding/a8c5d2e7f3b1c94e6d0a2b4c6e8f0a1b`,
  ProductArn: `arn:aws:securityhub:${REGION}::product/aws/guardduty`,
  ProductName: 'GuardDuty',
  CompanyName: 'Amazon',
  Region: REGION,
  GeneratorId: `arn:aws:guardduty:${REGION}:${ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0`,
  AwsAccountId: ACCOUNT,
  Types: ['TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS'],
  FirstObservedAt: '2026-03-08T03:10:00.000Z',
  LastObservedAt: '2026-03-08T04:55:00.000Z',
  CreatedAt: '2026-03-08T03:12:41.000Z',
  UpdatedAt: '2026-03-08T04:56:02.000Z',
  Severity: { Product: 8, Label: 'HIGH', Normalized: 80 },
  Title:
    'EC2 instance i-0c1d2e3f4a5b6c7d8 is querying a domain name associated with a known Command & Control server.',
  Description:
    'EC2 instance i-0c1d2e3f4a5b6c7d8 is querying algorithmically generated domains.',
  SourceUrl: `https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1#/findings?macros=current&fId=a8c5d2e7f3b1c94e6d0a2b4c6e8f0a1b`,
  ProductFields: {
    'aws/guardduty/service/action/actionType': 'DNS_REQUEST',
    'aws/guardduty/service/count': '14',
    'aws/securityhub/ProductName': 'GuardDuty',
    'aws/securityhub/CompanyName': 'Amazon',
  },
  Resources: [
    {
      Type: 'AwsEc2Instance',
      Id: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0c1d2e3f4a5b6c7d8`,
      Partition: 'aws',
      Region: REGION,
      Tags: { [TAG.service]: 'orders-service', team: 'orders' },
      Details: {
        AwsEc2Instance: {
          Type: 't3.medium',
          ImageId: 'ami-0abcdef1234567890',
          VpcId: 'vpc-0a1b2c3d',
          SubnetId: 'subnet-0a1b2c3d',
        },
      },
    },
  ],
  WorkflowState: 'NEW',
  Workflow: { Status: 'NOTIFIED' },
  RecordState: 'ACTIVE',
  FindingProviderFields: {
    Severity: { Label: 'HIGH', Original: '8' },
    Types: ['TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS'],
  },
};

const defaultProduct = `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`;

/** Trivy (SCA of the lock file), MEDIUM, imported by the pipeline's build. */
export const trivyScaAsff = {
  SchemaVersion: '2018-10-08',
  Id: 'orders-service/package-lock.json/CVE-2024-4068',
  ProductArn: defaultProduct,
  ProductName: 'Default',
  CompanyName: 'Personal',
  Region: REGION,
  GeneratorId: 'Trivy/CVE-2024-4068',
  AwsAccountId: ACCOUNT,
  Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
  CreatedAt: '2026-03-09T10:02:03.000Z',
  UpdatedAt: '2026-03-09T10:02:03.000Z',
  Severity: { Label: 'MEDIUM', Normalized: 40 },
  Title:
    'Trivy found a vulnerability to CVE-2024-4068 in container orders-service/package-lock.json',
  Description: 'braces: fails to limit the number of characters it can handle',
  Remediation: {
    Recommendation: {
      Text: 'More information on this vulnerability is provided in the hyperlink',
      Url: 'https://avd.aquasec.com/nvd/cve-2024-4068',
    },
  },
  ProductFields: {
    'Product Name': 'Trivy',
    [PRODUCT_FIELD.pipeline]: PIPELINE_NAME,
    'aws/securityhub/FindingId': `${defaultProduct}/orders-service/package-lock.json/CVE-2024-4068`,
    'aws/securityhub/ProductName': 'Default',
    'aws/securityhub/CompanyName': 'Personal',
  },
  Resources: [
    {
      Type: 'Other',
      Id: 'orders-service/package-lock.json',
      Partition: 'aws',
      Region: REGION,
      Details: {
        Other: {
          'CVE ID': 'CVE-2024-4068',
          'CVE Title':
            'braces: fails to limit the number of characters it can handle',
          PkgName: 'braces',
          'Installed Package': '3.0.2',
          'Patched Package': '3.0.3',
          NvdCvssScoreV3: '7.5',
        },
      },
    },
  ],
  WorkflowState: 'NEW',
  Workflow: { Status: 'NEW' },
  RecordState: 'ACTIVE',
};

/**
 * Trivy secret scan, imported with only the deprecated `Normalized` score (20 → LOW); the
 * response still shows what the importer sent.
 */
export const trivySecretAsff = {
  SchemaVersion: '2018-10-08',
  Id: 'orders-service/config/dev.env/aws-access-key-id',
  ProductArn: defaultProduct,
  ProductName: 'Default',
  CompanyName: 'Personal',
  Region: REGION,
  GeneratorId: 'Trivy/aws-access-key-id',
  AwsAccountId: ACCOUNT,
  Types: ['Sensitive Data Identifications/Passwords'],
  CreatedAt: '2026-03-09T10:02:04.000Z',
  UpdatedAt: '2026-03-09T10:02:04.000Z',
  Severity: { Normalized: 20 },
  Title: 'Trivy found a secret (AWS Access Key ID) in config/dev.env',
  Description: 'AWS Access Key ID found on line 3',
  ProductFields: {
    'Product Name': 'Trivy',
    [PRODUCT_FIELD.pipeline]: PIPELINE_NAME,
  },
  Resources: [
    {
      Type: 'Other',
      Id: 'orders-service/config/dev.env',
      Partition: 'aws',
      Region: REGION,
    },
  ],
  Workflow: { Status: 'NEW' },
  RecordState: 'ACTIVE',
};

/**
 * Checkov IaC scan imported by the pipeline's `IaCScan` action (a custom integration may set its
 * own product name), INFORMATIONAL.
 */
export const checkovIacAsff = {
  SchemaVersion: '2018-10-08',
  Id: 'orders-service/infra/main.tf/CKV_AWS_144',
  ProductArn: defaultProduct,
  ProductName: 'Checkov',
  CompanyName: 'Bridgecrew',
  Region: REGION,
  GeneratorId: 'checkov/CKV_AWS_144',
  AwsAccountId: ACCOUNT,
  Types: ['Software and Configuration Checks/AWS Security Best Practices'],
  FirstObservedAt: '2026-03-09T10:03:00.000Z',
  LastObservedAt: '2026-03-09T10:03:00.000Z',
  CreatedAt: '2026-03-09T10:03:00.000Z',
  UpdatedAt: '2026-03-09T10:03:00.000Z',
  Severity: { Label: 'INFORMATIONAL', Normalized: 0 },
  Title: 'Ensure that S3 bucket has cross-region replication enabled',
  Description: 'aws_s3_bucket.artifacts in infra/main.tf',
  ProductFields: {
    [PRODUCT_FIELD.action]: 'IaCScan',
    [PRODUCT_FIELD.pipeline]: PIPELINE_NAME,
  },
  Resources: [
    {
      Type: 'Other',
      Id: 'orders-service/infra/main.tf',
      Partition: 'aws',
      Region: REGION,
    },
  ],
  Workflow: { Status: 'NEW' },
  RecordState: 'ACTIVE',
};
