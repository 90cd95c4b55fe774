import type { Construct } from 'constructs';
import { OrganizationsAccount } from '@cdktf/provider-aws/lib/organizations-account';
import { OrganizationsOrganizationalUnit } from '@cdktf/provider-aws/lib/organizations-organizational-unit';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import type { AccountFleetPipelineSpec } from '../../spec/schema';
import { terraformLiteral } from '../terraformText';
import { serviceControlPolicyDocument } from './serviceControlPolicies';

/** Props of {@link FleetOrganization}. @public */
export interface FleetOrganizationProps {
  readonly spec: AccountFleetPipelineSpec;
}

/**
 * The organization an account fleet manages, as Terraform resources: the OU tree (parents
 * first), the member accounts (never closed by removing them from the spec) and the service
 * control policies with their attachments.
 *
 * Adds its resources to `scope` itself rather than to a child construct, so their Terraform
 * addresses stay those of deployed pipelines (ADR 0003).
 *
 * @public
 */
export class FleetOrganization {
  private readonly ous = new Map<string, OrganizationsOrganizationalUnit>();

  constructor(scope: Construct, props: FleetOrganizationProps) {
    const s = props.spec.spec;
    const name = props.spec.metadata.name;
    const pending = [...s.organization.organizationalUnits];
    // Parents first: validation guarantees the tree is acyclic and every parent exists.
    while (pending.length) {
      const index = pending.findIndex(
        ou => ou.parent === undefined || this.ous.has(ou.parent),
      );
      const [ou] = pending.splice(index, 1);
      this.ous.set(
        ou.name,
        new OrganizationsOrganizationalUnit(scope, `ou-${ou.name}`, {
          name: ou.name,
          parentId:
            ou.parent === undefined
              ? s.organization.rootId
              : this.ous.get(ou.parent)!.id,
        }),
      );
    }
    s.organization.accounts.forEach(account => {
      new OrganizationsAccount(scope, `account-${account.email}`, {
        name: account.name,
        email: account.email,
        parentId: this.ous.get(account.ou)!.id,
        closeOnDeletion: false,
        // Accounts outlive pipelines: removing one from the spec must not close it.
        lifecycle: {
          preventDestroy: true,
          ignoreChanges: ['role_name', 'iam_user_access_to_billing'],
        },
      });
    });
    s.organization.policies.forEach(policy => {
      const scp = new OrganizationsPolicy(scope, `scp-${policy.name}`, {
        name: policy.name,
        description: policy.description
          ? terraformLiteral(policy.description)
          : `Managed by ${name}`,
        type: 'SERVICE_CONTROL_POLICY',
        content: serviceControlPolicyDocument(policy),
      });
      policy.targets.forEach(target => {
        new OrganizationsPolicyAttachment(
          scope,
          `scp-${policy.name}-${target}`,
          {
            policyId: scp.id,
            targetId: this.ous.get(target)!.id,
          },
        );
      });
    });
  }

  /** The id of an OU the spec names (validation guarantees it exists). */
  ouId(name: string): string {
    const ou = this.ous.get(name);
    if (!ou) throw new Error(`no organizational unit ${name}`);
    return ou.id;
  }
}
