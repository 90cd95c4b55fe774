import { AwsCall } from '../protocol/identifyAwsCall';
import { AwsScenario, AwsServiceError } from '../scenario/types';

/**
 * The CodePipeline operations that change a running pipeline (the stage controls). They are never
 * answered from the read cache.
 */
export const CODEPIPELINE_CONTROL_OPERATIONS: ReadonlySet<string> = new Set([
  'RetryStageExecution',
  'StopPipelineExecution',
  'RollbackStage',
  'DisableStageTransition',
  'EnableStageTransition',
  'OverrideStageCondition',
  'StartPipelineExecution',
]);

// Constraints of the CodePipeline API reference, checked as AWS checks them (ValidationException).
const NAME = { pattern: /^[A-Za-z0-9.@\-_]+$/, text: '[A-Za-z0-9.@\\-_]+' };
const EXECUTION_ID = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  text: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
};
const DISABLED_REASON = {
  pattern: /^[a-zA-Z0-9!@ ().*?-]+$/,
  text: '[a-zA-Z0-9!@ \\(\\)\\.\\*\\?\\-]+',
};
const STOP_REASON_MAX = 200;
const DISABLED_REASON_MAX = 300;

/** Collects every constraint violation of a request, reported at once as AWS does. */
class Violations {
  readonly problems: string[] = [];

  string(
    input: Record<string, unknown>,
    member: string,
    rule: {
      required: boolean;
      pattern?: { pattern: RegExp; text: string };
      max?: number;
    },
  ): string | undefined {
    const value = input[member];
    if (value === undefined || value === null) {
      if (rule.required)
        this.problems.push(
          `Value null at '${member}' failed to satisfy constraint: Member must not be null`,
        );
      return undefined;
    }
    if (typeof value !== 'string' || value.length === 0) {
      this.problems.push(
        `Value at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      );
      return undefined;
    }
    if (rule.max !== undefined && value.length > rule.max) {
      this.problems.push(
        `Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`,
      );
    }
    if (rule.pattern && !rule.pattern.pattern.test(value)) {
      this.problems.push(
        `Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.pattern.text}`,
      );
    }
    return value;
  }

  oneOf<T extends string>(
    input: Record<string, unknown>,
    member: string,
    values: readonly T[],
  ): T {
    const value = input[member];
    if (!values.includes(value as T)) {
      this.problems.push(
        `Value ${
          value === undefined ? 'null' : `'${String(value)}'`
        } at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(
          ', ',
        )}]`,
      );
    }
    return value as T;
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    throw new AwsServiceError(
      'ValidationException',
      `${this.problems.length} validation error${
        this.problems.length > 1 ? 's' : ''
      } detected: ${this.problems.join('; ')}`,
    );
  }
}

/** The principal AWS records as having made a change (the SigV4 access key's role session). */
function principalOf(scenario: AwsScenario, call: AwsCall) {
  return call.accessKeyId
    ? `arn:aws:sts::${scenario.accountId}:assumed-role/backstage-dpra/${call.accessKeyId}`
    : undefined;
}

/**
 * Answers a stage control operation (see {@link CODEPIPELINE_CONTROL_OPERATIONS}) in the shapes of
 * the CodePipeline API reference. The pipeline must exist in the call's region.
 */
export function handleCodePipelineControl(
  scenario: AwsScenario,
  call: AwsCall,
): unknown {
  const input = (call.input ?? {}) as Record<string, unknown>;
  const v = new Violations();
  const nameMember =
    call.operation === 'StartPipelineExecution' ? 'name' : 'pipelineName';
  const pipelineName = v.string(input, nameMember, {
    required: true,
    pattern: NAME,
    max: 100,
  });
  const stage = () =>
    v.string(input, 'stageName', { required: true, pattern: NAME, max: 100 });
  const executionId = (member: string) =>
    v.string(input, member, { required: true, pattern: EXECUTION_ID });
  const controls = scenario.pipelineControls();
  const inRegion = () => {
    const p = scenario
      .pipelines()
      .find(x => x.name === pipelineName && x.region === call.region);
    if (!p) {
      throw new AwsServiceError(
        'PipelineNotFoundException',
        `Account '${scenario.accountId}' does not have a pipeline with name '${pipelineName}'`,
      );
    }
    return p.name;
  };

  switch (call.operation) {
    case 'RetryStageExecution': {
      const stageName = stage();
      const id = executionId('pipelineExecutionId');
      const retryMode = v.oneOf(input, 'retryMode', [
        'FAILED_ACTIONS',
        'ALL_ACTIONS',
      ] as const);
      v.throwIfAny();
      return controls.retryStageExecution({
        pipelineName: inRegion(),
        stageName: stageName!,
        pipelineExecutionId: id!,
        retryMode,
      });
    }
    case 'StopPipelineExecution': {
      const id = executionId('pipelineExecutionId');
      const reason = v.string(input, 'reason', {
        required: false,
        max: STOP_REASON_MAX,
      });
      if (input.abandon !== undefined && typeof input.abandon !== 'boolean') {
        v.problems.push(
          "Value at 'abandon' failed to satisfy constraint: Member must be a boolean",
        );
      }
      v.throwIfAny();
      return controls.stopPipelineExecution({
        pipelineName: inRegion(),
        pipelineExecutionId: id!,
        abandon: input.abandon === true,
        reason,
      });
    }
    case 'RollbackStage': {
      const stageName = stage();
      const target = executionId('targetPipelineExecutionId');
      v.throwIfAny();
      return controls.rollbackStage({
        pipelineName: inRegion(),
        stageName: stageName!,
        targetPipelineExecutionId: target!,
        requestedBy: principalOf(scenario, call),
      });
    }
    case 'DisableStageTransition':
    case 'EnableStageTransition': {
      const enabled = call.operation === 'EnableStageTransition';
      const stageName = stage();
      const transitionType = v.oneOf(input, 'transitionType', [
        'Inbound',
        'Outbound',
      ] as const);
      const reason = enabled
        ? undefined
        : v.string(input, 'reason', {
            required: true,
            pattern: DISABLED_REASON,
            max: DISABLED_REASON_MAX,
          });
      v.throwIfAny();
      controls.setStageTransition({
        pipelineName: inRegion(),
        stageName: stageName!,
        transitionType,
        enabled,
        reason,
        changedBy: principalOf(scenario, call),
      });
      return {};
    }
    case 'OverrideStageCondition': {
      const stageName = stage();
      const id = executionId('pipelineExecutionId');
      const conditionType = v.oneOf(input, 'conditionType', [
        'BEFORE_ENTRY',
        'ON_SUCCESS',
      ] as const);
      v.throwIfAny();
      controls.overrideStageCondition({
        pipelineName: inRegion(),
        stageName: stageName!,
        pipelineExecutionId: id!,
        conditionType,
      });
      return {};
    }
    case 'StartPipelineExecution': {
      const token = v.string(input, 'clientRequestToken', {
        required: false,
        pattern: { pattern: /^[a-zA-Z0-9-]+$/, text: '^[a-zA-Z0-9-]+$' },
        max: 128,
      });
      v.throwIfAny();
      return controls.startPipelineExecution({
        pipelineName: inRegion(),
        clientRequestToken: token,
        startedBy: principalOf(scenario, call),
      });
    }
    default:
      throw new AwsServiceError(
        'UnknownOperationException',
        `Operation ${call.operation} is not supported by the local CodePipeline`,
      );
  }
}
