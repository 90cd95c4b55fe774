import { z } from 'zod/v4';
import {
  accountId,
  alarmName,
  command,
  deploymentWindowCron,
  duration,
  email,
  region,
  resourceName,
  shortName,
  timeZone,
} from './scalars';

/*
 * The pipeline spec, `apiVersion: dpra/v1`. Every object is strict (unknown keys are errors) and
 * every optional field carries its default here, so the parsed spec is complete and the
 * constructs never invent a value of their own. Defaults follow the DPRA (required actions on)
 * and the Builders' Library article "Automating safe, hands-off deployments" (bake times, time
 * windows, rollback on alarm).
 */

/** The spec's API version. @public */
export const SPEC_API_VERSION = 'dpra/v1';

/** The three pipeline kinds. @public */
export const PIPELINE_KINDS = [
  'AppPipeline',
  'ImagePipeline',
  'AccountFleetPipeline',
] as const;

const metadata = z
  .strictObject({
    name: resourceName.describe(
      'Pipeline name; stems every generated resource name (pipeline, alarms, roles, buckets)',
    ),
    description: z
      .string()
      .max(1000)
      .optional()
      .describe('Free text, shown in the portal'),
    owner: z
      .string()
      .max(200)
      .optional()
      .describe('Owning team (catalog entity ref or name)'),
    component: z
      .string()
      .max(200)
      .optional()
      .describe(
        'Catalog component the pipeline delivers (for the dpra.io/pipelines annotation)',
      ),
    tags: z
      .record(
        z.string().regex(/^[\w.:/=+@ -]{1,128}$/, {
          error: 'is not a valid AWS tag key',
        }),
        z.string().regex(/^[\w.:/=+@ -]{0,256}$/, {
          error: 'is not a valid AWS tag value',
        }),
      )
      .prefault({})
      .describe('Tags applied to every generated resource'),
  })
  .describe('Identity of the pipeline');

const toolchain = z
  .strictObject({
    account: accountId.describe(
      'Toolchain (tooling) account that runs the pipeline',
    ),
    region: region.describe('Home region of the pipeline'),
  })
  .describe('Where the pipeline itself lives');

const source = z
  .strictObject({
    provider: z
      .enum(['CodeConnections', 'CodeCommit', 'S3'], {
        error: iss =>
          `${JSON.stringify(
            iss.input,
          )} is not a source provider (CodeConnections, CodeCommit, S3)`,
      })
      .default('CodeConnections')
      .describe(
        'CodeConnections (GitHub, GitLab, Bitbucket; the default — CodeCommit is closed to new AWS customers), CodeCommit or S3',
      ),
    repository: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)?$/, {
        error: iss =>
          `${JSON.stringify(
            iss.input,
          )} is not a repository (owner/name, or name for CodeCommit)`,
      })
      .optional()
      .describe(
        'owner/name for CodeConnections, repository name for CodeCommit',
      ),
    branch: z
      .string()
      .regex(/^[A-Za-z0-9._/-]{1,255}$/, {
        error: iss => `${JSON.stringify(iss.input)} is not a branch name`,
      })
      .default('main')
      .describe('Trunk branch; only pushes to it start the pipeline'),
    connectionArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/,
        {
          error: iss =>
            `${JSON.stringify(
              iss.input,
            )} is not a CodeConnections connection ARN`,
        },
      )
      .optional()
      .describe(
        'Existing connection; when absent a connection is created (pending until authorised in the console)',
      ),
    connectionProvider: z
      .enum([
        'GitHub',
        'GitHubEnterpriseServer',
        'GitLab',
        'GitLabSelfManaged',
        'Bitbucket',
      ])
      .default('GitHub')
      .describe(
        'Provider of the connection created when connectionArn is absent',
      ),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
        error: iss => `${JSON.stringify(iss.input)} is not an S3 bucket name`,
      })
      .optional()
      .describe('S3 source: bucket (versioning must be on)'),
    objectKey: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()/-]{1,1024}$/, {
        error: iss => `${JSON.stringify(iss.input)} is not an S3 object key`,
      })
      .optional()
      .describe('S3 source: object key of the zipped source'),
  })
  .prefault({})
  .describe('Where the code comes from');

const approval = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'Manual approval before production (DPRA: required; turn off for continuous deployment)',
      ),
    notify: z
      .array(email)
      .default([])
      .describe('E-mail addresses subscribed to the approval topic'),
    comment: z
      .string()
      .max(500)
      .optional()
      .describe('Text shown to the approver'),
  })
  .prefault({})
  .describe('Manual approval before production');

const deploymentWindow = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe('Block production stages outside the window'),
    cron: deploymentWindowCron
      .default('* * 9-16 ? * MON-THU *')
      .describe(
        'When a stage may start; default Monday-Thursday 09:00-16:59 (no nights, weekends or Fridays)',
      ),
    timeZone: timeZone.default('UTC').describe('Time zone of the cron'),
  })
  .prefault({})
  .describe('Time window for production deployments (DeploymentWindow rule)');

const bakeDefaults = z
  .strictObject({
    oneBox: duration
      .default('1h')
      .describe(
        "Bake after each one-box step (Builders' Library: at least 1 h)",
      ),
    firstWave: duration
      .default('12h')
      .describe('Bake after the first production wave (at least 12 h)'),
    laterWaves: duration
      .default('3h')
      .describe('Bake after each later wave (2-4 h)'),
  })
  .prefault({})
  .describe('Default bake times; a wave can override its own');

const safety = {
  deploymentWindow,
  blockerAlarms: z
    .array(alarmName)
    .max(10)
    .default([])
    .describe(
      'Organisation-wide alarms (in the toolchain account, every production region) that block entry',
    ),
  rollbackOnAlarm: z
    .boolean()
    .default(true)
    .describe('Roll back a stage that fails or whose alarms fire during bake'),
  bake: bakeDefaults,
};

const monitoring = z
  .strictObject({
    namespace: z
      .string()
      .regex(/^[A-Za-z0-9/_.#:-]{1,255}$/, {
        error: iss =>
          `${JSON.stringify(iss.input)} is not a CloudWatch namespace`,
      })
      .optional()
      .describe('Metric namespace of the service; default: the pipeline name'),
    requestMetric: z
      .string()
      .min(1)
      .max(255)
      .default('Requests')
      .describe('Count of requests'),
    faultMetric: z
      .string()
      .min(1)
      .max(255)
      .default('Faults')
      .describe('Count of faults (5xx)'),
    latencyMetric: z
      .string()
      .min(1)
      .max(255)
      .default('Latency')
      .describe('Latency in milliseconds'),
    dimensions: z
      .record(z.string().min(1).max(255), z.string().min(1).max(1024))
      .prefault({})
      .describe(
        'Dimensions added to every metric (Region/Stage are not added automatically)',
      ),
    faultRatePercent: z
      .number()
      .gt(0)
      .max(100)
      .default(1)
      .describe('Fault-rate alarm threshold, percent'),
    latencyP50Ms: z
      .number()
      .positive()
      .default(200)
      .describe('p50 latency alarm threshold, ms'),
    latencyP90Ms: z
      .number()
      .positive()
      .default(500)
      .describe('p90 latency alarm threshold, ms'),
    latencyP99Ms: z
      .number()
      .positive()
      .default(1000)
      .describe('p99 latency alarm threshold, ms'),
    periodSeconds: z
      .union([z.literal(60), z.literal(300)])
      .default(60)
      .describe('Metric period'),
    evaluationPeriods: z
      .number()
      .int()
      .min(1)
      .max(30)
      .default(3)
      .describe('Periods that must breach'),
  })
  .prefault({})
  .describe(
    "Service metrics the alarms watch. Alarms live in the toolchain account and read the environment accounts' metrics through CloudWatch cross-account observability",
  );

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

const build = z
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
      .min(1)
      .max(10)
      .default(['arn:aws:iam::aws:policy/PowerUserAccess'])
      .describe(
        'Managed policies of the CloudFormation execution role in each environment; narrow them to what your template creates',
      ),
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
      notifications: z
        .strictObject({ emails: z.array(email).default([]) })
        .prefault({})
        .describe('Pipeline failure notifications'),
    }),
  })
  .describe(
    'Application/service pipeline: source, build, beta, gamma, approval, production waves',
  );

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
    }),
  })
  .describe('Compute image (AMI) pipeline with EC2 Image Builder');

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
    }),
  })
  .describe(
    'Account fleet: OUs, accounts, SCPs and a baseline rolled out OU by OU',
  );

/** Any pipeline spec (input form, before defaults). @public */
export const pipelineSpecSchema = z.discriminatedUnion('kind', [
  appPipelineSchema,
  imagePipelineSchema,
  accountFleetPipelineSchema,
]);

/** A validated AppPipeline spec with defaults applied. @public */
export type AppPipelineSpec = z.output<typeof appPipelineSchema>;
/** A validated ImagePipeline spec with defaults applied. @public */
export type ImagePipelineSpec = z.output<typeof imagePipelineSchema>;
/** A validated AccountFleetPipeline spec with defaults applied. @public */
export type AccountFleetPipelineSpec = z.output<
  typeof accountFleetPipelineSchema
>;
/** A validated pipeline spec of any kind, defaults applied. @public */
export type PipelineSpec =
  | AppPipelineSpec
  | ImagePipelineSpec
  | AccountFleetPipelineSpec;
/** The spec as a user writes it (defaults optional). @public */
export type PipelineSpecInput = z.input<typeof pipelineSpecSchema>;
