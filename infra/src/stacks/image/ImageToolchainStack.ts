import type { App } from 'cdktf';
import {
  ACTION,
  IMAGE_BUILD_VARIABLE,
  ROLE,
  STAGE,
  WAVE_TARGET_VARIABLE,
  findingsStampVariables,
  formatAccountList,
} from '@dpra/pipeline-contract';
import type { ImagePipelineSpec } from '../../spec/schema';
import { DpraStack, pipelineTags } from '../DpraStack';
import { ServiceAlarms } from '../ServiceAlarms';
import { tokenPlaceholder } from '../buildspec';
import { iacScanCheck, secretsScanCheck } from '../stages/buildChecks';
import { buildStage } from '../stages/buildStage';
import { productionWaveStages } from '../stages/productionWaves';
import type { RegionAlarms } from '../stages/stageConditions';
import { Toolchain } from '../toolchain/Toolchain';
import type { PipelineStageModel } from '../toolchain/pipelineModel';
import { ImageBuilderPipeline } from './ImageBuilderPipeline';
import { BUILD_IMAGE, DISTRIBUTE, SCAN_IMAGE_FINDINGS } from './imageCommands';
import { amiParameterName } from './imageNames';

/** Props of {@link ImageToolchainStack}. @public */
export interface ImageToolchainStackProps {
  readonly spec: ImagePipelineSpec;
}

/** The AMI id the Build stage exports, as a pipeline variable of later actions. */
const AMI_ID_VARIABLE = IMAGE_BUILD_VARIABLE.amiId;
/** The Image Builder image build version the Build stage exports. */
const IMAGE_BUILD_ARN_VARIABLE = IMAGE_BUILD_VARIABLE.imageBuildArn;

/**
 * Toolchain stack of an image pipeline: EC2 Image Builder (hardening and custom components,
 * recipe, infrastructure, distribution, Inspector scanning) driven by a CodePipeline V2 that
 * builds, tests and scans the AMI, waits for approval, then distributes it wave by wave
 * (copy, share, publish to SSM) with the same entry/bake/rollback conditions as services.
 *
 * @public
 */
export class ImageToolchainStack extends DpraStack {
  constructor(scope: App, id: string, props: ImageToolchainStackProps) {
    const spec = props.spec;
    const s = spec.spec;
    const name = spec.metadata.name;
    const waveRegions = s.distribution.waves.flatMap(w => w.regions);
    const regions = [...new Set([s.toolchain.region, ...waveRegions])];
    super(scope, id, {
      account: s.toolchain.account,
      region: s.toolchain.region,
      regions,
      tags: pipelineTags(spec.metadata),
    });
    const consumers = [
      ...new Set(s.distribution.waves.flatMap(w => w.accounts)),
    ];
    const tc = new Toolchain(this, 'toolchain', {
      name,
      regions,
      trustedAccounts: consumers,
      notificationEmails: s.approval.notify,
      executionMode: s.toolchain.executionMode,
      waivers: s.waivers,
      source: s.source,
      buildImage: 'aws/codebuild/standard:7.0',
      computeType: 'BUILD_GENERAL1_SMALL',
    });
    const imageBuilder = new ImageBuilderPipeline(this, { stack: this, spec });

    const build = tc.project('build', {
      suffix: 'build',
      description: 'Runs the Image Builder pipeline and exports the AMI id',
      timeout: '8h',
      buildspec: {
        env: {
          variables: { IMAGE_PIPELINE_ARN: tokenPlaceholder('IMAGE_PIPELINE') },
          'exported-variables': ['AMI_ID', 'IMAGE_BUILD_ARN'],
        },
        phases: { build: { commands: BUILD_IMAGE } },
      },
      tokens: { IMAGE_PIPELINE: imageBuilder.imagePipeline.arn },
    });
    const tests = tc.project('image-tests', {
      suffix: 'image-tests',
      description: 'Tests of the new AMI (AMI_ID is set)',
      timeout: '2h',
      buildspec: { phases: { build: { commands: s.tests.commands } } },
    });
    const scan = tc.project('image-scan', {
      suffix: 'image-scan',
      description:
        'Imports the Amazon Inspector findings of the image build into Security Hub; fails on critical ones',
      buildspec: {
        env: { variables: { AWS_ACCOUNT_ID: s.toolchain.account } },
        phases: { build: { commands: SCAN_IMAGE_FINDINGS } },
      },
    });
    const stages: PipelineStageModel[] = [
      tc.sourceStage(),
      buildStage(tc, {
        // Run order 2: the scans run first, so a failing scan stops the pipeline before the image build starts.
        build: {
          ...tc.buildAction(ACTION.imageBuild, build, { runOrder: 2 }),
          namespace: IMAGE_BUILD_VARIABLE.namespace,
        },
        checks: [
          iacScanCheck({
            description:
              'Policy as code on the image definition (Trivy config)',
          }),
          secretsScanCheck(),
        ],
      }),
      {
        name: STAGE.test,
        actions: [
          tc.buildAction(ACTION.imageTests, tests, {
            category: 'Test',
            env: { AMI_ID: AMI_ID_VARIABLE },
          }),
          ...(s.scanning.inspector
            ? [
                tc.buildAction(ACTION.imageScan, scan, {
                  category: 'Test',
                  env: {
                    AMI_ID: AMI_ID_VARIABLE,
                    IMAGE_BUILD_ARN: IMAGE_BUILD_ARN_VARIABLE,
                    ...findingsStampVariables(name, ACTION.imageScan),
                  },
                }),
              ]
            : []),
        ],
        rollbackOnFailure: false,
      },
    ];
    if (s.approval.enabled) {
      stages.push(
        tc.manualApprovalStage(
          s.approval.comment ?? `Approve AMI ${AMI_ID_VARIABLE} of ${name}`,
        ),
      );
    }

    const distributeProject = tc.projectInEachRegion(waveRegions, {
      suffix: 'distribute',
      description:
        'Copies the AMI into this region, shares it with the wave accounts and publishes its id to SSM',
      timeout: '2h',
      buildspec: { phases: { build: { commands: DISTRIBUTE } } },
    });
    // A region can receive the image in several waves (for different accounts): one alarm set.
    const alarmsByRegion = new Map<string, RegionAlarms>();
    const regionAlarms = (region: string): RegionAlarms => {
      let alarms = alarmsByRegion.get(region);
      if (!alarms) {
        alarms = new ServiceAlarms(this, `alarms-prod-${region}`, {
          provider: this.provider(region),
          pipeline: name,
          environment: 'prod',
          region,
          monitoring: s.monitoring,
          blockerAlarms: s.distribution.blockerAlarms,
        }).watched;
        alarmsByRegion.set(region, alarms);
      }
      return alarms;
    };
    stages.push(
      ...productionWaveStages({
        safety: s.distribution,
        waves: s.distribution.waves,
        alarms: wave => wave.regions.map(regionAlarms),
        actions: wave =>
          wave.regions.map(region =>
            tc.buildAction(
              ACTION.distribute(region),
              distributeProject(region),
              {
                category: 'Deploy',
                region,
                env: {
                  AMI_ID: AMI_ID_VARIABLE,
                  SOURCE_REGION: this.homeRegion,
                  IMAGE_NAME: name,
                  [WAVE_TARGET_VARIABLE.targetAccounts]: formatAccountList(
                    wave.accounts,
                  ),
                  PUBLISHER_ROLE: ROLE.amiPublisher(name),
                  [WAVE_TARGET_VARIABLE.ssmParameter]: amiParameterName(spec),
                },
              },
            ),
          ),
      }),
    );

    tc.pipeline(stages, {
      extraBuildStatements: [
        {
          Sid: 'ImageBuilder',
          Effect: 'Allow',
          Action: [
            'imagebuilder:StartImagePipelineExecution',
            'imagebuilder:GetImage',
          ],
          Resource: '*',
        },
        {
          // The image scan reads the Inspector findings Image Builder saved with the build and
          // imports them into the toolchain account's Security Hub.
          Sid: 'ImageScanFindings',
          Effect: 'Allow',
          Action: [
            'imagebuilder:ListImageScanFindings',
            'securityhub:BatchImportFindings',
          ],
          Resource: '*',
        },
        {
          Sid: 'Distribute',
          Effect: 'Allow',
          Action: [
            'ec2:CopyImage',
            'ec2:DescribeImages',
            'ec2:ModifyImageAttribute',
            'ec2:CreateTags',
          ],
          Resource: '*',
        },
        {
          Sid: 'PublishAmiId',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: consumers.map(a => tc.roleArn(a, ROLE.amiPublisher(name))),
        },
      ],
    });
  }
}
