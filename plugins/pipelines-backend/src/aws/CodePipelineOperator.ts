import {
  DisableStageTransitionCommand,
  EnableStageTransitionCommand,
  OverrideStageConditionCommand,
  RetryStageExecutionCommand,
  RollbackStageCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import type { AwsClientFactory } from './AwsClientFactory';
import type { AwsTarget } from './AwsTarget';

/**
 * The CodePipeline operations of the stage controls: one method per API operation, each answering
 * the execution id AWS returns (where it returns one).
 */
export interface CodePipelineOperator {
  retryStageExecution(
    target: AwsTarget,
    input: {
      pipelineName: string;
      stageName: string;
      pipelineExecutionId: string;
      retryMode: 'FAILED_ACTIONS' | 'ALL_ACTIONS';
    },
  ): Promise<{ pipelineExecutionId?: string }>;
  stopPipelineExecution(
    target: AwsTarget,
    input: {
      pipelineName: string;
      pipelineExecutionId: string;
      abandon: boolean;
      reason?: string;
    },
  ): Promise<{ pipelineExecutionId?: string }>;
  rollbackStage(
    target: AwsTarget,
    input: {
      pipelineName: string;
      stageName: string;
      targetPipelineExecutionId: string;
    },
  ): Promise<{ pipelineExecutionId?: string }>;
  setStageTransition(
    target: AwsTarget,
    input: {
      pipelineName: string;
      stageName: string;
      enabled: boolean;
      reason?: string;
    },
  ): Promise<{ pipelineExecutionId?: string }>;
  overrideStageCondition(
    target: AwsTarget,
    input: {
      pipelineName: string;
      stageName: string;
      pipelineExecutionId: string;
      conditionType: 'BEFORE_ENTRY' | 'ON_SUCCESS';
    },
  ): Promise<{ pipelineExecutionId?: string }>;
  startPipelineExecution(
    target: AwsTarget,
    input: { pipelineName: string; clientRequestToken: string },
  ): Promise<{ pipelineExecutionId?: string }>;
}

/** {@link CodePipelineOperator} over the AWS SDK v3 CodePipeline client. */
export class SdkCodePipelineOperator implements CodePipelineOperator {
  constructor(private readonly clients: AwsClientFactory) {}

  async retryStageExecution(
    target: AwsTarget,
    input: Parameters<CodePipelineOperator['retryStageExecution']>[1],
  ) {
    const out = await this.clients
      .codePipeline(target)
      .send(new RetryStageExecutionCommand(input));
    return { pipelineExecutionId: out.pipelineExecutionId };
  }

  async stopPipelineExecution(
    target: AwsTarget,
    input: Parameters<CodePipelineOperator['stopPipelineExecution']>[1],
  ) {
    const out = await this.clients
      .codePipeline(target)
      .send(new StopPipelineExecutionCommand(input));
    return { pipelineExecutionId: out.pipelineExecutionId };
  }

  async rollbackStage(
    target: AwsTarget,
    input: Parameters<CodePipelineOperator['rollbackStage']>[1],
  ) {
    const out = await this.clients
      .codePipeline(target)
      .send(new RollbackStageCommand(input));
    return { pipelineExecutionId: out.pipelineExecutionId };
  }

  async setStageTransition(
    target: AwsTarget,
    input: Parameters<CodePipelineOperator['setStageTransition']>[1],
  ) {
    const client = this.clients.codePipeline(target);
    const common = {
      pipelineName: input.pipelineName,
      stageName: input.stageName,
      transitionType: 'Inbound' as const,
    };
    if (input.enabled) {
      await client.send(new EnableStageTransitionCommand(common));
    } else {
      await client.send(
        new DisableStageTransitionCommand({
          ...common,
          reason: input.reason ?? '',
        }),
      );
    }
    return {};
  }

  async overrideStageCondition(
    target: AwsTarget,
    input: Parameters<CodePipelineOperator['overrideStageCondition']>[1],
  ) {
    await this.clients
      .codePipeline(target)
      .send(new OverrideStageConditionCommand(input));
    return { pipelineExecutionId: input.pipelineExecutionId };
  }

  async startPipelineExecution(
    target: AwsTarget,
    input: Parameters<CodePipelineOperator['startPipelineExecution']>[1],
  ) {
    const out = await this.clients.codePipeline(target).send(
      new StartPipelineExecutionCommand({
        name: input.pipelineName,
        clientRequestToken: input.clientRequestToken,
      }),
    );
    return { pipelineExecutionId: out.pipelineExecutionId };
  }
}
