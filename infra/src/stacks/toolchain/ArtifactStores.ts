import type { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { DpraStack } from '../DpraStack';
import { policyDocument } from '../iamPolicy';

/** Props of {@link ArtifactStores}. @public */
export interface ArtifactStoresProps {
  /** The toolchain stack: its account owns the stores, its providers place them in regions. */
  readonly stack: DpraStack;
  /** Pipeline name: stems `<name>-art-<account>-<region>` and `alias/<name>-artifacts`. */
  readonly name: string;
  /** Regions where actions run; the stack's home region always gets a store too. */
  readonly regions: readonly string[];
  /** Accounts whose roles read and decrypt artifacts (the environment accounts). @default [] */
  readonly trustedAccounts?: readonly string[];
}

/**
 * The pipeline's artifact store in every region it acts in: a KMS key (rotated, shared
 * decrypt-only with the trusted accounts and usable by the notification services) and a
 * versioned, encrypted, private S3 bucket that denies plain HTTP and lets the trusted accounts
 * read objects.
 *
 * Adds its resources to `scope` itself rather than to a child construct, so their Terraform
 * addresses stay those of deployed pipelines (ADR 0003).
 *
 * @public
 */
export class ArtifactStores {
  /** Regions with a store, home region first: the order of the pipeline's `artifact_store`. */
  readonly regions: readonly string[];
  private readonly buckets = new Map<string, S3Bucket>();
  private readonly keys = new Map<string, KmsKey>();

  constructor(scope: Construct, props: ArtifactStoresProps) {
    const { stack } = props;
    const trusted = [...new Set(props.trustedAccounts ?? [])];
    const root = (account: string) =>
      `arn:${stack.partition}:iam::${account}:root`;
    this.regions = [...new Set([stack.homeRegion, ...props.regions])];

    for (const region of this.regions) {
      const provider = stack.provider(region);
      const key = new KmsKey(scope, `artifact-key-${region}`, {
        provider,
        description: `${props.name} pipeline artifacts (${region})`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: policyDocument([
          {
            Sid: 'ToolchainAccount',
            Effect: 'Allow',
            Principal: { AWS: root(stack.account) },
            Action: 'kms:*',
            Resource: '*',
          },
          ...(trusted.length
            ? [
                {
                  Sid: 'EnvironmentAccountsDecrypt',
                  Effect: 'Allow' as const,
                  Principal: { AWS: trusted.map(root) },
                  Action: ['kms:Decrypt', 'kms:DescribeKey'],
                  Resource: '*',
                },
              ]
            : []),
          {
            Sid: 'NotificationServices',
            Effect: 'Allow',
            Principal: {
              Service: [
                'codestar-notifications.amazonaws.com',
                'events.amazonaws.com',
              ],
            },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Resource: '*',
          },
        ]),
      });
      new KmsAlias(scope, `artifact-key-alias-${region}`, {
        provider,
        name: `alias/${props.name}-artifacts`,
        targetKeyId: key.keyId,
      });
      const bucket = new S3Bucket(scope, `artifacts-${region}`, {
        provider,
        bucket: `${props.name}-art-${stack.account}-${region}`,
        forceDestroy: false,
      });
      new S3BucketVersioningA(scope, `artifacts-versioning-${region}`, {
        provider,
        bucket: bucket.id,
        versioningConfiguration: { status: 'Enabled' },
      });
      new S3BucketServerSideEncryptionConfigurationA(
        scope,
        `artifacts-sse-${region}`,
        {
          provider,
          bucket: bucket.id,
          rule: [
            {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyId: key.arn,
              },
              bucketKeyEnabled: true,
            },
          ],
        },
      );
      new S3BucketPublicAccessBlock(
        scope,
        `artifacts-public-access-${region}`,
        {
          provider,
          bucket: bucket.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
      );
      new S3BucketOwnershipControls(scope, `artifacts-ownership-${region}`, {
        provider,
        bucket: bucket.id,
        rule: { objectOwnership: 'BucketOwnerEnforced' },
      });
      new S3BucketPolicy(scope, `artifacts-policy-${region}`, {
        provider,
        bucket: bucket.id,
        policy: policyDocument([
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucket.arn, `${bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': false } },
          },
          ...(trusted.length
            ? [
                {
                  Sid: 'EnvironmentAccountsRead',
                  Effect: 'Allow' as const,
                  Principal: { AWS: trusted.map(root) },
                  Action: ['s3:GetObject', 's3:GetObjectVersion'],
                  Resource: `${bucket.arn}/*`,
                },
              ]
            : []),
        ]),
      });
      this.buckets.set(region, bucket);
      this.keys.set(region, key);
    }
  }

  /** The bucket of a region. */
  bucket(region: string): S3Bucket {
    return this.lookup(this.buckets, region);
  }

  /** The KMS key of a region (it also encrypts that region's CodeBuild projects). */
  key(region: string): KmsKey {
    return this.lookup(this.keys, region);
  }

  /** Every bucket and every object in it, for IAM `Resource`. */
  get bucketAndObjectArns(): string[] {
    return [...this.buckets.values()].flatMap(b => [b.arn, `${b.arn}/*`]);
  }

  /** Every key, for IAM `Resource`. */
  get keyArns(): string[] {
    return [...this.keys.values()].map(k => k.arn);
  }

  private lookup<T>(map: Map<string, T>, region: string): T {
    const found = map.get(region);
    if (!found) throw new Error(`no artifact store in region ${region}`);
    return found;
  }
}
