import { createHash } from 'node:crypto';

/*
 * Reading the Terraform JSON that cdktf writes (`cdk.tf.json`): the providers (which account and
 * region a resource lands in, and the default tags it gets) and the `${…}` references between
 * resources, which Terraform resolves at apply time. The world has no apply, so references are
 * resolved the way the AWS provider would fill them in: literal attributes from the referenced
 * resource, ARNs and ids in the shapes AWS gives them (stable per resource, so answers stay
 * deterministic).
 */

/** One parsed `cdk.tf.json` (only the parts the world reads). @public */
export interface TerraformStackJson {
  provider?: { aws?: TerraformAwsProvider[] };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
}

/** An `aws` provider block. @public */
export interface TerraformAwsProvider {
  alias?: string;
  region?: string;
  allowed_account_ids?: string[];
  default_tags?: Array<{ tags?: Record<string, string> }>;
}

/** Where a resource lives: account, region and the tags the provider adds to it. */
export interface ResourcePlacement {
  accountId: string;
  region: string;
  defaultTags: Record<string, string>;
}

const PARTITION = 'aws';

interface ArnParts {
  accountId: string;
  region: string;
  name: string;
  /** Only for resources whose ARN ends in a generated id (keys, connections). */
  stableId?: string;
}

const ARN_BY_TYPE: Record<string, (p: ArnParts) => string> = {
  aws_iam_role: p => `arn:${PARTITION}:iam::${p.accountId}:role/${p.name}`,
  aws_sns_topic: p =>
    `arn:${PARTITION}:sns:${p.region}:${p.accountId}:${p.name}`,
  aws_sqs_queue: p =>
    `arn:${PARTITION}:sqs:${p.region}:${p.accountId}:${p.name}`,
  aws_kms_key: p =>
    `arn:${PARTITION}:kms:${p.region}:${p.accountId}:key/${p.stableId}`,
  aws_codestarconnections_connection: p =>
    `arn:${PARTITION}:codestar-connections:${p.region}:${p.accountId}:connection/${p.stableId}`,
  aws_codeconnections_connection: p =>
    `arn:${PARTITION}:codeconnections:${p.region}:${p.accountId}:connection/${p.stableId}`,
  aws_codebuild_project: p =>
    `arn:${PARTITION}:codebuild:${p.region}:${p.accountId}:project/${p.name}`,
  aws_codebuild_report_group: p =>
    `arn:${PARTITION}:codebuild:${p.region}:${p.accountId}:report-group/${p.name}`,
  aws_codepipeline: p =>
    `arn:${PARTITION}:codepipeline:${p.region}:${p.accountId}:${p.name}`,
  aws_cloudwatch_metric_alarm: p =>
    `arn:${PARTITION}:cloudwatch:${p.region}:${p.accountId}:alarm:${p.name}`,
  aws_cloudwatch_composite_alarm: p =>
    `arn:${PARTITION}:cloudwatch:${p.region}:${p.accountId}:alarm:${p.name}`,
  aws_s3_bucket: p => `arn:${PARTITION}:s3:::${p.name}`,
  // Image Builder keeps resource names lower-case in its ARNs.
  aws_imagebuilder_image_pipeline: p =>
    `arn:${PARTITION}:imagebuilder:${p.region}:${
      p.accountId
    }:image-pipeline/${p.name.toLowerCase()}`,
};

/** A Terraform JSON stack with its providers indexed, and its references resolvable. */
export class TerraformStack {
  private readonly providers = new Map<string, TerraformAwsProvider>();

  constructor(readonly name: string, readonly json: TerraformStackJson) {
    for (const provider of json.provider?.aws ?? []) {
      this.providers.set(
        provider.alias ? `aws.${provider.alias}` : 'aws',
        provider,
      );
    }
  }

  /** Every resource of a type, with its logical id. */
  resources(type: string): Array<{ id: string; body: Record<string, any> }> {
    return Object.entries(this.json.resource?.[type] ?? {}).map(
      ([id, body]) => ({ id, body }),
    );
  }

  /** Account, region and default tags of a resource (from its `provider` meta-argument). */
  placement(body: Record<string, unknown>): ResourcePlacement {
    const key = typeof body.provider === 'string' ? body.provider : 'aws';
    const provider = this.providers.get(key);
    if (!provider) {
      throw new Error(
        `${this.name}: a resource uses provider ${key}, which the stack does not declare`,
      );
    }
    const accountId = provider.allowed_account_ids?.[0];
    if (!accountId || !provider.region) {
      throw new Error(
        `${this.name}: provider ${key} declares no allowed_account_ids or region; the world needs both to place its resources`,
      );
    }
    return {
      accountId,
      region: provider.region,
      defaultTags: Object.assign(
        {},
        ...(provider.default_tags ?? []).map(t => t.tags ?? {}),
      ),
    };
  }

  /** The tags AWS reports for a resource: provider default tags overlaid by its own (tags_all). */
  tagsOf(body: Record<string, unknown>): Array<{ key: string; value: string }> {
    const own = (body.tags ?? {}) as Record<string, string>;
    const all = { ...this.placement(body).defaultTags, ...own };
    return Object.entries(all)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => ({ key, value: this.resolve(value, body) }));
  }

  /**
   * Evaluates a string as Terraform does before the AWS provider sends it: every `${…}` reference
   * resolved as after apply, and the escapes of literal text (`$${` and `%%{`, written by the
   * generator's terraformLiteral for user text such as a waiver's reason) back to `${` and `%{`.
   * One pass, so an escaped `$${x}` is never read as a reference. `owner` is the resource the
   * string belongs to (its placement answers `data.aws_region` and friends).
   */
  resolve(text: string, owner: Record<string, unknown>): string {
    return text.replace(
      /\$\$\{|%%\{|\$\{([^}]*)\}/g,
      (match: string, expression: string | undefined) => {
        if (expression === undefined) return match.slice(1);
        return this.evaluate(expression.trim(), owner);
      },
    );
  }

  /** Resolves references in every string of a JSON value. */
  resolveDeep<T>(value: T, owner: Record<string, unknown>): T {
    if (typeof value === 'string') return this.resolve(value, owner) as T;
    if (Array.isArray(value))
      return value.map(v => this.resolveDeep(v, owner)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, this.resolveDeep(v, owner)]),
      ) as T;
    }
    return value;
  }

  private evaluate(expression: string, owner: Record<string, unknown>): string {
    const parts = expression.split('.');
    if (parts[0] === 'data' && parts.length === 4) {
      const [, type, , attribute] = parts;
      const placement = this.placement(owner);
      if (type === 'aws_partition' && attribute === 'partition')
        return PARTITION;
      if (type === 'aws_caller_identity' && attribute === 'account_id')
        return placement.accountId;
      if (
        type === 'aws_region' &&
        (attribute === 'name' || attribute === 'region')
      )
        return placement.region;
    }
    if (parts.length === 3 && /^aws_[a-z0-9_]+$/.test(parts[0])) {
      const [type, id, attribute] = parts;
      const body = this.json.resource?.[type]?.[id];
      if (body) return this.attributeOf(type, id, body, attribute);
    }
    throw new Error(
      `${this.name}: cannot resolve the Terraform reference \${${expression}} (the world resolves resource attributes, ARNs and ids, and the partition/region/account data sources)`,
    );
  }

  private attributeOf(
    type: string,
    id: string,
    body: Record<string, any>,
    attribute: string,
  ): string {
    const literal = body[attribute];
    if (typeof literal === 'string' || typeof literal === 'number') {
      return this.resolve(String(literal), body);
    }
    const { accountId, region } = this.placement(body);
    const named = body.name ?? body.alarm_name ?? body.bucket;
    const name = typeof named === 'string' ? this.resolve(named, body) : id;
    if (attribute === 'arn') {
      const arn = ARN_BY_TYPE[type]?.({
        accountId,
        region,
        name,
        stableId: stableUuid(`${this.name}/${type}/${id}`),
      });
      if (arn) return arn;
    }
    if (
      attribute === 'id' &&
      type === 'aws_organizations_organizational_unit'
    ) {
      const hash = stableHex(`${this.name}/${type}/${id}`);
      return `ou-${hash.slice(0, 4)}-${hash.slice(4, 12)}`;
    }
    if (attribute === 'id' || attribute === 'name') return name;
    throw new Error(
      `${this.name}: ${type}.${id} has no attribute ${attribute} the world can fill in`,
    );
  }
}

/** The ARN AWS gives a resource of a type, for the types the world serves. */
export function arnOf(type: string, parts: ArnParts): string {
  return ARN_BY_TYPE[type](parts);
}

/** A hex digest that is the same for the same seed in every run. */
export function stableHex(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** A UUID-shaped id that is the same for the same seed in every run. */
export function stableUuid(seed: string): string {
  const h = stableHex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

/** A Terraform nested block as a list (JSON allows one object or an array of them). */
export function blocks<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
