import { StatusWarning } from '@backstage/core-components';
import type { AlarmView } from '@dpra/plugin-pipelines-common';
import Chip from '@material-ui/core/Chip';
import TableCell from '@material-ui/core/TableCell';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import {
  AlarmLinkedText,
  AlarmNameButtons,
  AlarmNameList,
  AlarmStateIndicator,
} from '../AlarmHistory';
import { DeploymentWindowText } from '../DeploymentWindow';
import {
  PLACE_WORDS,
  RevisionLabel,
  RevisionPlaceMarker,
  StageRevision,
  useRevisionPlace,
} from '../Revision';
import {
  StepStatusIndicator,
  statusLabel,
} from '../StepStatus/StepStatusIndicator';
import { BakeCountdown } from './BakeCountdown';
import {
  AlarmSummaryState,
  WaveCellModel,
  WaveRowModel,
} from './waveBoardModel';

/*
 * The pieces every shape of the wave board shares: the wave's header, a deploy cell's status with
 * bake and blocker, and an alarm state whose names open their history.
 */

/** Styles of the wave board's cells. */
export const useWaveBoardStyles = makeStyles(theme => ({
  cell: {
    verticalAlign: 'top',
    minWidth: 170,
    borderLeft: `1px solid ${theme.palette.divider}`,
  },
  /** A region the picked revision has reached (or is baking in, blocked at…): outlined. */
  picked: {
    outline: `2px solid ${theme.palette.primary.main}`,
    outlineOffset: -2,
  },
  empty: {
    color: theme.palette.text.disabled,
    borderLeft: `1px solid ${theme.palette.divider}`,
    borderBottom: `1px solid ${theme.palette.divider}`,
    padding: theme.spacing(0.75, 2),
    textAlign: 'center',
  },
  blocker: {
    color: theme.palette.warning.main,
  },
  waveHeader: {
    verticalAlign: 'top',
    minWidth: 180,
    maxWidth: 300,
  },
  oneBox: {
    marginRight: theme.spacing(0.5),
  },
  /** A column of short lists (an account fleet's units): narrower than a region's cell. */
  listCell: {
    verticalAlign: 'top',
    minWidth: 120,
    borderLeft: `1px solid ${theme.palette.divider}`,
  },
  plainList: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  /**
   * Phones: the board wave by wave, each wave's header and then one block per target, each
   * named by its `data-where` (the column headings are hidden), without empty cells.
   */
  stacked: {
    '& thead': { display: 'none' },
    '& tr, & th, & td': {
      display: 'block',
      width: '100%',
      boxSizing: 'border-box',
      minWidth: 0,
      maxWidth: 'none',
      borderLeft: 'none',
      overflowWrap: 'break-word',
    },
    '& th[data-testid^="wave-"]': {
      borderTop: `2px solid ${theme.palette.divider}`,
      backgroundColor: theme.palette.background.default,
    },
    '& td[data-where]::before': {
      content: 'attr(data-where)',
      display: 'block',
      fontWeight: theme.typography.fontWeightBold,
    },
    '& td[data-empty]': { display: 'none' },
  },
}));

/** What an alarm state reads as, for a group of alarms watching `where`. */
function alarmText(
  state: AlarmSummaryState,
  alarms: AlarmView[],
  where: string,
): string {
  switch (state) {
    case 'ALARM':
      return `Alarm: ${alarms
        .filter(a => a.state === 'ALARM')
        .map(a => a.name)
        .join(', ')} in ALARM`;
    case 'INSUFFICIENT_DATA':
      return 'Alarms: insufficient data';
    case 'UNKNOWN':
      return 'Alarms: not found';
    case 'OK':
      return `Alarms OK (${alarms.length})`;
    default:
      return `No alarms watch ${where}`;
  }
}

/**
 * The state of a group of alarms; every alarm name opens its history. Alarms in ALARM are named
 * in the state line, the others below it.
 */
export function AlarmState(props: {
  alarms: AlarmView[];
  state: AlarmSummaryState;
  /** What the alarms watch, for "No alarms watch …". */
  where: string;
}) {
  const { alarms, state } = props;
  if (state === 'ALARM') {
    const firing = alarms.filter(a => a.state === 'ALARM');
    return (
      <>
        <AlarmStateIndicator state="ALARM">
          Alarm: <AlarmNameButtons alarms={firing} /> in ALARM
        </AlarmStateIndicator>
        <AlarmNameList
          label="Also watching:"
          alarms={alarms.filter(a => a.state !== 'ALARM')}
        />
      </>
    );
  }
  return (
    <>
      <AlarmStateIndicator state={state}>
        {alarmText(state, alarms, props.where)}
      </AlarmStateIndicator>
      <AlarmNameList label="Watching:" alarms={alarms} />
    </>
  );
}

/**
 * A deploy step's status, what the cell adds next to it (`children`), the wave's bake countdown
 * and "Blocked" while it cannot start.
 */
export function DeployStatus(props: {
  status: WaveCellModel['status'];
  wave: WaveRowModel;
  testId: string;
  children?: ReactNode;
}) {
  const classes = useWaveBoardStyles();
  const { status, wave } = props;
  return (
    <>
      <StepStatusIndicator status={status} />
      {props.children}
      {wave.bakeEndsAt && (
        <BakeCountdown
          endsAt={wave.bakeEndsAt}
          bakeMinutes={wave.bakeMinutes}
          testId={`${props.testId}-bake`}
        />
      )}
      {status === 'NotStarted' && wave.blockers.length > 0 && (
        <Typography variant="body2" className={classes.blocker}>
          Blocked
        </Typography>
      )}
    </>
  );
}

/** The words of a cell for assistive technology: where, status, bake, blockers, alarms. */
export function cellSummary(
  where: string,
  status: WaveCellModel['status'],
  wave: WaveRowModel,
  alarms?: Pick<WaveCellModel, 'alarmState' | 'alarms'>,
  oneBox?: WaveCellModel['oneBox'],
): string {
  const parts = [`Wave ${wave.index}, ${where}: ${statusLabel(status)}`];
  if (oneBox) parts.push(`one-box ${statusLabel(oneBox.status)}`);
  if (wave.bakeEndsAt) parts.push('baking');
  if (wave.blockers.length) parts.push(`blocked: ${wave.blockers.join('; ')}`);
  if (alarms) parts.push(alarmText(alarms.alarmState, alarms.alarms, where));
  return parts.join(', ');
}

/**
 * The attributes of a wave's target cell (a region, an account in a region, an organisational
 * unit) for the revision picked in "where is …": every target of a wave is an action of the
 * wave's stage, so each holds the stage's revision and is outlined, and says so, where the picked
 * revision is.
 */
export function usePickedCell(
  wave: WaveRowModel,
  summary: string,
  kind: 'cell' | 'listCell' = 'cell',
): {
  className: string;
  'data-picked'?: string;
  'aria-label': string;
} {
  const classes = useWaveBoardStyles();
  const picked = useRevisionPlace(wave.stageName);
  return {
    className: `${classes[kind]} ${picked ? classes.picked : ''}`,
    'data-picked': picked?.place,
    'aria-label': picked
      ? `${summary}; ${picked.label} here: ${PLACE_WORDS[picked.place]}`
      : summary,
  };
}

/** One wave × region cell: status, one-box step, bake, blocker and the region's alarms. */
export function WaveCell(props: { cell: WaveCellModel; wave: WaveRowModel }) {
  const classes = useWaveBoardStyles();
  const { cell, wave } = props;
  const testId = `wave-cell-${cell.wave}-${cell.region}`;
  const picked = usePickedCell(
    wave,
    cellSummary(cell.region, cell.status, wave, cell, cell.oneBox),
  );
  return (
    <TableCell {...picked} data-testid={testId} data-where={cell.region}>
      <DeployStatus status={cell.status} wave={wave} testId={testId}>
        {cell.oneBox && (
          <Chip
            size="small"
            variant="outlined"
            label={`One-box: ${statusLabel(cell.oneBox.status)}`}
            title={cell.oneBox.actionName}
            className={classes.oneBox}
          />
        )}
      </DeployStatus>
      <AlarmState
        alarms={cell.alarms}
        state={cell.alarmState}
        where="this region"
      />
    </TableCell>
  );
}

/** A plain empty cell: boards have many and MUI's TableCell costs more. */
export function EmptyCell(props: { label: string }) {
  const classes = useWaveBoardStyles();
  return (
    <td className={classes.empty} aria-label={props.label} data-empty>
      —
    </td>
  );
}

/**
 * The wave's header cell: number, stage, status, revision, bake, windows and blockers, plus
 * what the kind adds (`children`).
 */
export function WaveHeader(props: {
  wave: WaveRowModel;
  revision?: StageRevision;
  rowSpan?: number;
  children?: ReactNode;
}) {
  const classes = useWaveBoardStyles();
  const { wave } = props;
  return (
    <TableCell
      component="th"
      scope="row"
      rowSpan={props.rowSpan}
      className={classes.waveHeader}
      data-testid={`wave-${wave.index}`}
    >
      <Typography variant="subtitle2">Wave {wave.index}</Typography>
      <Typography variant="caption" display="block">
        {wave.stageName}
      </Typography>
      <StepStatusIndicator status={wave.status} />
      {props.revision && (
        <RevisionLabel
          revision={props.revision}
          testId={`wave-${wave.index}-revision`}
        />
      )}
      <RevisionPlaceMarker
        stageName={wave.stageName}
        testId={`wave-${wave.index}-picked`}
      />
      {wave.bakeMinutes !== undefined && (
        <Typography variant="caption" display="block">
          Bake{' '}
          {wave.bakeMinutes >= 60
            ? `${wave.bakeMinutes / 60} h`
            : `${wave.bakeMinutes} min`}
          {wave.autoRollback ? ' · auto-rollback' : ''}
        </Typography>
      )}
      {wave.windows.map(w => (
        <DeploymentWindowText
          key={`${w.cron}-${w.timeZone}`}
          cron={w.cron}
          timeZone={w.timeZone}
        />
      ))}
      {props.children}
      {wave.blockers.map(blocker => (
        <div
          key={blocker}
          role="status"
          data-testid={`wave-${wave.index}-blocker`}
        >
          {/* Visible to assistive technology: it may hold alarm history buttons. */}
          <StatusWarning aria-hidden={false} aria-label={undefined}>
            <span>
              Blocked: <AlarmLinkedText text={blocker} alarms={wave.alarms} />
            </span>
          </StatusWarning>
        </div>
      ))}
    </TableCell>
  );
}
