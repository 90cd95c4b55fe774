import { z } from 'zod/v4';
import { command, duration, email, region, shortName } from './scalars';
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

/* `kind: AccountFleetPipeline`: the organization (OUs, accounts, SCPs), the baseline and its waves. */

const scp = z.strictObject({
  name: shortName,
  description: z.string().max(512).optional(),
  preset: z
    .enum([
      'deny-leave-organization',
      'deny-root-user',
      'region-allowlist',
      'protect-security-services',
    ])
    .optional()
    .describe('A built-in policy'),
  document: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('A policy document (JSON object) when no preset is used'),
  allowedRegions: z
    .array(region)
    .optional()
    .describe('For preset region-allowlist'),
  targets: z
    .array(shortName)
    .min(1)
    .describe('OU names the policy is attached to'),
});

/** Schema of `kind: AccountFleetPipeline`. @public */
export const accountFleetPipelineSchema = z
  .strictObject({
    apiVersion: z.literal(SPEC_API_VERSION),
    kind: z.literal('AccountFleetPipeline'),
    metadata,
    spec: z.strictObject({
      toolchain: toolchain.describe(
        'The management (or delegated administrator) account and home region',
      ),
      source,
      organization: z.strictObject({
        rootId: z
          .string()
          .regex(/^r-[0-9a-z]{4,32}$/, {
            error: iss =>
              `${JSON.stringify(
                iss.input,
              )} is not an Organizations root id (r-…)`,
          })
          .describe(
            'Organizations root id, passed in so plans need no AWS lookup',
          ),
        organizationalUnits: z
          .array(
            z.strictObject({
              name: shortName,
              parent: shortName
                .optional()
                .describe('Parent OU name; default the root'),
            }),
          )
          .min(1),
        accounts: z
          .array(
            z.strictObject({
              name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,49}$/, {
                error: iss =>
                  `${JSON.stringify(iss.input)} is not an account name`,
              }),
              email,
              ou: shortName,
            }),
          )
          .default([]),
        policies: z.array(scp).default([]).describe('Service control policies'),
      }),
      baseline: z
        .strictObject({
          commands: z
            .array(command)
            .min(1)
            .default([
              'terraform init -input=false',
              'terraform apply -input=false -auto-approve',
            ])
            .describe(
              'Applied to every account of an OU; OU_NAME and ACCOUNT_IDS are set',
            ),
          planCommands: z
            .array(command)
            .min(1)
            .default([
              'terraform init -input=false',
              'terraform plan -input=false -out=tfplan',
            ]),
          executionRoleName: z
            .string()
            .regex(/^[A-Za-z0-9+=,.@_-]{1,64}$/, {
              error: iss =>
                `${JSON.stringify(iss.input)} is not an IAM role name`,
            })
            .default('OrganizationAccountAccessRole')
            .describe(
              'Role assumed in each member account to apply the baseline',
            ),
          policyChecks: z
            .boolean()
            .default(true)
            .describe('IaC scan of the baseline in Build'),
        })
        .prefault({}),
      sandbox: z
        .strictObject({ ous: z.array(shortName).min(1) })
        .describe('OUs that receive every change first (the Beta stage)'),
      approval,
      waves: z
        .array(
          z.strictObject({
            ous: z.array(shortName).min(1).max(10),
            bake: duration.optional(),
          }),
        )
        .min(1, { error: 'at least 1 wave is needed' })
        .max(20),
      ...safety,
      monitoring,
      waivers: waivers('AccountFleetPipeline'),
    }),
  })
  .describe(
    'Account fleet: OUs, accounts, SCPs and a baseline rolled out OU by OU',
  );
