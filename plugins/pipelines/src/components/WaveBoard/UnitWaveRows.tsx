import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { StageRevision } from '../Revision';
import {
  AlarmState,
  DeployStatus,
  EmptyCell,
  WaveHeader,
  cellSummary,
  useWaveBoardStyles,
} from './WaveBoardParts';
import {
  WaveRowModel,
  WaveUnitModel,
  summariseAlarms,
} from './waveBoardModel';

/** The columns of an account fleet's board after "Wave". @internal */
export const UNIT_COLUMNS = [
  'Organisational unit',
  'Accounts',
  'Baseline',
  'Service control policies',
  'Alarms',
] as const;

/** A list the pipeline may not declare: "not declared" differs from "none". */
function NameList(props: { names?: string[]; none: string; testId: string }) {
  if (props.names === undefined) {
    return (
      <Typography variant="body2" color="textSecondary">
        Not declared
      </Typography>
    );
  }
  if (props.names.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.none}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" component="ul" data-testid={props.testId}>
      {props.names.map(name => (
        <li key={name}>{name}</li>
      ))}
    </Typography>
  );
}

function UnitCells(props: { unit: WaveUnitModel; wave: WaveRowModel }) {
  const classes = useWaveBoardStyles();
  const { unit, wave } = props;
  const testId = `wave-unit-${wave.index}-${unit.name}`;
  return (
    <>
      <TableCell
        component="th"
        scope="row"
        className={classes.cell}
        data-testid={testId}
      >
        <Typography variant="body2">{unit.name}</Typography>
        {unit.id && (
          <Typography variant="caption" color="textSecondary">
            {unit.id}
          </Typography>
        )}
      </TableCell>
      <TableCell className={classes.cell}>
        <NameList
          names={unit.accounts}
          none="No accounts"
          testId={`${testId}-accounts`}
        />
      </TableCell>
      <TableCell
        className={classes.cell}
        data-testid={`${testId}-baseline`}
        aria-label={cellSummary(
          `baseline of ${unit.name}`,
          unit.status,
          wave,
        )}
        title={unit.actionName}
      >
        <DeployStatus
          status={unit.status}
          wave={wave}
          testId={`${testId}-baseline`}
        />
      </TableCell>
      <TableCell className={classes.cell}>
        <NameList
          names={unit.serviceControlPolicies}
          none="None attached"
          testId={`${testId}-scps`}
        />
      </TableCell>
    </>
  );
}

/**
 * One wave of an account fleet: a row per organisational unit with its accounts, the status of
 * the baseline applied to it and the service control policies attached to it. The fleet's alarms
 * watch the whole wave, so they span its rows.
 */
export function UnitWaveRows(props: {
  wave: WaveRowModel;
  revision?: StageRevision;
}) {
  const classes = useWaveBoardStyles();
  const { wave } = props;
  const rows = Math.max(wave.units.length, 1);
  const header = (
    <WaveHeader wave={wave} revision={props.revision} rowSpan={rows} />
  );
  const alarms = (
    <TableCell
      rowSpan={rows}
      className={classes.cell}
      data-testid={`wave-alarms-${wave.index}`}
    >
      <AlarmState
        alarms={wave.alarms}
        state={summariseAlarms(wave.alarms)}
        where="this wave"
      />
    </TableCell>
  );
  if (wave.units.length === 0) {
    return (
      <TableRow>
        {header}
        <EmptyCell
          label={`Wave ${wave.index} applies the baseline to no organisational unit`}
        />
        <EmptyCell label="No accounts" />
        <EmptyCell label="No baseline" />
        <EmptyCell label="No service control policies" />
        {alarms}
      </TableRow>
    );
  }
  return (
    <>
      {wave.units.map((unit, row) => (
        <TableRow key={unit.actionName}>
          {row === 0 && header}
          <UnitCells unit={unit} wave={wave} />
          {row === 0 && alarms}
        </TableRow>
      ))}
    </>
  );
}
