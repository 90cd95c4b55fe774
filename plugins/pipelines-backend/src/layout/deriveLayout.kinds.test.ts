import type {
  ActionCategory,
  ActionDeclaration,
  PipelineDeclaration,
  StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import {
  ACTION,
  STAGE,
  WAVE_TARGET_VARIABLE,
  codeBuildEnvironmentVariables,
  formatAccountList,
  formatNameList,
} from '@dpra/pipeline-contract';
import { deriveLayout } from './deriveLayout';

/*
 * Image and fleet pipelines as GetPipeline returns them, named and configured with the contract's
 * own functions (the same the stacks use).
 */

const codeBuildAction = (
  name: string,
  category: ActionCategory,
  env: Record<string, string> = {},
  extra: Partial<ActionDeclaration> = {},
): ActionDeclaration => ({
  name,
  actionTypeId: { category, owner: 'AWS', provider: 'CodeBuild', version: '1' },
  runOrder: 1,
  configuration: {
    ProjectName: `x-${name}`,
    ...(Object.keys(env).length
      ? { EnvironmentVariables: codeBuildEnvironmentVariables(env) }
      : {}),
  },
  ...extra,
});

const approvalStage: StageDeclaration = {
  name: STAGE.approval,
  actions: [
    {
      name: ACTION.manualApproval,
      actionTypeId: {
        category: 'Approval',
        owner: 'AWS',
        provider: 'Manual',
        version: '1',
      },
    },
  ],
};

const bake = (minutes: number): StageDeclaration['onSuccess'] => ({
  conditions: [
    {
      result: 'ROLLBACK',
      rules: [
        {
          name: 'Bake',
          ruleTypeId: {
            category: 'Rule',
            owner: 'AWS',
            provider: 'CloudWatchAlarm',
            version: '1',
          },
          configuration: {
            AlarmName: 'golden-ami-prod-high-severity',
            WaitTime: String(minutes),
          },
        },
      ],
    },
  ],
});

const SSM = '/dpra/images/golden-ami/latest';
const distribute = (region: string, accounts: string[]) =>
  codeBuildAction(
    ACTION.distribute(region),
    'Deploy',
    {
      AMI_ID: '#{BuildVariables.AMI_ID}',
      [WAVE_TARGET_VARIABLE.targetAccounts]: formatAccountList(accounts),
      [WAVE_TARGET_VARIABLE.ssmParameter]: SSM,
    },
    { region },
  );

const imageDeclaration: PipelineDeclaration = {
  name: 'golden-ami',
  roleArn: 'arn:aws:iam::111111111111:role/golden-ami-pipeline',
  stages: [
    { name: STAGE.source, actions: [codeBuildAction('Source', 'Source')] },
    {
      name: STAGE.build,
      actions: [codeBuildAction(ACTION.imageBuild, 'Build')],
    },
    {
      name: STAGE.test,
      actions: [
        codeBuildAction(ACTION.imageTests, 'Test'),
        codeBuildAction(ACTION.imageScan, 'Test'),
      ],
    },
    approvalStage,
    {
      name: STAGE.prodWave(1),
      actions: [distribute('us-east-1', ['222222222222'])],
      onSuccess: bake(60),
    },
    {
      name: STAGE.prodWave(2),
      actions: [
        distribute('us-east-1', ['333333333333', '444444444444']),
        distribute('eu-west-1', ['333333333333', '444444444444']),
      ],
      onSuccess: bake(240),
    },
  ],
};

const apply = (
  ou: string,
  env: Record<string, string> = {},
  runOrder = 1,
): ActionDeclaration =>
  codeBuildAction(
    ACTION.apply(ou),
    'Deploy',
    {
      [WAVE_TARGET_VARIABLE.ouName]: ou,
      EXECUTION_ROLE: 'OrgBaseline',
      ...env,
    },
    { runOrder },
  );

const fleetDeclaration: PipelineDeclaration = {
  name: 'org-fleet',
  roleArn: 'arn:aws:iam::111111111111:role/org-fleet-pipeline',
  stages: [
    { name: STAGE.source, actions: [codeBuildAction('Source', 'Source')] },
    { name: STAGE.build, actions: [codeBuildAction(ACTION.build, 'Build')] },
    { name: STAGE.beta, actions: [apply('Sandbox')] },
    approvalStage,
    {
      name: STAGE.prodWave(1),
      actions: [
        apply('NonProd', {
          [WAVE_TARGET_VARIABLE.ouId]: 'ou-ab12-3456abcd',
          [WAVE_TARGET_VARIABLE.ouAccountNames]: formatNameList([
            'orders beta',
          ]),
          [WAVE_TARGET_VARIABLE.ouServiceControlPolicies]: formatNameList([]),
        }),
      ],
    },
    {
      name: STAGE.prodWave(2),
      // An unresolved reference is no OU id; a unit without the lists predates them.
      actions: [
        apply(
          'Security',
          {
            [WAVE_TARGET_VARIABLE.ouId]:
              '${aws_organizations_organizational_unit.ou-Security.id}',
          },
          2,
        ),
        apply('Prod', {
          [WAVE_TARGET_VARIABLE.ouAccountNames]: formatNameList([
            'orders-prod',
            'payments-prod',
          ]),
          [WAVE_TARGET_VARIABLE.ouServiceControlPolicies]: formatNameList([
            'deny-user-keys',
          ]),
        }),
      ],
    },
  ],
};

describe('deriveLayout of the three kinds', () => {
  describe('GIVEN an image pipeline', () => {
    const layout = deriveLayout(imageDeclaration, 'us-east-1');

    it('THEN it is the image kind: build, test and scan, approval, then distribution waves of accounts × regions', () => {
      expect(layout.kind).toBe('ImagePipeline');
      expect(layout.waveTargets).toBe('accountsByRegion');
      expect(layout.conventional).toBe(true);
      expect(layout.stages.map(s => [s.name, s.phase])).toEqual([
        ['Source', 'source'],
        ['Build', 'build'],
        ['Test', 'test'],
        ['Approval', 'approval'],
        ['Prod-Wave1', 'prod'],
        ['Prod-Wave2', 'prod'],
      ]);
    });

    it('THEN each wave has its accounts as rows and, per region, the accounts and the SSM parameter that receives the AMI', () => {
      expect(layout.waves).toEqual([
        {
          index: 1,
          stageName: 'Prod-Wave1',
          bakeMinutes: 60,
          accounts: ['222222222222'],
          regions: [
            {
              region: 'us-east-1',
              actionNames: ['Distribute-us-east-1'],
              hasOneBox: false,
              accounts: ['222222222222'],
              ssmParameter: SSM,
            },
          ],
        },
        {
          index: 2,
          stageName: 'Prod-Wave2',
          bakeMinutes: 240,
          accounts: ['333333333333', '444444444444'],
          // In deploy order, as the pipeline declares them.
          regions: [
            {
              region: 'us-east-1',
              actionNames: ['Distribute-us-east-1'],
              hasOneBox: false,
              accounts: ['333333333333', '444444444444'],
              ssmParameter: SSM,
            },
            {
              region: 'eu-west-1',
              actionNames: ['Distribute-eu-west-1'],
              hasOneBox: false,
              accounts: ['333333333333', '444444444444'],
              ssmParameter: SSM,
            },
          ],
        },
      ]);
    });
  });

  describe('GIVEN an account fleet pipeline', () => {
    const layout = deriveLayout(fleetDeclaration, 'us-east-1');

    it('THEN it is the fleet kind whose waves are organisational units', () => {
      expect(layout.kind).toBe('AccountFleetPipeline');
      expect(layout.waveTargets).toBe('organizationalUnits');
      expect(layout.stages.map(s => [s.name, s.phase, s.wave])).toEqual([
        ['Source', 'source', undefined],
        ['Build', 'build', undefined],
        ['Beta', 'beta', undefined],
        ['Approval', 'approval', undefined],
        ['Prod-Wave1', 'prod', 1],
        ['Prod-Wave2', 'prod', 2],
      ]);
    });

    it('THEN each unit has its accounts and SCPs where declared, a literal OU id only, in run order', () => {
      expect(layout.waves.map(w => w.organizationalUnits)).toEqual([
        [
          {
            name: 'NonProd',
            id: 'ou-ab12-3456abcd',
            actionName: 'Apply-NonProd',
            region: 'us-east-1',
            accounts: ['orders beta'],
            serviceControlPolicies: [],
          },
        ],
        [
          {
            name: 'Prod',
            actionName: 'Apply-Prod',
            region: 'us-east-1',
            accounts: ['orders-prod', 'payments-prod'],
            serviceControlPolicies: ['deny-user-keys'],
          },
          {
            name: 'Security',
            actionName: 'Apply-Security',
            region: 'us-east-1',
          },
        ],
      ]);
    });
  });

  it('GIVEN production waves whose steps belong to different kinds THEN no kind is claimed and waves are regions', () => {
    const mixed: PipelineDeclaration = {
      ...imageDeclaration,
      stages: [
        ...imageDeclaration.stages!.slice(0, 4),
        {
          name: STAGE.prodWave(1),
          actions: [distribute('us-east-1', ['222222222222']), apply('Prod')],
        },
      ],
    };
    const layout = deriveLayout(mixed, 'us-east-1');
    expect(layout.kind).toBeUndefined();
    expect(layout.waveTargets).toBe('regions');
    expect(layout.waves[0].accounts).toBeUndefined();
    expect(layout.waves[0].organizationalUnits).toBeUndefined();
  });
});
