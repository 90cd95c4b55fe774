/**
 * IAM role names the stacks create in target accounts; fixed, so that the toolchain can reference
 * them without look-ups.
 *
 * @public
 */
export const ROLE = {
  /** The role an application pipeline deploys an environment with. */
  deploy: (pipeline: string): string => `${pipeline}-deploy`,
  /** The role an application's CloudFormation stacks run with. */
  cloudFormationExecution: (pipeline: string): string => `${pipeline}-cfn-exec`,
  /** The role in each account receiving an image that lets the pipeline publish the AMI id. */
  amiPublisher: (pipeline: string): string => `${pipeline}-ami-publisher`,
  /** The role AppConfig reads a configuration pipeline's alarms with (environment monitors). */
  appConfigMonitor: (pipeline: string): string =>
    `${pipeline}-appconfig-monitor`,
} as const;
