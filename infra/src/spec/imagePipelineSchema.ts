import { z } from 'zod/v4';
import { accountId, command, duration, region, shortName } from './scalars';
import {
  SPEC_API_VERSION,
  metadata,
  toolchain,
  source,
  approval,
  safety,
  monitoring,
} from './sharedSchema';
import { waivers } from './waivers';

/* `kind: ImagePipeline`: the image recipe, scanning, tests and distribution waves. */

const imageComponent = z.strictObject({
  name: shortName,
  commands: z.array(command).min(1),
});

/** Schema of `kind: ImagePipeline`. @public */
export const imagePipelineSchema = z
  .strictObject({
    apiVersion: z.literal(SPEC_API_VERSION),
    kind: z.literal('ImagePipeline'),
    metadata,
    spec: z.strictObject({
      toolchain,
      source,
      image: z.strictObject({
        parentImage: z
          .string()
          .regex(
            /^(ami-[0-9a-f]{8,17}|arn:aws[a-z-]*:imagebuilder:[a-z0-9-]+:(aws|\d{12}):image\/[a-z0-9-]+\/[0-9x.]+(\/\d+)?|ssm:\/[A-Za-z0-9_./-]+)$/,
            {
              error: iss =>
                iss.input === undefined
                  ? 'is required'
                  : `${JSON.stringify(
                      iss.input,
                    )} is not a parent image (ami-…, an Image Builder image ARN, or ssm:/parameter)`,
            },
          )
          .describe(
            'Parent AMI id, Image Builder image ARN, or ssm:/parameter/name',
          ),
        platform: z.enum(['Linux', 'Windows']).default('Linux'),
        version: z
          .string()
          .regex(/^\d+\.\d+\.\d+$/, {
            error: iss =>
              `${JSON.stringify(iss.input)} is not a semantic version (x.y.z)`,
          })
          .default('1.0.0'),
        hardening: z
          .enum(['none', 'stig-low', 'stig-medium', 'stig-high'])
          .default('stig-medium')
          .describe('Image Builder STIG hardening component'),
        components: z
          .array(imageComponent)
          .max(20)
          .default([])
          .describe('Build components (shell steps)'),
        instanceTypes: z
          .array(z.string().regex(/^[a-z0-9]+\.[a-z0-9]+$/))
          .min(1)
          .default(['t3.medium']),
        rootVolumeGiB: z.number().int().min(8).max(1024).default(30),
        subnetId: z
          .string()
          .regex(/^subnet-[0-9a-f]{8,17}$/)
          .optional(),
        securityGroupIds: z
          .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/))
          .default([]),
      }),
      scanning: z
        .strictObject({
          inspector: z
            .boolean()
            .default(true)
            .describe('Amazon Inspector scan of the image'),
        })
        .prefault({}),
      tests: z
        .strictObject({
          commands: z
            .array(command)
            .min(1)
            .default(['echo "image tests: replace with your checks"']),
        })
        .prefault({}),
      approval,
      distribution: z.strictObject({
        ssmParameterName: z
          .string()
          .regex(/^\/[A-Za-z0-9_.\-/]{1,1010}$/, {
            error: iss =>
              `${JSON.stringify(iss.input)} is not an SSM parameter name`,
          })
          .optional()
          .describe(
            'Parameter that receives the AMI id; default /dpra/<name>/ami-id',
          ),
        waves: z
          .array(
            z.strictObject({
              accounts: z.array(accountId).min(1),
              regions: z.array(region).min(1).max(4, {
                error:
                  'a wave distributes to at most 4 regions (CodePipeline allows 5 rules per stage condition)',
              }),
              bake: duration.optional(),
            }),
          )
          .min(1, { error: 'distribution needs at least 1 wave' })
          .max(20),
        ...safety,
      }),
      monitoring,
      waivers: waivers('ImagePipeline'),
    }),
  })
  .describe('Compute image (AMI) pipeline with EC2 Image Builder');
