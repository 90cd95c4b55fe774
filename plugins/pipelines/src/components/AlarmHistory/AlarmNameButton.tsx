import type { AlarmView } from '@dpra/plugin-pipelines-common';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment, ReactNode } from 'react';
import { useOpenAlarmHistory } from './AlarmHistoryProvider';
import { splitOnAlarmNames } from './alarmNames';

const useStyles = makeStyles(theme => ({
  // A plain button that reads as a link: boards hold hundreds of these, and MUI's Link costs more.
  button: {
    font: 'inherit',
    color: theme.palette.primary.main,
    background: 'none',
    border: 0,
    padding: 0,
    margin: 0,
    cursor: 'pointer',
    textAlign: 'inherit',
    textDecoration: 'underline',
    textDecorationStyle: 'dotted',
    wordBreak: 'break-word',
    '&:hover': { textDecorationStyle: 'solid' },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 1,
    },
  },
  list: {
    ...theme.typography.caption,
    display: 'block',
    color: theme.palette.text.secondary,
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  // Alarm names are long (service-stage-region-purpose): one per line reads better in a narrow cell.
  item: {
    display: 'block',
  },
}));

/**
 * An alarm name that opens the alarm's state history (needs an `AlarmHistoryProvider` above; plain
 * text without one).
 */
export function AlarmNameButton(props: {
  name: string;
  region: string;
  /** Visible text instead of the name. */
  children?: ReactNode;
}) {
  const classes = useStyles();
  const openHistory = useOpenAlarmHistory();
  const text = props.children ?? props.name;
  if (!openHistory) return <>{text}</>;
  return (
    <button
      type="button"
      className={classes.button}
      aria-label={`History of alarm ${props.name} in ${props.region}`}
      onClick={() =>
        openHistory({ alarmName: props.name, region: props.region })
      }
    >
      {text}
    </button>
  );
}

/** Alarm names as history buttons, separated by commas. */
export function AlarmNameButtons(props: { alarms: AlarmView[] }) {
  return (
    <>
      {props.alarms.map((alarm, i) => (
        <Fragment key={`${alarm.region}/${alarm.name}/${i}`}>
          {i > 0 && ', '}
          <AlarmNameButton name={alarm.name} region={alarm.region} />
        </Fragment>
      ))}
    </>
  );
}

/** A caption list such as "Watching:" and the alarm names below it, each opening its history. */
export function AlarmNameList(props: { label: string; alarms: AlarmView[] }) {
  const classes = useStyles();
  if (props.alarms.length === 0) return null;
  return (
    <span className={classes.list}>
      {props.label}
      {props.alarms.map((alarm, i) => (
        <span
          className={classes.item}
          key={`${alarm.region}/${alarm.name}/${i}`}
        >
          <AlarmNameButton name={alarm.name} region={alarm.region} />
        </span>
      ))}
    </span>
  );
}

/**
 * A sentence (a blocker, say) with the names of the given alarms in it turned into history
 * buttons. A name that several regions share is followed by one button per region; alarms in ALARM
 * are preferred, as the sentence is most likely about those.
 */
export function AlarmLinkedText(props: { text: string; alarms: AlarmView[] }) {
  const parts = splitOnAlarmNames(props.text, props.alarms);
  return (
    <>
      {parts.map((part, i) => {
        if (typeof part === 'string') return part;
        const key = `${part.name}/${i}`;
        if (part.regions.length === 1) {
          return (
            <AlarmNameButton
              key={key}
              name={part.name}
              region={part.regions[0]}
            />
          );
        }
        return (
          <Fragment key={key}>
            {part.name} (
            {part.regions.map((region, j) => (
              <Fragment key={region}>
                {j > 0 && ', '}
                <AlarmNameButton name={part.name} region={region}>
                  {region}
                </AlarmNameButton>
              </Fragment>
            ))}
            )
          </Fragment>
        );
      })}
    </>
  );
}
