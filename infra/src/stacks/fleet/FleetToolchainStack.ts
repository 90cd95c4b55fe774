import type { App } from 'cdktf';
import {
  ACTION,
  STAGE,
  WAVE_TARGET_VARIABLE,
  formatNameList,
} from '@dpra/pipeline-contract';
import type { AccountFleetPipelineSpec } from '../../spec/schema';
import { DpraStack, pipelineTags } from '../DpraStack';
import { ServiceAlarms } from '../ServiceAlarms';
import { iacScanCheck, secretsScanCheck } from '../stages/buildChecks';
import { buildStage } from '../stages/buildStage';
import { environmentStage } from '../stages/environmentStages';
import { productionWaveStages } from '../stages/productionWaves';
import { SOURCE_ARTIFACT, Toolchain } from '../toolchain/Toolchain';
import type {
  PipelineActionModel,
  PipelineStageModel,
} from '../toolchain/pipelineModel';
import { FleetOrganization } from './FleetOrganization';

/** Props of {@link FleetToolchainStack}. @public */
export interface FleetToolchainStackProps {
  readonly spec: AccountFleetPipelineSpec;
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
  constructor(scope: App, id: string, props: FleetToolchainStackProps) {
    const spec = props.spec;
    const s = spec.spec;
    const name = spec.metadata.name;
    super(scope, id, {
      account: s.toolchain.account,
      region: s.toolchain.region,
      tags: pipelineTags(spec.metadata),
    });
    const organization = new FleetOrganization(this, { spec });

    const tc = new Toolchain(this, 'toolchain', {
      name,
      regions: [s.toolchain.region],
      notificationEmails: s.approval.notify,
      executionMode: s.toolchain.executionMode,
      waivers: s.waivers,
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
          [WAVE_TARGET_VARIABLE.ouName]: ou,
          [WAVE_TARGET_VARIABLE.ouId]: organization.ouId(ou),
          // Declared for the portal: the unit's row lists its accounts and guardrails.
          [WAVE_TARGET_VARIABLE.ouAccountNames]: formatNameList(
            s.organization.accounts.filter(a => a.ou === ou).map(a => a.name),
          ),
          [WAVE_TARGET_VARIABLE.ouServiceControlPolicies]: formatNameList(
            s.organization.policies
              .filter(p => p.targets.includes(ou))
              .map(p => p.name),
          ),
          EXECUTION_ROLE: s.baseline.executionRoleName,
        },
      });
    // The baseline's health is one signal for the whole fleet, read in the home region.
    const fleetAlarms = [
      new ServiceAlarms(this, `alarms-prod-${this.homeRegion}`, {
        provider: this.provider(this.homeRegion),
        pipeline: name,
        environment: 'prod',
        region: this.homeRegion,
        monitoring: s.monitoring,
        blockerAlarms: s.blockerAlarms,
      }).watched,
    ];

    const stages: PipelineStageModel[] = [
      tc.sourceStage(),
      buildStage(tc, {
        build: tc.buildAction(ACTION.build, plan, { outputs: ['PlanOutput'] }),
        checks: [
          ...(s.baseline.policyChecks
            ? [
                iacScanCheck({
                  description: 'Policy checks of the baseline (Trivy config)',
                }),
              ]
            : []),
          secretsScanCheck(),
        ],
      }),
      environmentStage({
        name: STAGE.beta,
        deployActions: s.sandbox.ous.map(applyAction),
        bake: { safety: s, alarms: fleetAlarms },
        rollbackOnFailure: s.rollbackOnAlarm,
      }),
    ];
    if (s.approval.enabled) {
      stages.push(
        tc.manualApprovalStage(
          s.approval.comment ??
            `Approve the ${name} baseline for production OUs`,
        ),
      );
    }
    stages.push(
      ...productionWaveStages({
        safety: s,
        waves: s.waves,
        alarms: () => fleetAlarms,
        actions: wave => wave.ous.map(applyAction),
      }),
    );

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
