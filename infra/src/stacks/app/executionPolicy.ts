import type { EXECUTION_POLICIES } from '../../spec/appPipelineSchema';
import type { PolicyStatement } from '../iamPolicy';

/** A named execution-role policy (`spec.deploy.executionPolicy`). @public */
export type ExecutionPolicyName = (typeof EXECUTION_POLICIES)[number];

/**
 * The managed policy of the CloudFormation execution role when a spec names no policy at all: broad
 * (everything but IAM, Organizations and account management), which the spec reference says.
 *
 * @public
 */
export const DEFAULT_EXECUTION_POLICY_ARN =
  'arn:aws:iam::aws:policy/PowerUserAccess';

/**
 * The statements of a named execution-role policy for one environment's stacks: least privilege
 * for that template's resources.
 *
 * - `lambda-function-url` (templates/app-service): the service's IAM role (trusting Lambda, with
 *   only the basic execution policy attached), its Lambda function and the function URL. Every
 *   resource is named by CloudFormation after the stack (`<stack>-<LogicalId>-<suffix>`), so each
 *   statement is confined to the environment's stacks.
 *
 * @public
 */
export function executionPolicyStatements(
  policy: ExecutionPolicyName,
  where: { partition: string; account: string; stackStem: string },
): PolicyStatement[] {
  const { partition, account, stackStem } = where;
  const roles = `arn:${partition}:iam::${account}:role/${stackStem}*`;
  const functions = `arn:${partition}:lambda:*:${account}:function:${stackStem}*`;
  const policies: Record<ExecutionPolicyName, () => PolicyStatement[]> = {
    'lambda-function-url': (): PolicyStatement[] => [
      {
        Sid: 'ServiceRole',
        Effect: 'Allow',
        Action: [
          'iam:CreateRole',
          'iam:DeleteRole',
          'iam:GetRole',
          'iam:TagRole',
          'iam:UntagRole',
          'iam:UpdateAssumeRolePolicy',
          'iam:ListAttachedRolePolicies',
          'iam:ListRolePolicies',
        ],
        Resource: roles,
      },
      {
        // Only the policy the template's role carries; any other needs a managed policy here.
        Sid: 'ServiceRoleBasicExecution',
        Effect: 'Allow',
        Action: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
        Resource: roles,
        Condition: {
          ArnEquals: {
            'iam:PolicyARN': `arn:${partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`,
          },
        },
      },
      {
        Sid: 'PassServiceRoleToLambda',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: roles,
        Condition: {
          StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
        },
      },
      {
        Sid: 'Function',
        Effect: 'Allow',
        Action: [
          'lambda:CreateFunction',
          'lambda:DeleteFunction',
          'lambda:GetFunction',
          'lambda:GetFunctionConfiguration',
          'lambda:UpdateFunctionCode',
          'lambda:UpdateFunctionConfiguration',
          'lambda:TagResource',
          'lambda:UntagResource',
          'lambda:ListTags',
          'lambda:CreateFunctionUrlConfig',
          'lambda:UpdateFunctionUrlConfig',
          'lambda:DeleteFunctionUrlConfig',
          'lambda:GetFunctionUrlConfig',
        ],
        Resource: functions,
      },
    ],
  };
  return policies[policy]();
}
