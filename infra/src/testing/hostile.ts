import { minimalAppSpec, minimalFleetSpec } from './specs';

/**
 * Strings that would change the structure of generated output if they were templated into it:
 * Terraform interpolation and directives, HCL, JSON and YAML syntax, shell and JS injection.
 */
export const HOSTILE_STRINGS: string[] = [
  'echo "${HOME}" and ${aws_iam_role.x.arn}',
  'echo %{ if true }directive%{ endif }',
  'echo "quote" \'single\' `backtick` $(whoami)',
  'line one\nline two\n  - injected: yaml',
  '"}]}, "resource": {"aws_instance": {"evil": {}}}, {"',
  'resource "aws_instance" "evil" { ami = "ami-123" } # HCL',
  '${jsonencode({a = 1})} ${file("/etc/passwd")}',
  "'); process.exit(1); ('",
  '</script><script>alert(1)</script>',
  'version: 0.2\nphases: {}',
  '$${already-escaped} %%{also}',
  '#{SourceVariables.CommitId} ${{ github.token }}',
];

/** An AppPipeline whose free-text fields are all hostile. */
export function hostileAppSpec(): any {
  const spec = minimalAppSpec();
  spec.metadata.name = 'hostile-app';
  spec.metadata.description = HOSTILE_STRINGS.join(' ');
  spec.spec.build = {
    commands: HOSTILE_STRINGS,
    unitTestCommands: HOSTILE_STRINGS,
    codeQualityCommands: HOSTILE_STRINGS,
  };
  spec.spec.environments.beta.testCommands = HOSTILE_STRINGS;
  spec.spec.approval = {
    comment: HOSTILE_STRINGS.join(' | ').replace(/\n/g, ' ').slice(0, 500),
  };
  spec.spec.monitoring = {
    namespace: 'Hostile/Ns',
    requestMetric: HOSTILE_STRINGS[0],
    dimensions: { Service: HOSTILE_STRINGS[1], Other: HOSTILE_STRINGS[6] },
  };
  return spec;
}

/**
 * An AccountFleetPipeline with hostile baseline commands and SCP text: the smallest stack (one
 * provider) that carries user text into a buildspec, a policy document and a description, so
 * the terraform plan check of hostile strings stays cheap.
 */
export function hostileFleetSpec(): any {
  const spec = minimalFleetSpec();
  spec.metadata.name = 'hostile-fleet';
  spec.spec.baseline = {
    commands: HOSTILE_STRINGS,
    planCommands: HOSTILE_STRINGS,
  };
  spec.spec.organization.policies = [
    {
      name: 'hostile',
      description: HOSTILE_STRINGS[0],
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Action: 's3:*',
            Resource: '*',
            Sid: 'X',
            Condition: {
              StringLike: { 'aws:PrincipalTag/x': HOSTILE_STRINGS },
            },
          },
        ],
      },
      targets: ['Prod'],
    },
  ];
  return spec;
}
