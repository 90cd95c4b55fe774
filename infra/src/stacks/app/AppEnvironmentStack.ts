import type { App } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ROLE, TAG, type EnvironmentName } from '@dpra/pipeline-contract';
import type { AppPipelineSpec } from '../../spec/schema';
import { DpraStack, pipelineTags } from '../DpraStack';
import { policyDocument, serviceTrust } from '../iamPolicy';
import {
  DEFAULT_EXECUTION_POLICY_ARN,
  executionPolicyStatements,
} from './executionPolicy';

/** Props of {@link AppEnvironmentStack}. @public */
export interface AppEnvironmentStackProps {
  readonly spec: AppPipelineSpec;
  readonly environment: EnvironmentName;
  readonly account: string;
  readonly region: string;
}

/**
 * What an environment account needs so the toolchain can deploy into it: a deploy role that only
 * the pipeline and its CodeBuild role (in the toolchain account) can assume, allowed to operate
 * this pipeline's CloudFormation stacks and read its artifacts, and the CloudFormation execution
 * role those stacks run with.
 *
 * @public
 */
export class AppEnvironmentStack extends DpraStack {
  constructor(scope: App, id: string, props: AppEnvironmentStackProps) {
    super(scope, id, {
      account: props.account,
      region: props.region,
      tags: {
        ...pipelineTags(props.spec.metadata),
        [TAG.environment]: props.environment,
      },
    });
    const name = props.spec.metadata.name;
    const toolchainAccount = props.spec.spec.toolchain.account;
    const stackStem = `${props.spec.spec.deploy.stackName ?? name}-${
      props.environment
    }`;
    const toolchainRole = (role: string) =>
      `arn:${this.partition}:iam::${toolchainAccount}:role/${role}`;
    const deployRole = new IamRole(this, 'deploy-role', {
      name: ROLE.deploy(name),
      description: `Assumed by pipeline ${name} in ${toolchainAccount} to deploy ${props.environment}`,
      assumeRolePolicy: policyDocument([
        {
          Effect: 'Allow',
          Principal: {
            AWS: `arn:${this.partition}:iam::${toolchainAccount}:root`,
          },
          Action: 'sts:AssumeRole',
          // Root principal + PrincipalArn condition: the trust does not break if the toolchain
          // roles are created after this stack, yet only those two roles can assume it.
          Condition: {
            ArnEquals: {
              'aws:PrincipalArn': [
                toolchainRole(`${name}-pipeline`),
                toolchainRole(`${name}-codebuild`),
              ],
            },
          },
        },
      ]),
    });
    const execRole = new IamRole(this, 'cfn-exec-role', {
      name: ROLE.cloudFormationExecution(name),
      description: `CloudFormation execution role of ${name} (${props.environment})`,
      assumeRolePolicy: serviceTrust('cloudformation.amazonaws.com'),
    });
    const { executionPolicy, executionPolicyArns } = props.spec.spec.deploy;
    (
      executionPolicyArns ??
      (executionPolicy ? [] : [DEFAULT_EXECUTION_POLICY_ARN])
    ).forEach((arn, i) => {
      new IamRolePolicyAttachment(this, `cfn-exec-policy-${i}`, {
        role: execRole.name,
        policyArn: arn,
      });
    });
    if (executionPolicy) {
      new IamRolePolicy(this, 'cfn-exec-template-policy', {
        role: execRole.id,
        name: executionPolicy,
        policy: policyDocument(
          executionPolicyStatements(executionPolicy, {
            partition: this.partition,
            account: props.account,
            stackStem,
          }),
        ),
      });
    }
    new IamRolePolicy(this, 'deploy-policy', {
      role: deployRole.id,
      name: 'deploy',
      policy: policyDocument([
        {
          Sid: 'Stacks',
          Effect: 'Allow',
          Action: [
            'cloudformation:CreateStack',
            'cloudformation:UpdateStack',
            'cloudformation:DeleteStack',
            'cloudformation:DescribeStacks',
            'cloudformation:DescribeStackEvents',
            'cloudformation:CreateChangeSet',
            'cloudformation:DescribeChangeSet',
            'cloudformation:ExecuteChangeSet',
            'cloudformation:DeleteChangeSet',
            'cloudformation:GetTemplate',
            'cloudformation:RollbackStack',
            'cloudformation:ContinueUpdateRollback',
          ],
          Resource: `arn:${this.partition}:cloudformation:*:${props.account}:stack/${stackStem}*/*`,
        },
        {
          Sid: 'ValidateTemplate',
          Effect: 'Allow',
          Action: 'cloudformation:ValidateTemplate',
          Resource: '*',
        },
        {
          Sid: 'PassExecutionRole',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: execRole.arn,
        },
        {
          Sid: 'ReadArtifacts',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: `arn:${this.partition}:s3:::${name}-art-${toolchainAccount}-*/*`,
        },
        {
          Sid: 'DecryptArtifacts',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:DescribeKey'],
          Resource: `arn:${this.partition}:kms:*:${toolchainAccount}:key/*`,
        },
      ]),
    });
  }
}
