import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type {
  ExecutionStatus,
  StepStatus,
} from '@dpra/plugin-pipelines-common';

/** Human words for a CodePipeline status. */
export function statusLabel(
  status: StepStatus | ExecutionStatus | string,
): string {
  switch (status) {
    case 'InProgress':
      return 'In progress';
    case 'NotStarted':
      return 'Not started';
    default:
      return status;
  }
}

/**
 * A CodePipeline step or execution status shown with Backstage's status icons (which follow the
 * theme's palette in light and dark mode).
 */
export function StepStatusIndicator(props: {
  status: StepStatus | ExecutionStatus | string;
  /** Text instead of the status name. */
  label?: string;
}) {
  const text = props.label ?? statusLabel(props.status);
  switch (props.status) {
    case 'Succeeded':
      return <StatusOK>{text}</StatusOK>;
    case 'Failed':
      return <StatusError>{text}</StatusError>;
    case 'InProgress':
      return <StatusRunning>{text}</StatusRunning>;
    case 'Stopping':
    case 'Stopped':
      return <StatusWarning>{text}</StatusWarning>;
    case 'Cancelled':
    case 'Abandoned':
    case 'Superseded':
    case 'Skipped':
      return <StatusAborted>{text}</StatusAborted>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
}
