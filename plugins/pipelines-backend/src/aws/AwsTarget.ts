import { InputError } from '@backstage/errors';
import type { PipelinesTargetConfig } from '../config';

/**
 * Where an AWS call goes: an account, a region, and optionally an allow-listed role to assume
 * instead of the account's configured credentials.
 */
export interface AwsTarget {
  accountId: string;
  region: string;
  roleArn?: string;
}

/** A stable key of an account/region pair (for limiters, bookkeeping and logs). */
export function targetKey(target: {
  accountId: string;
  region: string;
}): string {
  return `${target.accountId}/${target.region}`;
}

/**
 * A stable key of an account/region pair and the role it is read with: calls under one key share
 * credentials (client caches, shared reads).
 */
export function credentialsKey(target: AwsTarget): string {
  return `${targetKey(target)}/${target.roleArn ?? ''}`;
}

/**
 * The allow-list of accounts, regions and per-entity roles from config. Every client is created
 * through it, so that an account or region named only in an annotation (or a request) is never
 * called.
 */
export class AwsTargetPolicy {
  private readonly regionsByAccount: Map<string, Set<string>>;
  private readonly allowedRoleArns: Set<string>;

  constructor(options: {
    targets: PipelinesTargetConfig[];
    allowedRoleArns: string[];
  }) {
    this.regionsByAccount = new Map();
    for (const target of options.targets) {
      const regions =
        this.regionsByAccount.get(target.accountId) ?? new Set<string>();
      target.regions.forEach(region => regions.add(region));
      this.regionsByAccount.set(target.accountId, regions);
    }
    this.allowedRoleArns = new Set(options.allowedRoleArns);
  }

  /** All configured account/region pairs. */
  listTargets(): Array<{ accountId: string; region: string }> {
    return [...this.regionsByAccount.entries()].flatMap(
      ([accountId, regions]) =>
        [...regions].map(region => ({ accountId, region })),
    );
  }

  /** Why the target is refused, or undefined when it may be called. */
  refusalReason(target: AwsTarget): string | undefined {
    const regions = this.regionsByAccount.get(target.accountId);
    if (!regions) {
      return `account ${target.accountId} is not in pipelines.aws.targets`;
    }
    if (!regions.has(target.region)) {
      return `region ${target.region} of account ${target.accountId} is not in pipelines.aws.targets`;
    }
    if (target.roleArn) {
      if (!this.allowedRoleArns.has(target.roleArn)) {
        return `role ${target.roleArn} is not in pipelines.aws.allowedRoleArns`;
      }
      const roleAccount = target.roleArn.split(':')[4];
      if (roleAccount !== target.accountId) {
        return `role ${target.roleArn} is not in account ${target.accountId}`;
      }
    }
    return undefined;
  }

  /** Throws an InputError when the target is not allowed by config. */
  assertAllowed(target: AwsTarget): void {
    const reason = this.refusalReason(target);
    if (reason) {
      throw new InputError(`Refused to call AWS: ${reason}`);
    }
  }
}
