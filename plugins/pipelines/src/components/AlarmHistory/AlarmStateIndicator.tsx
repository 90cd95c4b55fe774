import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { AlarmView } from '@dpra/plugin-pipelines-common';
import type { ReactNode } from 'react';

/** An alarm's state, or `NONE` where no alarm watches. */
export type AlarmIndicatorState = AlarmView['state'] | 'NONE';

/** Human words for a CloudWatch alarm state. */
export function alarmStateLabel(state: AlarmView['state']): string {
  switch (state) {
    case 'INSUFFICIENT_DATA':
      return 'Insufficient data';
    case 'UNKNOWN':
      return 'Unknown';
    default:
      return state;
  }
}

/**
 * An alarm state in the colours the wave board uses: ALARM as an error, missing data or an alarm
 * that was not found as a warning, OK as OK, nothing to watch as pending.
 *
 * Backstage's status components hide themselves from assistive technology; this one names an
 * alarm's state (and may hold the alarm's history buttons), so it stays visible.
 */
export function AlarmStateIndicator(props: {
  state: AlarmIndicatorState;
  children: ReactNode;
}) {
  // One span child: the status component is a flex box, which would drop the spaces between
  // separate text and button children.
  const content = <span>{props.children}</span>;
  const a11y = { 'aria-hidden': false, 'aria-label': undefined };
  switch (props.state) {
    case 'ALARM':
      return <StatusError {...a11y}>{content}</StatusError>;
    case 'INSUFFICIENT_DATA':
    case 'UNKNOWN':
      return <StatusWarning {...a11y}>{content}</StatusWarning>;
    case 'OK':
      return <StatusOK {...a11y}>{content}</StatusOK>;
    default:
      return <StatusPending {...a11y}>{content}</StatusPending>;
  }
}
