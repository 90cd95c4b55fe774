import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { deriveLayout } from './deriveLayout';
import {
  conventionalDeclaration,
  unconventionalDeclaration,
} from '../testing/fixtures';

describe('deriveLayout', () => {
  describe('GIVEN a pipeline generated with the DPRA naming convention', () => {
    const layout = deriveLayout(
      conventionalDeclaration as unknown as PipelineDeclaration,
      'us-east-1',
    );

    it('THEN classifies every stage into its phase and marks it conventional', () => {
      expect(layout.conventional).toBe(true);
      expect(layout.homeRegion).toBe('us-east-1');
      expect(layout.stages.map(s => [s.name, s.phase, s.wave])).toEqual([
        ['Source', 'source', undefined],
        ['Build', 'build', undefined],
        ['Beta', 'beta', undefined],
        ['Gamma', 'gamma', undefined],
        ['Approval', 'approval', undefined],
        ['Prod-Wave1', 'prod', 1],
        ['Prod-Wave2', 'prod', 2],
      ]);
    });

    it('THEN builds the wave board: regions per wave, one-box first, bake time', () => {
      expect(layout.waves).toEqual([
        {
          index: 1,
          stageName: 'Prod-Wave1',
          bakeMinutes: 720,
          regions: [
            {
              region: 'us-west-2',
              actionNames: ['OneBox-us-west-2', 'Deploy-us-west-2'],
              hasOneBox: true,
            },
          ],
        },
        {
          index: 2,
          stageName: 'Prod-Wave2',
          bakeMinutes: 180,
          regions: [
            // In the order the pipeline declares them (deploy order), not alphabetical.
            {
              region: 'eu-west-1',
              actionNames: ['OneBox-eu-west-1', 'Deploy-eu-west-1'],
              hasOneBox: true,
            },
            {
              region: 'ap-southeast-2',
              actionNames: ['OneBox-ap-southeast-2', 'Deploy-ap-southeast-2'],
              hasOneBox: true,
            },
          ],
        },
      ]);
    });

    it('THEN reads windows, blocker and bake alarms and rollback from stage conditions', () => {
      const wave2 = layout.stages.find(s => s.name === 'Prod-Wave2')!;
      expect(wave2.safety.windows).toEqual([
        { cron: '0 0 9-16 ? * MON-THU *', timeZone: 'America/New_York' },
      ]);
      expect(wave2.safety.autoRollback).toBe(true);
      expect(wave2.safety.alarmNames).toEqual([
        'orders-service-prod-eu-west-1-high-severity',
        'orders-service-prod-ap-southeast-2-high-severity',
      ]);
      expect(wave2.safety.beforeEntry[0].result).toBe('FAIL');
      const bakeRule = wave2.safety.onSuccess[0].rules[0];
      expect(bakeRule).toMatchObject({
        provider: 'CloudWatchAlarm',
        alarmNames: ['orders-service-prod-eu-west-1-high-severity'],
        alarmStates: ['ALARM'],
        waitTimeMinutes: 180,
        region: 'eu-west-1',
      });
      expect(wave2.safety.onSuccess[0].result).toBe('ROLLBACK');
    });

    it('THEN keeps actions in run order with their regions and one-box flags', () => {
      const gamma = layout.stages.find(s => s.name === 'Gamma')!;
      expect(
        gamma.actions.map(a => [a.name, a.region, a.runOrder, a.oneBox]),
      ).toEqual([
        ['OneBox-us-east-1', 'us-east-1', 1, true],
        ['Deploy-us-east-1', 'us-east-1', 2, false],
        ['Deploy-us-west-2', 'us-west-2', 2, false],
        ['AcceptanceTests', 'us-east-1', 3, false],
      ]);
      const beta = layout.stages.find(s => s.name === 'Beta')!;
      expect(beta.safety.autoRollback).toBe(true);
      expect(beta.safety.bakeMinutes).toBeUndefined();
    });
  });

  describe('GIVEN a hand-made pipeline with its own names', () => {
    const layout = deriveLayout(
      unconventionalDeclaration as unknown as PipelineDeclaration,
      'eu-central-1',
    );

    it('THEN classifies stages best-effort from names and action categories', () => {
      expect(layout.conventional).toBe(false);
      expect(layout.stages.map(s => [s.name, s.phase])).toEqual([
        ['Checkout', 'source'],
        ['Compile', 'build'],
        ['Staging', 'gamma'],
        ['SignOff', 'approval'],
        ['Ship', 'prod'],
      ]);
    });

    it('THEN treats the deploy stage after the human gate as wave 1 with its regions', () => {
      expect(layout.waves).toHaveLength(1);
      expect(layout.waves[0]).toMatchObject({ index: 1, stageName: 'Ship' });
      expect(layout.waves[0].regions).toEqual([
        {
          region: 'eu-central-1',
          actionNames: ['eu-canary', 'eu-all'],
          hasOneBox: false,
        },
        { region: 'us-east-1', actionNames: ['us-all'], hasOneBox: false },
      ]);
    });
  });

  it('classifies unnamed deploy stages by position relative to the approval', () => {
    const deployStage = (name: string) => ({
      name,
      actions: [
        {
          name: 'cfn',
          actionTypeId: {
            category: 'Deploy',
            owner: 'AWS',
            provider: 'CloudFormation',
            version: '1',
          },
        },
      ],
    });
    const layout = deriveLayout(
      {
        name: 'x',
        roleArn: 'r',
        stages: [
          deployStage('Alpha'),
          {
            name: 'Human',
            actions: [
              {
                name: 'ok',
                actionTypeId: {
                  category: 'Approval',
                  owner: 'AWS',
                  provider: 'Manual',
                  version: '1',
                },
              },
            ],
          },
          deployStage('Europe'),
          deployStage('Americas'),
        ],
      } as PipelineDeclaration,
      'us-east-1',
    );
    expect(layout.stages.map(s => [s.phase, s.wave])).toEqual([
      ['beta', undefined],
      ['approval', undefined],
      ['prod', 1],
      ['prod', 2],
    ]);
    expect(layout.waves.map(w => w.regions[0].region)).toEqual([
      'us-east-1',
      'us-east-1',
    ]);
  });

  describe('GIVEN a V1 pipeline shaped as the AWS CLI reference\'s get-pipeline example (S3 source, CodeDeploy "Beta")', () => {
    // Every field AWS marks optional that the example leaves out stays out: no pipelineType,
    // executionMode, conditions, action regions or namespaces.
    const layout = deriveLayout(
      {
        name: 'MyFirstPipeline',
        roleArn: 'arn:aws:iam::111111111111:role/AWS-CodePipeline-Service',
        artifactStore: {
          type: 'S3',
          location: 'codepipeline-us-east-1-11EXAMPLE11',
        },
        version: 1,
        stages: [
          {
            name: 'Source',
            actions: [
              {
                name: 'Source',
                actionTypeId: {
                  category: 'Source',
                  owner: 'AWS',
                  provider: 'S3',
                  version: '1',
                },
                inputArtifacts: [],
                outputArtifacts: [{ name: 'MyApp' }],
                configuration: {
                  S3Bucket: 'awscodepipeline-demo-bucket',
                  S3ObjectKey: 'aws-codepipeline-s3-aws-codedeploy_linux.zip',
                },
                runOrder: 1,
              },
            ],
          },
          {
            name: 'Beta',
            actions: [
              {
                name: 'CodePipelineDemoFleet',
                actionTypeId: {
                  category: 'Deploy',
                  owner: 'AWS',
                  provider: 'CodeDeploy',
                  version: '1',
                },
                inputArtifacts: [{ name: 'MyApp' }],
                outputArtifacts: [],
                configuration: {
                  ApplicationName: 'CodePipelineDemoApplication',
                  DeploymentGroupName: 'CodePipelineDemoFleet',
                },
                runOrder: 1,
              },
            ],
          },
        ],
      } as PipelineDeclaration,
      'us-east-1',
    );

    it('THEN the phases are read, the deployment runs in the home region, and no kind or wave is claimed', () => {
      expect(layout.stages.map(s => [s.name, s.phase])).toEqual([
        ['Source', 'source'],
        ['Beta', 'beta'],
      ]);
      expect(layout.stages[1].actions[0]).toMatchObject({
        region: 'us-east-1',
        provider: 'CodeDeploy',
      });
      expect(layout.stages[1].safety).toMatchObject({
        beforeEntry: [],
        onSuccess: [],
        autoRollback: false,
      });
      expect(layout.waves).toEqual([]);
      expect(layout.kind).toBeUndefined();
      expect(layout.waveTargets).toBe('regions');
      // "Source" and "Beta" happen to be names of the convention.
      expect(layout.conventional).toBe(true);
    });
  });

  describe('GIVEN a hand-made cross-region pipeline whose stages deploy the same actions region by region, with no approval', () => {
    const regionStage = (name: string, region: string) => ({
      name,
      onFailure: { result: 'ROLLBACK' },
      actions: [
        {
          name: `cfn-${region}`,
          region,
          runOrder: 1,
          actionTypeId: {
            category: 'Deploy',
            owner: 'AWS',
            provider: 'CloudFormation',
            version: '1',
          },
        },
        {
          name: 'smoke',
          region,
          runOrder: 2,
          actionTypeId: {
            category: 'Invoke',
            owner: 'AWS',
            provider: 'Lambda',
            version: '1',
          },
        },
      ],
    });
    const layout = deriveLayout(
      {
        name: 'payments',
        roleArn: 'r',
        stages: [
          {
            name: 'Fetch',
            actions: [
              {
                name: 'repo',
                actionTypeId: {
                  category: 'Source',
                  owner: 'AWS',
                  provider: 'CodeCommit',
                  version: '1',
                },
              },
            ],
          },
          regionStage('Virginia', 'us-east-1'),
          regionStage('Ireland', 'eu-west-1'),
          regionStage('Sydney', 'ap-southeast-2'),
          // Same actions, a region already deployed: a second pass, not a wave of the rollout.
          regionStage('Recheck', 'ap-southeast-2'),
        ],
      } as PipelineDeclaration,
      'us-east-1',
    );

    it('THEN those stages are production waves in stage order, with their regions and rollback', () => {
      expect(layout.stages.map(s => [s.name, s.phase, s.wave])).toEqual([
        ['Fetch', 'source', undefined],
        ['Virginia', 'prod', 1],
        ['Ireland', 'prod', 2],
        ['Sydney', 'prod', 3],
        ['Recheck', 'beta', undefined],
      ]);
      expect(layout.waves.map(w => w.regions.map(r => r.region))).toEqual([
        ['us-east-1'],
        ['eu-west-1'],
        ['ap-southeast-2'],
      ]);
      expect(layout.stages[2].safety.autoRollback).toBe(true);
    });
  });

  it('GIVEN stages and actions with every optional field left out THEN the layout is still derived', () => {
    const layout = deriveLayout(
      {
        name: 'bare',
        roleArn: 'r',
        stages: [{ name: 'Only' }, { name: 'Second', actions: [{}] }],
      } as PipelineDeclaration,
      'eu-west-1',
    );
    expect(layout.stages.map(s => [s.name, s.phase])).toEqual([
      ['Only', 'other'],
      ['Second', 'other'],
    ]);
    expect(layout.stages[1].actions[0]).toEqual({
      name: '',
      category: 'Unknown',
      provider: 'Unknown',
      region: 'eu-west-1',
      runOrder: 1,
      oneBox: false,
    });
    expect(layout.waves).toEqual([]);
  });
});
