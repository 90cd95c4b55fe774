/*
 * Form values a person would submit for each software template (what the portal's form posts as
 * `values`). Shared by the template tests and the dry-run integration test.
 */

/**
 * The Beta and Gamma environments as the app-service and dynamic-config forms ask for them (their
 * accounts, regions and test switches); each template adds its own Gamma switches.
 */
function preProductionEnvironments(gamma: {
  oneBox?: boolean;
  tests: Record<string, boolean>;
}): Record<string, any> {
  return {
    beta: {
      account: '222222222222',
      region: 'us-east-1',
      tests: { integration: true, acceptance: true },
    },
    gamma: {
      account: '333333333333',
      regions: ['us-east-1', 'us-west-2'],
      ...(gamma.oneBox === undefined ? {} : { oneBox: gamma.oneBox }),
      tests: {
        integration: true,
        acceptance: true,
        synthetic: true,
        ...gamma.tests,
      },
    },
  };
}

/** Values for templates/app-service. */
export function appServiceValues(): Record<string, any> {
  return {
    name: 'orders-service',
    description: 'Orders API',
    owner: 'group:default/team-orders',
    lifecycle: 'experimental',
    toolchain: { account: '111111111111', region: 'us-east-1' },
    source: {
      provider: 'CodeConnections',
      repository: 'example-org/orders-service',
      branch: 'main',
    },
    publish: 'local',
    environments: preProductionEnvironments({
      oneBox: true,
      tests: { performance: true, resilience: false, dast: false },
    }),
    production: {
      account: '444444444444',
      waves: [
        { regions: ['us-east-1'], bake: '12h', oneBox: true },
        { regions: ['us-west-2', 'eu-west-1'], bake: '3h', oneBox: true },
      ],
      deploymentWindow: {
        enabled: true,
        cron: '* * 9-16 ? * MON-THU *',
        timeZone: 'Europe/Paris',
      },
      blockerAlarms: ['org-high-severity'],
      rollbackOnAlarm: true,
    },
    approval: { enabled: true, notify: ['orders-oncall@example.com'] },
    checks: {
      codeQuality: true,
      sast: true,
      sca: true,
      sbom: true,
      secretsScan: true,
      iacScan: false,
      securityHub: true,
    },
    deploy: { executionPolicy: 'lambda-function-url', executionPolicyArns: [] },
  };
}

/** Values for templates/ami-build. */
export function amiBuildValues(): Record<string, any> {
  return {
    name: 'base-ami',
    description: 'Hardened Amazon Linux 2023 base image',
    owner: 'group:default/platform',
    lifecycle: 'production',
    toolchain: { account: '111111111111', region: 'eu-west-1' },
    source: {
      provider: 'CodeConnections',
      repository: 'example-org/base-ami',
      branch: 'main',
    },
    publish: 'local',
    image: {
      parentImage:
        'ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      platform: 'Linux',
      version: '1.0.0',
      hardening: 'stig-medium',
      instanceTypes: ['t3.medium'],
      rootVolumeGiB: 30,
      components: [
        {
          name: 'cloudwatch-agent',
          commands: ['dnf install -y amazon-cloudwatch-agent'],
        },
      ],
    },
    scanning: { inspector: true },
    distribution: {
      waves: [
        { accounts: ['222222222222'], regions: ['eu-west-1'], bake: '12h' },
        {
          accounts: ['444444444444', '555555555555'],
          regions: ['eu-west-1', 'eu-central-1'],
          bake: '3h',
        },
      ],
      deploymentWindow: {
        enabled: true,
        cron: '* * 9-16 ? * MON-THU *',
        timeZone: 'UTC',
      },
      rollbackOnAlarm: true,
    },
    approval: { enabled: true, notify: ['platform@example.com'] },
  };
}

/** Values for templates/account-fleet. */
export function accountFleetValues(): Record<string, any> {
  return {
    name: 'org-fleet',
    description: 'Organization OUs, SCPs and account baseline',
    owner: 'group:default/platform',
    lifecycle: 'production',
    toolchain: { account: '111111111111', region: 'us-east-1' },
    source: {
      provider: 'CodeConnections',
      repository: 'example-org/org-fleet',
      branch: 'main',
    },
    publish: 'local',
    organization: {
      rootId: 'r-ab12',
      organizationalUnits: [
        { name: 'Sandbox' },
        { name: 'Workloads' },
        { name: 'Prod', parent: 'Workloads' },
      ],
      accounts: [
        {
          name: 'orders-prod',
          email: 'aws+orders-prod@example.com',
          ou: 'Prod',
        },
      ],
      policies: [
        {
          name: 'DenyLeaveOrganization',
          preset: 'deny-leave-organization',
          targets: ['Workloads'],
        },
        {
          name: 'RegionAllowlist',
          preset: 'region-allowlist',
          allowedRegions: ['us-east-1', 'eu-west-1'],
          targets: ['Prod'],
        },
      ],
    },
    sandbox: { ous: ['Sandbox'] },
    waves: [
      { ous: ['Workloads'], bake: '12h' },
      { ous: ['Prod'], bake: '3h' },
    ],
    baseline: { policyChecks: true },
    approval: { enabled: true, notify: ['platform@example.com'] },
    deploymentWindow: {
      enabled: true,
      cron: '* * 9-16 ? * MON-THU *',
      timeZone: 'UTC',
    },
    blockerAlarms: [],
    rollbackOnAlarm: true,
  };
}

/** Values for templates/dynamic-config. */
export function dynamicConfigValues(): Record<string, any> {
  return {
    name: 'checkout-config',
    description: 'Feature flags and operational configuration of checkout',
    owner: 'group:default/team-orders',
    lifecycle: 'experimental',
    toolchain: { account: '111111111111', region: 'us-east-1' },
    source: {
      provider: 'CodeConnections',
      repository: 'example-org/checkout-config',
      branch: 'main',
    },
    publish: 'local',
    profiles: {
      featureFlags: {
        name: 'feature-flags',
        path: 'config/{environment}/feature-flags.json',
      },
      operational: {
        name: 'operational',
        path: 'config/{environment}/operational.json',
      },
    },
    checks: {
      codeQuality: true,
      sast: true,
      secretsScan: true,
      sca: true,
      sbom: true,
    },
    environments: preProductionEnvironments({ tests: {} }),
    approval: { enabled: true, notify: ['orders-oncall@example.com'] },
    production: {
      account: '444444444444',
      strategy: {
        growthType: 'LINEAR',
        growthFactor: 20,
        deploymentDuration: '30m',
        finalBake: '1h',
      },
      alarms: ['checkout-errors'],
      waves: [
        { regions: ['us-east-1'], bake: '12h' },
        { regions: ['us-west-2', 'eu-west-1'], bake: '3h' },
      ],
      deploymentWindow: {
        enabled: true,
        cron: '* * 9-16 ? * MON-THU *',
        timeZone: 'UTC',
      },
      blockerAlarms: [],
      rollbackOnAlarm: true,
    },
  };
}

/** Template directory name → its form values. */
export const TEMPLATE_VALUES = {
  'app-service': appServiceValues,
  'ami-build': amiBuildValues,
  'account-fleet': accountFleetValues,
  'dynamic-config': dynamicConfigValues,
} as const;
