import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ReactNode,
  createContext,
  useCallback,
  useContext,
  useState,
} from 'react';
import { AlarmHistoryDialog } from './AlarmHistoryDialog';

/** Which alarm's history to show: the pipeline is the provider's. */
export interface AlarmRef {
  alarmName: string;
  region: string;
}

type OpenAlarmHistory = (alarm: AlarmRef) => void;

const AlarmHistoryContext = createContext<OpenAlarmHistory | undefined>(
  undefined,
);

/** Opens the history dialog of an alarm, or `undefined` outside an {@link AlarmHistoryProvider}. */
export function useOpenAlarmHistory(): OpenAlarmHistory | undefined {
  return useContext(AlarmHistoryContext);
}

/**
 * Lets the alarm names inside open the {@link AlarmHistoryDialog} of one of the entity's pipelines.
 * One dialog serves all of them; opening or closing it re-renders only this component, not the
 * children (their elements and the context value stay the same).
 */
export function AlarmHistoryProvider(props: {
  entityRef: CompoundEntityRef;
  pipelineArn: string;
  children: ReactNode;
}) {
  // The alarm stays set after closing, so the dialog keeps its content while it fades out.
  const [state, setState] = useState<{ alarm?: AlarmRef; open: boolean }>({
    open: false,
  });
  const open = useCallback(
    (alarm: AlarmRef) => setState({ alarm, open: true }),
    [],
  );
  const close = useCallback(
    () => setState(prev => ({ ...prev, open: false })),
    [],
  );
  return (
    <AlarmHistoryContext.Provider value={open}>
      {props.children}
      {state.alarm && (
        <AlarmHistoryDialog
          open={state.open}
          entityRef={props.entityRef}
          pipelineArn={props.pipelineArn}
          region={state.alarm.region}
          alarmName={state.alarm.alarmName}
          onClose={close}
        />
      )}
    </AlarmHistoryContext.Provider>
  );
}
