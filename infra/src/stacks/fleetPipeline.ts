import type { App } from 'cdktf';
import { OrganizationsAccount } from '@cdktf/provider-aws/lib/organizations-account';
import { OrganizationsOrganizationalUnit } from '@cdktf/provider-aws/lib/organizations-organizational-unit';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { ACTION, STAGE } from '../naming';
import type { AccountFleetPipelineSpec } from '../spec/schema';
import { durationMinutes } from '../spec/scalars';
import { DpraStack } from './DpraStack';
import type { PipelineActionModel, PipelineStageModel } from './pipelineModel';
import { ServiceAlarms } from './ServiceAlarms';
import { bakeCondition, entryCondition } from './stageSafety';
import { SOURCE_ARTIFACT, Toolchain } from './Toolchain';
import { terraformLiteral } from './terraformText';
import { INSTALL_GITLEAKS, INSTALL_TRIVY } from './buildCommands';

type PolicySpec =
  AccountFleetPipelineSpec['spec']['organization']['policies'][number];

/** Services that must keep working outside the allowed regions (global or us-east-1 only). */
const GLOBAL_SERVICES = [
  'iam:*',
  'organizations:*',
  'sts:*',
  'account:*',
  'route53:*',
  'route53domains:*',
  'cloudfront:*',
  'globalaccelerator:*',
  'support:*',
  'budgets:*',
  'ce:*',
  'health:*',
  'waf:*',
  'shield:*',
  'trustedadvisor:*',
];

/** The policy document of a preset or user-supplied SCP, as JSON text. @public */
export function serviceControlPolicyDocument(policy: PolicySpec): string {
  switch (policy.preset) {
    case 'deny-leave-organization':
      return JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyLeaveOrganization',
            Effect: 'Deny',
            Action: 'organizations:LeaveOrganization',
            Resource: '*',
          },
        ],
      });
    case 'deny-root-user':
      return JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyRootUser',
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: {
              ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
            },
          },
        ],
      });
    case 'region-allowlist':
      return JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyOutsideAllowedRegions',
            Effect: 'Deny',
            NotAction: GLOBAL_SERVICES,
            Resource: '*',
            Condition: {
              StringNotEquals: {
                'aws:RequestedRegion': policy.allowedRegions ?? [],
              },
            },
          },
        ],
      });
    case 'protect-security-services':
      return JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ProtectSecurityServices',
            Effect: 'Deny',
            Action: [
              'guardduty:DeleteDetector',
              'guardduty:DisassociateFromMasterAccount',
              'securityhub:DisableSecurityHub',
              'cloudtrail:StopLogging',
              'cloudtrail:DeleteTrail',
              'config:StopConfigurationRecorder',
              'config:DeleteConfigurationRecorder',
            ],
            Resource: '*',
          },
        ],
      });
    default:
      // User documents may use IAM policy variables (`${aws:username}`): keep them literal.
      return terraformLiteral(JSON.stringify(policy.document));
  }
}

/**
 * Account-fleet pipeline, in the management (or delegated administrator) account: the OU tree,
 * member accounts and SCPs as Terraform resources, and a CodePipeline V2 that plans and checks
 * the baseline, applies it to the sandbox OUs (Beta), waits for approval, then applies it OU by OU
 * in waves guarded by a deployment window, blocker alarms, bake and rollback.
 *
 * @public
 */
export class FleetToolchainStack extends DpraStack {
  constructor(
    scope: App,
    id: string,
    props: { spec: AccountFleetPipelineSpec },
  ) {
    const spec = props.spec;
    const s = spec.spec;
    const name = spec.metadata.name;
    super(scope, id, {
      account: s.toolchain.account,
      region: s.toolchain.region,
      tags: { 'dpra:pipeline': name, ...spec.metadata.tags },
    });

    // ---- Organization --------------------------------------------------------------------------
    const ous = new Map<string, OrganizationsOrganizationalUnit>();
    const pending = [...s.organization.organizationalUnits];
    // Parents first: validation guarantees the tree is acyclic and every parent exists.
    while (pending.length) {
      const index = pending.findIndex(
        ou => ou.parent === undefined || ous.has(ou.parent),
      );
      const [ou] = pending.splice(index, 1);
      ous.set(
        ou.name,
        new OrganizationsOrganizationalUnit(this, `ou-${ou.name}`, {
          name: ou.name,
          parentId:
            ou.parent === undefined
              ? s.organization.rootId
              : ous.get(ou.parent)!.id,
        }),
      );
    }
    s.organization.accounts.forEach(account => {
      new OrganizationsAccount(this, `account-${account.email}`, {
        name: account.name,
        email: account.email,
        parentId: ous.get(account.ou)!.id,
        closeOnDeletion: false,
        // Accounts outlive pipelines: removing one from the spec must not close it.
        lifecycle: {
          preventDestroy: true,
          ignoreChanges: ['role_name', 'iam_user_access_to_billing'],
        },
      });
    });
    s.organization.policies.forEach(policy => {
      const scp = new OrganizationsPolicy(this, `scp-${policy.name}`, {
        name: policy.name,
        description: policy.description
          ? terraformLiteral(policy.description)
          : `Managed by ${name}`,
        type: 'SERVICE_CONTROL_POLICY',
        content: serviceControlPolicyDocument(policy),
      });
      policy.targets.forEach(target => {
        new OrganizationsPolicyAttachment(
          this,
          `scp-${policy.name}-${target}`,
          {
            policyId: scp.id,
            targetId: ous.get(target)!.id,
          },
        );
      });
    });

    // ---- Pipeline ------------------------------------------------------------------------------
    const tc = new Toolchain(this, 'toolchain', {
      name,
      regions: [s.toolchain.region],
      notificationEmails: s.approval.notify,
      source: s.source,
      buildImage: 'aws/codebuild/standard:7.0',
      computeType: 'BUILD_GENERAL1_SMALL',
    });
    const plan = tc.project('plan', {
      suffix: 'plan',
      description: 'Plans the baseline (terraform plan)',
      buildspec: {
        phases: { build: { commands: s.baseline.planCommands } },
        artifacts: { files: ['**/*'] },
      },
    });
    const buildActions: PipelineActionModel[] = [
      tc.buildAction(ACTION.build, plan, { outputs: ['PlanOutput'] }),
    ];
    if (s.baseline.policyChecks) {
      const iac = tc.project('iac-scan', {
        suffix: 'iac-scan',
        description: 'Policy checks of the baseline (Trivy config)',
        buildspec: {
          phases: {
            install: { commands: INSTALL_TRIVY },
            build: {
              commands: [
                'trivy config --severity HIGH,CRITICAL --exit-code 1 .',
              ],
            },
          },
        },
      });
      buildActions.push(
        tc.buildAction(ACTION.iacScan, iac, { category: 'Test' }),
      );
    }
    const secrets = tc.project('secrets-scan', {
      suffix: 'secrets-scan',
      description: 'Secrets detection (gitleaks)',
      buildspec: {
        phases: {
          install: { commands: INSTALL_GITLEAKS },
          build: {
            commands: [
              'gitleaks detect --source . --no-git --redact --exit-code 1',
            ],
          },
        },
      },
    });
    buildActions.push(
      tc.buildAction(ACTION.secretsScan, secrets, { category: 'Test' }),
    );
    const apply = tc.project('apply', {
      suffix: 'apply',
      description:
        'Applies the baseline to every account of OU_ID (assuming EXECUTION_ROLE in each)',
      timeout: '8h',
      buildspec: {
        phases: {
          build: {
            commands: [
              'export ACCOUNT_IDS=$(aws organizations list-accounts-for-parent --parent-id "$OU_ID" --query "Accounts[?Status==\'ACTIVE\'].Id" --output text)',
              ...s.baseline.commands,
            ],
          },
        },
      },
    });
    const applyAction = (ou: string): PipelineActionModel =>
      tc.buildAction(ACTION.apply(ou), apply, {
        category: 'Deploy',
        inputs: [SOURCE_ARTIFACT],
        env: {
          OU_NAME: ou,
          OU_ID: ous.get(ou)!.id,
          EXECUTION_ROLE: s.baseline.executionRoleName,
        },
      });
    const alarms = new ServiceAlarms(this, `alarms-prod-${this.homeRegion}`, {
      provider: this.provider(this.homeRegion),
      pipeline: name,
      environment: 'prod',
      region: this.homeRegion,
      monitoring: s.monitoring,
      blockerAlarms: s.blockerAlarms,
    });
    const fleetAlarms = [
      {
        region: this.homeRegion,
        highSeverity: alarms.highSeverityAlarmName,
        entry: alarms.entryAlarmName,
      },
    ];
    const stages: PipelineStageModel[] = [
      { name: STAGE.source, actions: [tc.sourceAction] },
      { name: STAGE.build, actions: buildActions },
      {
        name: STAGE.beta,
        actions: s.sandbox.ous.map(applyAction),
        onSuccess: bakeCondition(
          s,
          fleetAlarms,
          durationMinutes(s.bake.oneBox),
        ),
        rollbackOnFailure: s.rollbackOnAlarm,
      },
    ];
    if (s.approval.enabled) {
      stages.push(
        tc.manualApprovalStage(
          s.approval.comment ??
            `Approve the ${name} baseline for production OUs`,
        ),
      );
    }
    s.waves.forEach((wave, i) => {
      const bake =
        wave.bake ?? (i === 0 ? s.bake.firstWave : s.bake.laterWaves);
      stages.push({
        name: STAGE.prodWave(i + 1),
        actions: wave.ous.map(applyAction),
        beforeEntry: entryCondition(s, fleetAlarms),
        onSuccess: bakeCondition(s, fleetAlarms, durationMinutes(bake)),
        rollbackOnFailure: s.rollbackOnAlarm,
      });
    });
    tc.pipeline(stages, {
      extraBuildStatements: [
        {
          Sid: 'ListOuAccounts',
          Effect: 'Allow',
          Action: [
            'organizations:ListAccountsForParent',
            'organizations:DescribeOrganizationalUnit',
          ],
          Resource: '*',
        },
        {
          Sid: 'ApplyBaseline',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: `arn:${this.partition}:iam::*:role/${s.baseline.executionRoleName}`,
        },
      ],
    });
  }
}

/** Adds the stack of an AccountFleetPipeline to `app`; returns its name. @public */
export function addFleetPipelineStacks(
  app: App,
  spec: AccountFleetPipelineSpec,
): string[] {
  const id = `${spec.metadata.name}-toolchain`;
  new FleetToolchainStack(app, id, { spec });
  return [id];
}
