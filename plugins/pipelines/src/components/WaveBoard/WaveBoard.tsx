import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { PipelineView } from '@dpra/plugin-pipelines-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { Theme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { memo, useMemo } from 'react';
import { AlarmHistoryProvider } from '../AlarmHistory';
import type { StageRevision } from '../Revision';
import { AccountWaveRows } from './AccountWaveRows';
import { UnitWaveRows, UNIT_COLUMNS } from './UnitWaveRows';
import {
  EmptyCell,
  WaveCell,
  WaveHeader,
  useWaveBoardStyles,
} from './WaveBoardParts';
import {
  WaveBoardModel,
  WaveRowModel,
  deriveWaveBoard,
} from './waveBoardModel';

/** The rows of one wave of an application: one row, a cell per region. */
function RegionWaveRows(props: {
  wave: WaveRowModel;
  regions: string[];
  revision?: StageRevision;
}) {
  const { wave } = props;
  return (
    <TableRow>
      <WaveHeader wave={wave} revision={props.revision} />
      {props.regions.map(region =>
        wave.cells[region] ? (
          <WaveCell key={region} cell={wave.cells[region]} wave={wave} />
        ) : (
          <EmptyCell
            key={region}
            label={`Wave ${wave.index} does not deploy to ${region}`}
          />
        ),
      )}
    </TableRow>
  );
}

/** The column headings after "Wave", by what the waves deploy to. */
function targetColumns(model: WaveBoardModel, compact: boolean): string[] {
  switch (model.targets) {
    case 'accountsByRegion':
      return ['Account', ...model.regions];
    case 'organizationalUnits':
      return compact ? [UNIT_COLUMNS[0]] : [...UNIT_COLUMNS];
    default:
      return model.regions;
  }
}

/**
 * Production as waves, with rows and columns by what the waves deploy to: an application's waves
 * × regions (status, one-box step, bake, alarm state per cell); an image's distribution waves as
 * accounts × regions with the SSM parameter that receives the AMI; an account fleet's waves as
 * organisational units with their accounts, baseline status and service control policies.
 * Blockers are spelled out on the wave; alarm names open the alarm's state history.
 */
export const WaveBoard = memo(function WaveBoardTable(props: {
  pipeline: PipelineView;
  /** The entity whose pipeline this is (the alarm history is read through it). */
  entityRef: CompoundEntityRef;
  /** Which revision each stage holds, by stage name. */
  revisions?: ReadonlyMap<string, StageRevision>;
}) {
  const classes = useWaveBoardStyles();
  const { pipeline } = props;
  // Below 1280 px (a 1024 px screen beside the sidebar) an account fleet's units keep one column
  // instead of four, the last of which (alarms) was cut off; phones stack an application's or
  // image's board wave by wave instead of scrolling it sideways.
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('xs'));
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
  const revision = (wave: WaveRowModel) => props.revisions?.get(wave.stageName);
  const compact = model.targets === 'organizationalUnits' && narrow;
  const stacked = phone && model.targets !== 'organizationalUnits';
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
          data-targets={model.targets}
          data-layout={stacked ? 'stacked' : 'table'}
          className={stacked ? classes.stacked : undefined}
        >
          <TableHead>
            <TableRow>
              <TableCell>Wave</TableCell>
              {targetColumns(model, compact).map(column => (
                <TableCell key={column} className={classes.cell}>
                  {column}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {model.waves.map(wave => {
              switch (model.targets) {
                case 'accountsByRegion':
                  return (
                    <AccountWaveRows
                      key={wave.index}
                      wave={wave}
                      regions={model.regions}
                      revision={revision(wave)}
                    />
                  );
                case 'organizationalUnits':
                  return (
                    <UnitWaveRows
                      key={wave.index}
                      wave={wave}
                      revision={revision(wave)}
                      compact={compact}
                    />
                  );
                default:
                  return (
                    <RegionWaveRows
                      key={wave.index}
                      wave={wave}
                      regions={model.regions}
                      revision={revision(wave)}
                    />
                  );
              }
            })}
          </TableBody>
        </Table>
      </TableContainer>
    </AlarmHistoryProvider>
  );
});
