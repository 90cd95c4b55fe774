export { AlarmHistoryDialog } from './AlarmHistoryDialog';
export type { AlarmHistoryDialogProps } from './AlarmHistoryDialog';
export { AlarmHistoryProvider } from './AlarmHistoryProvider';
export type { AlarmRef } from './AlarmHistoryProvider';
export {
  AlarmLinkedText,
  AlarmNameButton,
  AlarmNameButtons,
  AlarmNameList,
} from './AlarmNameButton';
export { AlarmStateIndicator, alarmStateLabel } from './AlarmStateIndicator';
