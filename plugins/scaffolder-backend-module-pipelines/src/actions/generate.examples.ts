import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples shown in the portal's action reference; each one is executed by generate.examples.test.ts. */
export const examples: TemplateExample[] = [
  {
    description:
      'Generate a service pipeline (beta, gamma, approval, two production waves) into pipeline/',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          action: 'dpra:pipeline:generate',
          name: 'Generate the pipeline',
          input: {
            targetPath: 'pipeline',
            spec: {
              apiVersion: 'dpra/v1',
              kind: 'AppPipeline',
              metadata: { name: 'orders-service', owner: 'team-orders' },
              spec: {
                toolchain: { account: '111111111111', region: 'us-east-1' },
                source: { repository: 'example-org/orders-service' },
                environments: {
                  beta: { account: '222222222222', region: 'us-east-1' },
                  gamma: {
                    account: '333333333333',
                    regions: ['us-east-1', 'us-west-2'],
                  },
                },
                production: {
                  account: '444444444444',
                  waves: [
                    { regions: ['us-east-1'], bake: '12h' },
                    { regions: ['us-west-2', 'eu-west-1'] },
                  ],
                },
              },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Write only the spec and the cdktf project (no synthesized stacks), e.g. when CI synthesizes',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          action: 'dpra:pipeline:generate',
          name: 'Generate the cdktf project',
          input: {
            synth: false,
            spec: {
              apiVersion: 'dpra/v1',
              kind: 'ImagePipeline',
              metadata: { name: 'base-ami' },
              spec: {
                toolchain: { account: '111111111111', region: 'eu-west-1' },
                source: { repository: 'example-org/base-ami' },
                image: { parentImage: 'ami-0123456789abcdef0' },
                distribution: {
                  waves: [
                    { accounts: ['222222222222'], regions: ['eu-west-1'] },
                  ],
                },
              },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Generate an account-fleet pipeline that rolls a baseline out OU by OU, sandbox first',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          action: 'dpra:pipeline:generate',
          name: 'Generate the fleet pipeline',
          input: {
            targetPath: 'fleet',
            spec: {
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
                  ],
                },
                sandbox: { ous: ['Sandbox'] },
                waves: [{ ous: ['Workloads'] }],
              },
            },
          },
        },
      ],
    }),
  },
];
