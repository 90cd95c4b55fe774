import { minimalFleetSpec } from '../../testing/specs';
import {
  onlyResource,
  resources,
  stage,
  synthJson,
} from '../../testing/synthJson';

const TOOLCHAIN = 'org-fleet-toolchain';

function spec(mutate: (s: any) => void = () => {}) {
  const s = minimalFleetSpec();
  mutate(s);
  return s;
}

describe('AccountFleetPipeline stacks', () => {
  describe('GIVEN a fleet with nested OUs, accounts and SCPs', () => {
    let stack: any;
    let pipeline: any;
    let names: string[];
    beforeAll(async () => {
      const stacks = await synthJson(
        spec(s => {
          s.spec.organization.accounts = [
            {
              name: 'orders-prod',
              email: 'aws+orders@example.com',
              ou: 'Prod',
            },
          ];
          s.spec.organization.policies = [
            {
              name: 'regions',
              preset: 'region-allowlist',
              allowedRegions: ['eu-west-1'],
              targets: ['Workloads'],
            },
            {
              name: 'custom',
              document: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Deny',
                    Action: 'iam:CreateAccessKey',
                    Resource: 'arn:aws:iam::*:user/${aws:username}',
                  },
                ],
              },
              targets: ['Prod', 'Sandbox'],
            },
          ];
        }),
      );
      names = Object.keys(stacks);
      stack = stacks[TOOLCHAIN];
      pipeline = onlyResource(stack, 'aws_codepipeline');
    });

    it('WHEN synthesized THEN everything lives in one stack in the management account', () => {
      expect(names).toEqual([TOOLCHAIN]);
      expect(stack.provider.aws[0].allowed_account_ids).toEqual([
        '111111111111',
      ]);
    });

    it('THEN OUs hang off the given root id or their parent OU', () => {
      const ous = Object.fromEntries(
        resources(stack, 'aws_organizations_organizational_unit').map(o => [
          o.name,
          o,
        ]),
      );
      expect(ous.Sandbox.parent_id).toBe('r-ab12');
      expect(ous.Workloads.parent_id).toBe('r-ab12');
      expect(ous.Prod.parent_id).toMatch(
        /^\$\{aws_organizations_organizational_unit\.ou-Workloads\.id\}$/,
      );
    });

    it('THEN accounts are placed in their OU and protected from accidental closure', () => {
      const account = onlyResource(stack, 'aws_organizations_account');
      expect(account).toMatchObject({
        name: 'orders-prod',
        email: 'aws+orders@example.com',
        close_on_deletion: false,
      });
      expect(account.lifecycle.prevent_destroy).toBe(true);
      expect(account.parent_id).toMatch(/ou-Prod\.id/);
    });

    it('THEN SCPs are created and attached to each target OU, IAM policy variables kept literal', () => {
      const policies = Object.fromEntries(
        resources(stack, 'aws_organizations_policy').map(p => [p.name, p]),
      );
      expect(policies.regions.type).toBe('SERVICE_CONTROL_POLICY');
      expect(
        JSON.parse(policies.regions.content).Statement[0].Condition
          .StringNotEquals['aws:RequestedRegion'],
      ).toEqual(['eu-west-1']);
      expect(policies.custom.content).toContain('user/$${aws:username}');
      expect(
        resources(stack, 'aws_organizations_policy_attachment'),
      ).toHaveLength(3);
    });

    it('THEN the baseline is planned and checked, applied to the sandbox, approved, then rolled out OU by OU', () => {
      expect(pipeline.stage.map((s: any) => s.name)).toEqual([
        'Source',
        'Build',
        'Beta',
        'Approval',
        'Prod-Wave1',
        'Prod-Wave2',
      ]);
      expect(stage(pipeline, 'Build').action.map((a: any) => a.name)).toEqual([
        'Build',
        'IaCScan',
        'SecretsScan',
      ]);
      expect(stage(pipeline, 'Beta').action.map((a: any) => a.name)).toEqual([
        'Apply-Sandbox',
      ]);
      expect(
        stage(pipeline, 'Prod-Wave2').action.map((a: any) => a.name),
      ).toEqual(['Apply-Prod']);
      const env = JSON.parse(
        stage(pipeline, 'Prod-Wave2').action[0].configuration
          .EnvironmentVariables,
      );
      expect(env.find((v: any) => v.name === 'OU_ID').value).toMatch(
        /ou-Prod\.id/,
      );
      // The unit's own accounts and directly attached SCPs, for the portal's row of the unit.
      expect(
        env.find((v: any) => v.name === 'OU_ACCOUNT_NAMES').value,
      ).toBe('["orders-prod"]');
      expect(
        env.find((v: any) => v.name === 'OU_SERVICE_CONTROL_POLICIES').value,
      ).toBe('["custom"]');
    });

    it('THEN each production wave is guarded by the window and the fleet alarm, bakes and rolls back', () => {
      const wave = stage(pipeline, 'Prod-Wave1');
      expect(wave.before_entry.condition.rule.map((r: any) => r.name)).toEqual([
        'DeploymentWindow',
        'AlarmBlocker-us-east-1',
      ]);
      expect(wave.on_success.condition.rule[0].configuration).toMatchObject({
        AlarmName: 'org-fleet-prod-us-east-1-high-severity',
        WaitTime: '720',
      });
      expect(wave.on_failure).toEqual({ result: 'ROLLBACK' });
    });
  });
});
