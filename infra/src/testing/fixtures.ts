/*
 * Minimal valid specs of each kind, used as the starting point of table tests: each test copies
 * one and changes exactly the field under test.
 */

/** A minimal valid AppPipeline spec (input form). */
export function minimalAppSpec(): any {
  return {
    apiVersion: 'dpra/v1',
    kind: 'AppPipeline',
    metadata: { name: 'orders-service' },
    spec: {
      toolchain: { account: '111111111111', region: 'us-east-1' },
      source: { repository: 'example-org/orders-service' },
      environments: {
        beta: { account: '222222222222', region: 'us-east-1' },
        gamma: { account: '333333333333', regions: ['us-east-1', 'us-west-2'] },
      },
      production: {
        account: '444444444444',
        waves: [
          { regions: ['us-east-1'] },
          { regions: ['us-west-2', 'eu-west-1'] },
        ],
      },
    },
  };
}

/** A minimal valid ImagePipeline spec (input form). */
export function minimalImageSpec(): any {
  return {
    apiVersion: 'dpra/v1',
    kind: 'ImagePipeline',
    metadata: { name: 'base-ami' },
    spec: {
      toolchain: { account: '111111111111', region: 'us-east-1' },
      source: { repository: 'example-org/base-ami' },
      image: { parentImage: 'ami-0123456789abcdef0' },
      distribution: {
        waves: [
          { accounts: ['222222222222'], regions: ['us-east-1'] },
          { accounts: ['444444444444'], regions: ['us-east-1', 'eu-west-1'] },
        ],
      },
    },
  };
}

/** A minimal valid AccountFleetPipeline spec (input form). */
export function minimalFleetSpec(): any {
  return {
    apiVersion: 'dpra/v1',
    kind: 'AccountFleetPipeline',
    metadata: { name: 'org-fleet' },
    spec: {
      toolchain: { account: '111111111111', region: 'us-east-1' },
      source: { repository: 'example-org/org-fleet' },
      organization: {
        rootId: 'r-ab12',
        organizationalUnits: [
          { name: 'Sandbox' },
          { name: 'Workloads' },
          { name: 'Prod', parent: 'Workloads' },
        ],
      },
      sandbox: { ous: ['Sandbox'] },
      waves: [{ ous: ['Workloads'] }, { ous: ['Prod'] }],
    },
  };
}
