import type { App } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { ImagePipelineSpec } from '../../spec/schema';
import { DpraStack, pipelineTags } from '../DpraStack';
import { policyDocument } from '../iamPolicy';
import { ROLE } from '@dpra/pipeline-contract';
import { amiParameterName } from './imageNames';

/** Props of {@link ImageConsumerStack}. @public */
export interface ImageConsumerStackProps {
  readonly spec: ImagePipelineSpec;
  readonly account: string;
  readonly region: string;
}

/**
 * In each account that receives the image: a role the toolchain's CodeBuild may assume only to
 * write the AMI-id parameter, so the latest approved AMI is published where it is consumed.
 *
 * @public
 */
export class ImageConsumerStack extends DpraStack {
  constructor(scope: App, id: string, props: ImageConsumerStackProps) {
    super(scope, id, {
      account: props.account,
      region: props.region,
      tags: pipelineTags(props.spec.metadata),
    });
    const name = props.spec.metadata.name;
    const toolchain = props.spec.spec.toolchain.account;
    const role = new IamRole(this, 'publisher-role', {
      name: ROLE.amiPublisher(name),
      description: `Lets image pipeline ${name} publish the AMI id`,
      assumeRolePolicy: policyDocument([
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:${this.partition}:iam::${toolchain}:root` },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: {
              'aws:PrincipalArn': `arn:${this.partition}:iam::${toolchain}:role/${name}-codebuild`,
            },
          },
        },
      ]),
    });
    new IamRolePolicy(this, 'publisher-policy', {
      role: role.id,
      name: 'publish-ami-id',
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: ['ssm:PutParameter', 'ssm:GetParameter'],
          Resource: `arn:${this.partition}:ssm:*:${
            props.account
          }:parameter${amiParameterName(props.spec)}`,
        },
      ]),
    });
  }
}
