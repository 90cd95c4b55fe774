import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { minimalSpec } from '@dpra/stacks';
import yaml from 'yaml';

/*
 * Examples shown in the portal's action reference; each one is executed by
 * generate.examples.test.ts. Their specs are @dpra/stacks' smallest valid spec of each kind, so
 * they stay valid as the spec evolves; Backstage shows them as YAML.
 */

function generateStep(name: string, input: Record<string, unknown>): string {
  return yaml.stringify({
    steps: [{ id: 'generate', action: 'dpra:pipeline:generate', name, input }],
  });
}

/** The smallest service spec, owned by a team, with the first wave's bake spelt out. */
function serviceSpec() {
  const spec = minimalSpec('AppPipeline');
  spec.metadata.owner = 'team-orders';
  spec.spec.production.waves[0].bake = '12h';
  return spec;
}

/** Examples of dpra:pipeline:generate. */
export const examples: TemplateExample[] = [
  {
    description:
      'Generate a service pipeline (beta, gamma, approval, two production waves) into pipeline/',
    example: generateStep('Generate the pipeline', {
      targetPath: 'pipeline',
      spec: serviceSpec(),
    }),
  },
  {
    description:
      'Write only the spec and the cdktf project (no synthesized stacks), e.g. when CI synthesizes',
    example: generateStep('Generate the cdktf project', {
      synth: false,
      spec: minimalSpec('ImagePipeline'),
    }),
  },
  {
    description:
      'Generate an account-fleet pipeline that rolls a baseline out OU by OU, sandbox first',
    example: generateStep('Generate the fleet pipeline', {
      targetPath: 'fleet',
      spec: minimalSpec('AccountFleetPipeline'),
    }),
  },
];
