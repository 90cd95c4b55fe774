import type { CompoundEntityRef } from '@backstage/catalog-model';
import { StatusWarning } from '@backstage/core-components';
import type { PipelineView } from '@dpra/plugin-pipelines-common';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { memo, useMemo } from 'react';
import {
  AlarmHistoryProvider,
  AlarmLinkedText,
  AlarmNameButtons,
  AlarmNameList,
  AlarmStateIndicator,
} from '../AlarmHistory';
import {
  StepStatusIndicator,
  statusLabel,
} from '../StepStatus/StepStatusIndicator';
import { DeploymentWindowText } from '../DeploymentWindow';
import { RevisionLabel, StageRevision } from '../Revision';
import { BakeCountdown } from './BakeCountdown';
import {
  AlarmSummaryState,
  WaveCellModel,
  WaveRowModel,
  deriveWaveBoard,
} from './waveBoardModel';

const useStyles = makeStyles(theme => ({
  cell: {
    verticalAlign: 'top',
    minWidth: 170,
    borderLeft: `1px solid ${theme.palette.divider}`,
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
}));

function alarmText(state: AlarmSummaryState, cell: WaveCellModel): string {
  switch (state) {
    case 'ALARM':
      return `Alarm: ${cell.alarms
        .filter(a => a.state === 'ALARM')
        .map(a => a.name)
        .join(', ')} in ALARM`;
    case 'INSUFFICIENT_DATA':
      return 'Alarms: insufficient data';
    case 'UNKNOWN':
      return 'Alarms: not found';
    case 'OK':
      return `Alarms OK (${cell.alarms.length})`;
    default:
      return 'No alarms watch this region';
  }
}

/**
 * The cell's alarm state; every alarm name opens its history. Alarms in ALARM are named in the
 * state line, the others below it.
 */
function AlarmState(props: { cell: WaveCellModel }) {
  const { cell } = props;
  if (cell.alarmState === 'ALARM') {
    const firing = cell.alarms.filter(a => a.state === 'ALARM');
    return (
      <>
        <AlarmStateIndicator state="ALARM">
          Alarm: <AlarmNameButtons alarms={firing} /> in ALARM
        </AlarmStateIndicator>
        <AlarmNameList
          label="Also watching:"
          alarms={cell.alarms.filter(a => a.state !== 'ALARM')}
        />
      </>
    );
  }
  return (
    <>
      <AlarmStateIndicator state={cell.alarmState}>
        {alarmText(cell.alarmState, cell)}
      </AlarmStateIndicator>
      <AlarmNameList label="Watching:" alarms={cell.alarms} />
    </>
  );
}

function cellSummary(cell: WaveCellModel, wave: WaveRowModel): string {
  const parts = [
    `Wave ${cell.wave}, ${cell.region}: ${statusLabel(cell.status)}`,
  ];
  if (cell.oneBox) parts.push(`one-box ${statusLabel(cell.oneBox.status)}`);
  if (wave.bakeEndsAt) parts.push('baking');
  if (wave.blockers.length) parts.push(`blocked: ${wave.blockers.join('; ')}`);
  parts.push(alarmText(cell.alarmState, cell));
  return parts.join(', ');
}

function WaveCell(props: { cell: WaveCellModel; wave: WaveRowModel }) {
  const classes = useStyles();
  const { cell, wave } = props;
  const testId = `wave-cell-${cell.wave}-${cell.region}`;
  return (
    <TableCell
      className={classes.cell}
      data-testid={testId}
      aria-label={cellSummary(cell, wave)}
    >
      <StepStatusIndicator status={cell.status} />
      {cell.oneBox && (
        <Chip
          size="small"
          variant="outlined"
          label={`One-box: ${statusLabel(cell.oneBox.status)}`}
          title={cell.oneBox.actionName}
          className={classes.oneBox}
        />
      )}
      {wave.bakeEndsAt && (
        <BakeCountdown
          endsAt={wave.bakeEndsAt}
          bakeMinutes={wave.bakeMinutes}
          testId={`${testId}-bake`}
        />
      )}
      {cell.status === 'NotStarted' && wave.blockers.length > 0 && (
        <Typography variant="body2" className={classes.blocker}>
          Blocked
        </Typography>
      )}
      <AlarmState cell={cell} />
    </TableCell>
  );
}

function WaveHeader(props: { wave: WaveRowModel; revision?: StageRevision }) {
  const classes = useStyles();
  const { wave } = props;
  return (
    <TableCell
      component="th"
      scope="row"
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

/**
 * Production as waves × regions: each cell shows the deploy status, the one-box step, the bake
 * time remaining (live) and the alarm state; blockers are spelled out on the wave. Alarm names
 * open the alarm's state history.
 */
export const WaveBoard = memo(function WaveBoardTable(props: {
  pipeline: PipelineView;
  /** The entity whose pipeline this is (the alarm history is read through it). */
  entityRef: CompoundEntityRef;
  /** Which revision each stage holds, by stage name. */
  revisions?: ReadonlyMap<string, StageRevision>;
}) {
  const classes = useStyles();
  const { pipeline } = props;
  // The countdown cells tick on their own; the model only needs "is it baking" at fetch time.
  const model = useMemo(
    () => deriveWaveBoard(pipeline, Date.now()),
    [pipeline],
  );
  if (model.waves.length === 0) {
    return (
      <Typography variant="body2">
        No production waves were recognised in this pipeline.
      </Typography>
    );
  }
  return (
    <AlarmHistoryProvider
      entityRef={props.entityRef}
      pipelineArn={pipeline.arn}
    >
      <TableContainer>
        <Table
          size="small"
          aria-label={`Production wave board of ${pipeline.name}`}
          data-testid="wave-board"
        >
          <TableHead>
            <TableRow>
              <TableCell>Wave</TableCell>
              {model.regions.map(region => (
                <TableCell key={region} className={classes.cell}>
                  {region}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {model.waves.map(wave => (
              <TableRow key={wave.index}>
                <WaveHeader
                  wave={wave}
                  revision={props.revisions?.get(wave.stageName)}
                />
                {model.regions.map(region =>
                  wave.cells[region] ? (
                    <WaveCell
                      key={region}
                      cell={wave.cells[region]}
                      wave={wave}
                    />
                  ) : (
                    // A plain cell: boards have many empty ones and MUI's TableCell costs more.
                    <td
                      key={region}
                      className={classes.empty}
                      aria-label={`Wave ${wave.index} does not deploy to ${region}`}
                    >
                      —
                    </td>
                  ),
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </AlarmHistoryProvider>
  );
});
