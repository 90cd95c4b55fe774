import { z } from 'zod/v4';
import {
  accountId,
  command,
  duration,
  email,
  region,
  resourceName,
} from './scalars';
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

/**
 * Execution-role policies the generator writes for what a template deploys (`spec.deploy.executionPolicy`).
 *
 * @public
 */
export const EXECUTION_POLICIES = ['lambda-function-url'] as const;

/*
 * `kind: AppPipeline`: the build stage and its checks, the beta and gamma environments, the
 * production waves and how an environment is deployed.
 */

const checks = z
  .strictObject({
    codeQuality: z
      .boolean()
      .default(true)
      .describe('Static analysis / lint (DPRA: required)'),
    sast: z
      .boolean()
      .default(true)
      .describe('Static application security testing (required)'),
    sca: z
      .boolean()
      .default(true)
      .describe('Software composition analysis with Trivy (required)'),
    sbom: z.boolean().default(true).describe('SBOM in CycloneDX (required)'),
    secretsScan: z
      .boolean()
      .default(true)
      .describe('Secrets detection with gitleaks (required)'),
    iacScan: z
      .boolean()
      .default(true)
      .describe('Infrastructure-as-code scan with Trivy config'),
    securityHub: z
      .boolean()
      .default(true)
      .describe('Import findings into Security Hub as ASFF'),
  })
  .prefault({})
  .describe('Build-stage checks; each is a CodeBuild action');

export const build = z
  .strictObject({
    image: z
      .string()
      .regex(/^[A-Za-z0-9./:_@-]{1,255}$/, {
        error: iss =>
          `${JSON.stringify(iss.input)} is not a container image reference`,
      })
      .default('aws/codebuild/standard:7.0')
      .describe('CodeBuild image'),
    computeType: z
      .enum([
        'BUILD_GENERAL1_SMALL',
        'BUILD_GENERAL1_MEDIUM',
        'BUILD_GENERAL1_LARGE',
        'BUILD_GENERAL1_XLARGE',
        'BUILD_GENERAL1_2XLARGE',
      ])
      .default('BUILD_GENERAL1_SMALL'),
    commands: z
      .array(command)
      .min(1)
      .default(['npm ci', 'npm run build'])
      .describe('Build commands'),
    unitTestCommands: z
      .array(command)
      .min(1)
      .default(['npm test'])
      .describe('Unit test commands; must write JUnit XML to testReportPath'),
    testReportPath: z
      .string()
      .min(1)
      .max(255)
      .default('reports/junit.xml')
      .describe('JUnit XML report path'),
    codeQualityCommands: z
      .array(command)
      .min(1)
      .default(['npx --yes eslint .'])
      .describe('Code-quality commands'),
    sastCommands: z
      .array(command)
      .min(1)
      .default(['semgrep scan --config auto --error'])
      .describe('SAST commands (any tool; a non-zero exit fails the build)'),
    timeout: duration
      .default('20m')
      .describe(
        'Timeout of each build action (DPRA: whole stage under 10 min)',
      ),
    checks,
  })
  .prefault({})
  .describe('Build stage');

const testSwitches = {
  integration: z
    .boolean()
    .default(true)
    .describe('Integration tests (DPRA: required)'),
  acceptance: z.boolean().default(true).describe('Acceptance tests (required)'),
};

const betaEnvironment = z
  .strictObject({
    account: accountId,
    region,
    tests: z.strictObject({ ...testSwitches }).prefault({}),
    testCommands: z
      .array(command)
      .min(1)
      .default(['npm run test:integration'])
      .describe('Test commands; TEST_SUITE names the suite'),
  })
  .describe('Beta: one region, separate account');

const gammaEnvironment = z
  .strictObject({
    account: accountId,
    regions: z
      .array(region)
      .min(2, {
        error:
          'gamma must have at least 2 regions (same regions as production)',
      })
      .max(4),
    oneBox: z
      .boolean()
      .default(true)
      .describe('Deploy a one-box first in each region'),
    tests: z
      .strictObject({
        ...testSwitches,
        synthetic: z
          .boolean()
          .default(true)
          .describe('Synthetic tests (required)'),
        performance: z
          .boolean()
          .default(false)
          .describe('Performance tests (recommended)'),
        resilience: z
          .boolean()
          .default(false)
          .describe('Resilience tests with FIS (recommended)'),
        dast: z.boolean().default(false).describe('DAST (recommended)'),
      })
      .prefault({}),
    testCommands: z.array(command).min(1).default(['npm run test:integration']),
  })
  .describe('Gamma: production-like, at least two regions, one-box');

const wave = z
  .strictObject({
    regions: z
      .array(region)
      .min(1, { error: 'a wave needs at least 1 region' })
      .max(4, {
        error:
          'a wave deploys to at most 4 regions: CodePipeline allows 5 rules per stage condition (one DeploymentWindow rule plus one CloudWatchAlarm rule per region)',
      }),
    oneBox: z
      .boolean()
      .default(true)
      .describe('One-box step first in every region of the wave'),
    bake: duration
      .optional()
      .describe('Bake after the wave; default from production.bake'),
  })
  .describe('One production wave');

const deploy = z
  .strictObject({
    templatePath: z
      .string()
      .regex(/^[A-Za-z0-9._/-]{1,255}$/, {
        error: iss => `${JSON.stringify(iss.input)} is not a file path`,
      })
      .default('template.yaml')
      .describe('CloudFormation template in the build output'),
    stackName: resourceName
      .optional()
      .describe('Stack name stem; default: the pipeline name'),
    executionPolicy: z
      .enum(EXECUTION_POLICIES)
      .optional()
      .describe(
        'A least-privilege policy the generator writes for what a template deploys: lambda-function-url = the Lambda function, its function URL and its IAM role, named after the stack',
      ),
    executionPolicyArns: z
      .array(
        z
          .string()
          .regex(
            /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[A-Za-z0-9+=,.@_/-]+$/,
            {
              error: iss =>
                `${JSON.stringify(iss.input)} is not an IAM policy ARN`,
            },
          ),
      )
      .max(10)
      .optional()
      .describe(
        'Managed policies of the CloudFormation execution role in each environment. Without executionPolicy and without this list the role gets PowerUserAccess (everything but IAM, Organizations and account management): narrow it to what your template creates',
      ),
  })
  .refine(d => d.executionPolicy || d.executionPolicyArns?.length !== 0, {
    path: ['executionPolicyArns'],
    error:
      'is empty and no executionPolicy is named: the CloudFormation execution role would have no permissions',
  })
  .prefault({})
  .describe(
    'How an environment is deployed (CloudFormation action with cross-account roles)',
  );

/** Schema of `kind: AppPipeline`. @public */
export const appPipelineSchema = z
  .strictObject({
    apiVersion: z.literal(SPEC_API_VERSION),
    kind: z.literal('AppPipeline'),
    metadata,
    spec: z.strictObject({
      toolchain,
      source,
      build,
      deploy,
      environments: z.strictObject({
        beta: betaEnvironment,
        gamma: gammaEnvironment,
      }),
      approval,
      production: z.strictObject({
        account: accountId,
        waves: z
          .array(wave)
          .min(1, { error: 'production needs at least 1 wave' })
          .max(20),
        ...safety,
      }),
      monitoring,
      waivers: waivers('AppPipeline'),
      notifications: z
        .strictObject({ emails: z.array(email).default([]) })
        .prefault({})
        .describe('Pipeline failure notifications'),
    }),
  })
  .describe(
    'Application/service pipeline: source, build, beta, gamma, approval, production waves',
  );
