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
  usePickedCell,
  useWaveBoardStyles,
} from './WaveBoardParts';
import { WaveRowModel, WaveUnitModel, summariseAlarms } from './waveBoardModel';

/**
 * The columns of an account fleet's board after "Wave"; on a narrow screen only the first, which
 * then holds the unit's baseline and policies too. @internal
 */
export const UNIT_COLUMNS = [
  'Organisational unit',
  'Baseline',
  'Service control policies',
  'Alarms',
] as const;

/** A list the pipeline may not declare: "not declared" differs from "none". */
function NameList(props: {
  label: string;
  names?: string[];
  none: string;
  testId: string;
}) {
  const classes = useWaveBoardStyles();
  if (props.names === undefined || props.names.length === 0) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        aria-label={`${props.label}: ${
          props.names ? props.none : 'not declared'
        }`}
      >
        {props.names ? props.none : 'Not declared'}
      </Typography>
    );
  }
  return (
    <Typography
      variant="body2"
      component="ul"
      className={classes.plainList}
      aria-label={props.label}
      data-testid={props.testId}
    >
      {props.names.map(name => (
        <li key={name}>{name}</li>
      ))}
    </Typography>
  );
}

function Caption(props: { children: string }) {
  return (
    <Typography variant="caption" color="textSecondary" display="block">
      {props.children}
    </Typography>
  );
}

function UnitCells(props: {
  unit: WaveUnitModel;
  wave: WaveRowModel;
  compact: boolean;
}) {
  const classes = useWaveBoardStyles();
  const { unit, wave, compact } = props;
  const testId = `wave-unit-${wave.index}-${unit.name}`;
  const baseline = (
    <DeployStatus
      status={unit.status}
      wave={wave}
      testId={`${testId}-baseline`}
    />
  );
  const baselineLabel = cellSummary(
    `baseline of ${unit.name}`,
    unit.status,
    wave,
  );
  const picked = usePickedCell(wave, baselineLabel, 'listCell');
  const policies = (
    <NameList
      label={`Service control policies attached to ${unit.name}`}
      names={unit.serviceControlPolicies}
      none="None attached"
      testId={`${testId}-scps`}
    />
  );
  return (
    <>
      <TableCell
        component="th"
        scope="row"
        className={classes.listCell}
        data-testid={testId}
      >
        <Typography variant="subtitle2">{unit.name}</Typography>
        {unit.id && <Caption>{unit.id}</Caption>}
        <Caption>Accounts</Caption>
        <NameList
          label={`Accounts of ${unit.name}`}
          names={unit.accounts}
          none="No accounts"
          testId={`${testId}-accounts`}
        />
        {compact && (
          <>
            <Caption>Baseline</Caption>
            <div
              data-testid={`${testId}-baseline`}
              aria-label={picked['aria-label']}
              data-picked={picked['data-picked']}
              title={unit.actionName}
            >
              {baseline}
            </div>
            <Caption>Service control policies</Caption>
            {policies}
          </>
        )}
      </TableCell>
      {!compact && (
        <>
          <TableCell
            {...picked}
            data-testid={`${testId}-baseline`}
            title={unit.actionName}
          >
            {baseline}
          </TableCell>
          <TableCell className={classes.listCell}>{policies}</TableCell>
        </>
      )}
    </>
  );
}

/**
 * One wave of an account fleet: a row per organisational unit with its accounts, the status of
 * the baseline applied to it and the service control policies attached to it. The fleet's alarms
 * watch the whole wave, so they span its rows. `compact` (narrow screens) keeps one column per
 * unit and moves the alarms into the wave's header.
 */
export function UnitWaveRows(props: {
  wave: WaveRowModel;
  revision?: StageRevision;
  compact: boolean;
}) {
  const classes = useWaveBoardStyles();
  const { wave, compact } = props;
  const rows = Math.max(wave.units.length, 1);
  const alarmState = (
    <AlarmState
      alarms={wave.alarms}
      state={summariseAlarms(wave.alarms)}
      where="this wave"
    />
  );
  const header = (
    <WaveHeader wave={wave} revision={props.revision} rowSpan={rows}>
      {compact && (
        <div data-testid={`wave-alarms-${wave.index}`}>{alarmState}</div>
      )}
    </WaveHeader>
  );
  const alarms = compact ? null : (
    <TableCell
      rowSpan={rows}
      className={classes.listCell}
      data-testid={`wave-alarms-${wave.index}`}
    >
      {alarmState}
    </TableCell>
  );
  if (wave.units.length === 0) {
    return (
      <TableRow>
        {header}
        <EmptyCell
          label={`Wave ${wave.index} applies the baseline to no organisational unit`}
        />
        {!compact && (
          <>
            <EmptyCell label="No baseline" />
            <EmptyCell label="No service control policies" />
          </>
        )}
        {alarms}
      </TableRow>
    );
  }
  return (
    <>
      {wave.units.map((unit, row) => (
        <TableRow key={unit.actionName}>
          {row === 0 && header}
          <UnitCells unit={unit} wave={wave} compact={compact} />
          {row === 0 && alarms}
        </TableRow>
      ))}
    </>
  );
}
