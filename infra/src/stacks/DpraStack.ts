import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { MANAGED_BY_DPRA, TAG } from '@dpra/pipeline-contract';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';

/**
 * hashicorp/aws versions the generated stacks accept. The lower bound is the provider the
 * `@cdktf/provider-aws@20.1.0` binding was generated from (5.100.0), which is verified to support
 * CodePipeline stage conditions (`before_entry`, `on_success`, `on_failure`); 6.x changed
 * resource schemas, hence the upper bound.
 *
 * @public
 */
export const AWS_PROVIDER_CONSTRAINT = '>= 5.100.0, < 6.0.0';

/**
 * Tags of every resource of a pipeline's stacks: `dpra:pipeline` (the portal finds the pipeline
 * by it) and the spec's own tags.
 *
 * @public
 */
export function pipelineTags(metadata: {
  readonly name: string;
  readonly tags: Record<string, string>;
}): Record<string, string> {
  return { [TAG.pipeline]: metadata.name, ...metadata.tags };
}

/** Props of {@link DpraStack}. @public */
export interface DpraStackProps {
  /** Account the stack is applied to; the provider refuses any other (`allowed_account_ids`). */
  readonly account: string;
  /** Home region: the default provider's region. */
  readonly region: string;
  /** Further regions that get a provider alias named after the region. @default [] */
  readonly regions?: readonly string[];
  /** Tags on every resource (provider `default_tags`). @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A Terraform stack bound to one AWS account: a default provider for the home region, one alias
 * per extra region, an explicit local backend with a relative path (so a synthesized directory
 * can be moved), and a provider constraint wider than the binding's exact pin.
 *
 * @public
 */
export class DpraStack extends TerraformStack {
  readonly account: string;
  readonly homeRegion: string;
  readonly partition: string;
  private readonly providers = new Map<string, AwsProvider>();

  constructor(scope: Construct, id: string, props: DpraStackProps) {
    super(scope, id);
    this.account = props.account;
    this.homeRegion = props.region;
    new LocalBackend(this, { path: 'terraform.tfstate' });
    const tags = { [TAG.managedBy]: MANAGED_BY_DPRA, ...props.tags };
    const home = new AwsProvider(this, 'aws', {
      region: props.region,
      allowedAccountIds: [props.account],
      defaultTags: [{ tags }],
    });
    this.providers.set(props.region, home);
    for (const region of props.regions ?? []) {
      if (this.providers.has(region)) continue;
      this.providers.set(
        region,
        new AwsProvider(this, `aws_${region.replace(/-/g, '_')}`, {
          alias: region,
          region,
          allowedAccountIds: [props.account],
          defaultTags: [{ tags }],
        }),
      );
    }
    this.addOverride(
      'terraform.required_providers.aws.version',
      AWS_PROVIDER_CONSTRAINT,
    );
    this.partition = new DataAwsPartition(this, 'partition').partition;
  }

  /** The provider for a region (the default provider for the home region). */
  provider(region: string): AwsProvider {
    const provider = this.providers.get(region);
    if (!provider)
      throw new Error(
        `stack ${this.node.id} has no provider for region ${region}`,
      );
    return provider;
  }

  /** ARN prefix `arn:<partition>:<service>:<region>:<account>:` for this stack's account. */
  arn(
    service: string,
    region: string,
    rest: string,
    account: string = this.account,
  ): string {
    return `arn:${this.partition}:${service}:${region}:${account}:${rest}`;
  }
}
