import {
  ACTION,
  findingsStampVariables,
  readCodeBuildEnvironmentVariables,
} from '@dpra/pipeline-contract';
import { parse } from 'yaml';
import { minimalImageSpec } from '../../testing/specs';
import {
  onlyResource,
  resources,
  stage,
  synthJson,
} from '../../testing/synthJson';

const TOOLCHAIN = 'base-ami-toolchain';

function spec(mutate: (s: any) => void = () => {}) {
  const s = minimalImageSpec();
  mutate(s);
  return s;
}

describe('ImagePipeline stacks', () => {
  describe('GIVEN a minimal ImagePipeline spec', () => {
    let stacks: Record<string, any>;
    let pipeline: any;
    beforeAll(async () => {
      stacks = await synthJson(spec());
      pipeline = onlyResource(stacks[TOOLCHAIN], 'aws_codepipeline');
    });

    it('WHEN synthesized THEN there is a toolchain stack and a publisher stack per receiving account', () => {
      expect(Object.keys(stacks)).toEqual([
        TOOLCHAIN,
        'base-ami-consumer-222222222222',
        'base-ami-consumer-444444444444',
      ]);
      const role = onlyResource(
        stacks['base-ami-consumer-444444444444'],
        'aws_iam_role',
      );
      expect(role.name).toBe('base-ami-ami-publisher');
      expect(
        onlyResource(
          stacks['base-ami-consumer-444444444444'],
          'aws_iam_role_policy',
        ).policy,
      ).toContain(':parameter/dpra/base-ami/ami-id');
    });

    it('THEN Image Builder has a recipe with STIG hardening, an IMDSv2 infrastructure and Inspector scanning', () => {
      const recipe = onlyResource(
        stacks[TOOLCHAIN],
        'aws_imagebuilder_image_recipe',
      );
      expect(recipe.parent_image).toBe('ami-0123456789abcdef0');
      expect(recipe.component[0].component_arn).toMatch(
        /:aws:component\/stig-build-linux-medium\/x\.x\.x$/,
      );
      const infra = onlyResource(
        stacks[TOOLCHAIN],
        'aws_imagebuilder_infrastructure_configuration',
      );
      expect(infra.instance_metadata_options.http_tokens).toBe('required');
      const imagePipeline = onlyResource(
        stacks[TOOLCHAIN],
        'aws_imagebuilder_image_pipeline',
      );
      expect(
        imagePipeline.image_scanning_configuration.image_scanning_enabled,
      ).toBe(true);
      expect(imagePipeline.schedule).toBeUndefined();
    });

    it('THEN the pipeline builds, tests and scans the image, asks for approval, then distributes in waves', () => {
      expect(pipeline.stage.map((s: any) => s.name)).toEqual([
        'Source',
        'Build',
        'Test',
        'Approval',
        'Prod-Wave1',
        'Prod-Wave2',
      ]);
      expect(stage(pipeline, 'Test').action.map((a: any) => a.name)).toEqual([
        'ImageTests',
        'ImageScan',
      ]);
      expect(
        stage(pipeline, 'Prod-Wave2').action.map((a: any) => [
          a.name,
          a.region,
        ]),
      ).toEqual([
        ['Distribute-us-east-1', 'us-east-1'],
        ['Distribute-eu-west-1', 'eu-west-1'],
      ]);
    });

    it('THEN the image scan gets the build and the findings stamp, and may read Image Builder findings and import them', () => {
      const scan = stage(pipeline, 'Test').action.find(
        (a: any) => a.name === ACTION.imageScan,
      );
      expect(readCodeBuildEnvironmentVariables(scan.configuration)).toEqual({
        AMI_ID: '#{BuildVariables.AMI_ID}',
        IMAGE_BUILD_ARN: '#{BuildVariables.IMAGE_BUILD_ARN}',
        ...findingsStampVariables(pipeline.name, ACTION.imageScan),
      });
      const buildPolicy = resources(
        stacks[TOOLCHAIN],
        'aws_iam_role_policy',
      ).find(p => p.name === 'codebuild');
      expect(buildPolicy.policy).toContain('imagebuilder:ListImageScanFindings');
      expect(buildPolicy.policy).toContain('securityhub:BatchImportFindings');
    });

    it('THEN the AMI id flows from the build to every wave as a pipeline variable', () => {
      const build = stage(pipeline, 'Build').action.find(
        (a: any) => a.name === 'Build',
      );
      expect(build.namespace).toBe('BuildVariables');
      const project = resources(
        stacks[TOOLCHAIN],
        'aws_codebuild_project',
      ).find(p => p.name === 'base-ami-build');
      expect(
        parse(project.source.buildspec).env['exported-variables'],
      ).toContain('AMI_ID');
      const distribute = stage(pipeline, 'Prod-Wave1').action[0];
      const env = JSON.parse(distribute.configuration.EnvironmentVariables);
      expect(env).toEqual(
        expect.arrayContaining([
          {
            name: 'AMI_ID',
            value: '#{BuildVariables.AMI_ID}',
            type: 'PLAINTEXT',
          },
          { name: 'TARGET_ACCOUNTS', value: '222222222222', type: 'PLAINTEXT' },
          {
            name: 'SSM_PARAMETER',
            value: '/dpra/base-ami/ami-id',
            type: 'PLAINTEXT',
          },
        ]),
      );
    });

    it('THEN distribution waves have the window, blockers, bake and rollback', () => {
      const wave1 = stage(pipeline, 'Prod-Wave1');
      expect(wave1.before_entry.condition.rule.map((r: any) => r.name)).toEqual(
        ['DeploymentWindow', 'AlarmBlocker-us-east-1'],
      );
      expect(wave1.on_success.condition.rule[0].configuration.WaitTime).toBe(
        '720',
      );
      expect(
        stage(pipeline, 'Prod-Wave2').on_success.condition.rule.map(
          (r: any) => r.configuration.WaitTime,
        ),
      ).toEqual(['180', '180']);
      expect(wave1.on_failure).toEqual({ result: 'ROLLBACK' });
    });
  });

  describe('GIVEN custom components and no hardening', () => {
    it('WHEN synthesized THEN each component is an Image Builder component whose document carries the commands as data', async () => {
      const stacks = await synthJson(
        spec(s => {
          s.spec.image.hardening = 'none';
          s.spec.image.components = [
            { name: 'agent', commands: ['dnf install -y "${PKG}"'] },
          ];
        }),
      );
      const component = onlyResource(
        stacks[TOOLCHAIN],
        'aws_imagebuilder_component',
      );
      expect(component.name).toBe('base-ami-agent');
      // Terraform would interpolate ${PKG}: it is escaped as $${PKG} in the JSON.
      expect(component.data).toContain('$${PKG}');
      const recipe = onlyResource(
        stacks[TOOLCHAIN],
        'aws_imagebuilder_image_recipe',
      );
      expect(recipe.component).toHaveLength(1);
    });
  });
});
