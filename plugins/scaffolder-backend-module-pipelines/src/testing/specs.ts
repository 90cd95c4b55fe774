/*
 * Small valid pipeline specs of each kind, as a template would assemble them from its form. Tests
 * copy one (they are returned fresh) and change only the field under test.
 */

/** An AppPipeline spec (input form). */
export function appServiceSpec(): Record<string, any> {
  return {
    apiVersion: 'dpra/v1',
    kind: 'AppPipeline',
    metadata: {
      name: 'orders-service',
      description: 'Orders API',
      owner: 'group:default/team-orders',
      component: 'orders-service',
    },
    spec: {
      toolchain: { account: '111111111111', region: 'us-east-1' },
      source: { provider: 'CodeConnections', repository: 'example-org/orders-service', branch: 'main' },
      environments: {
        beta: { account: '222222222222', region: 'us-east-1' },
        gamma: { account: '333333333333', regions: ['us-east-1', 'us-west-2'] },
      },
      approval: { enabled: true, notify: ['orders-oncall@example.com'] },
      production: {
        account: '444444444444',
        waves: [
          { regions: ['us-east-1'], bake: '12h' },
          { regions: ['us-west-2', 'eu-west-1'], bake: '3h' },
        ],
      },
    },
  };
}

/** An ImagePipeline spec (input form). */
export function amiBuildSpec(): Record<string, any> {
  return {
    apiVersion: 'dpra/v1',
    kind: 'ImagePipeline',
    metadata: { name: 'base-ami', owner: 'group:default/platform' },
    spec: {
      toolchain: { account: '111111111111', region: 'us-east-1' },
      source: { repository: 'example-org/base-ami' },
      image: { parentImage: 'ami-0123456789abcdef0' },
      distribution: {
        waves: [
          { accounts: ['222222222222'], regions: ['us-east-1'] },
          { accounts: ['444444444444'], regions: ['us-east-1', 'eu-west-1'], bake: '3h' },
        ],
      },
    },
  };
}

/** An AccountFleetPipeline spec (input form). */
export function accountFleetSpec(): Record<string, any> {
  return {
    apiVersion: 'dpra/v1',
    kind: 'AccountFleetPipeline',
    metadata: { name: 'org-fleet', owner: 'group:default/platform' },
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
      waves: [{ ous: ['Workloads'] }, { ous: ['Prod'], bake: '4h' }],
    },
  };
}

/** Every kind, for table tests. */
export const SPECS_BY_KIND = {
  AppPipeline: appServiceSpec,
  ImagePipeline: amiBuildSpec,
  AccountFleetPipeline: accountFleetSpec,
} as const;
