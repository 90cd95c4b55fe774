import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';
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
import type { WaveRowModel } from './waveBoardModel';

/** The account a row stands for; `undefined` when the pipeline does not name the accounts. */
type AccountRow = string | undefined;

/** An account × region cell: the status of the region's distribution, outlined when picked. */
function AccountCell(props: {
  wave: WaveRowModel;
  region: string;
  account: AccountRow;
  where: string;
}) {
  const { wave, region, account, where } = props;
  const cell = wave.cells[region];
  const testId = `wave-cell-${wave.index}-${account ?? 'all'}-${region}`;
  const picked = usePickedCell(wave, cellSummary(where, cell.status, wave));
  return (
    <TableCell {...picked} data-testid={testId} data-where={where}>
      <DeployStatus status={cell.status} wave={wave} testId={testId} />
    </TableCell>
  );
}

/**
 * One distribution wave of an image pipeline: a row per account the AMI is shared with, a
 * column per region, then a row of each region's alarms. A region's one distribution action
 * shares the AMI with all of the wave's accounts there, so an account's cell shows that action's
 * status. The wave's header names the SSM parameter that receives the AMI id.
 */
export function AccountWaveRows(props: {
  wave: WaveRowModel;
  regions: string[];
  revision?: StageRevision;
}) {
  const classes = useWaveBoardStyles();
  const { wave, regions } = props;
  const accounts: AccountRow[] = wave.accounts.length
    ? wave.accounts
    : [undefined];
  const deploysTo = (account: AccountRow, region: string) => {
    const cell = wave.cells[region];
    return (
      cell !== undefined &&
      (account === undefined || (cell.accounts ?? []).includes(account))
    );
  };
  return (
    <>
      {accounts.map((account, row) => (
        <TableRow key={account ?? '-'}>
          {row === 0 && (
            <WaveHeader
              wave={wave}
              revision={props.revision}
              rowSpan={accounts.length + 1}
            >
              {wave.ssmParameters.map(parameter => (
                <Typography
                  key={parameter}
                  variant="caption"
                  display="block"
                  data-testid={`wave-${wave.index}-ssm-parameter`}
                >
                  AMI id → SSM <code>{parameter}</code>
                </Typography>
              ))}
            </WaveHeader>
          )}
          <TableCell component="th" scope="row" className={classes.cell}>
            {account ?? (
              <Typography variant="body2" color="textSecondary">
                Accounts not declared
              </Typography>
            )}
          </TableCell>
          {regions.map(region => {
            const where = account ? `${account} in ${region}` : region;
            if (!deploysTo(account, region)) {
              return (
                <EmptyCell
                  key={region}
                  label={`Wave ${wave.index} does not share the AMI with ${where}`}
                />
              );
            }
            return (
              <AccountCell
                key={region}
                wave={wave}
                region={region}
                account={account}
                where={where}
              />
            );
          })}
        </TableRow>
      ))}
      <TableRow>
        <TableCell component="th" scope="row" className={classes.cell}>
          Alarms
        </TableCell>
        {regions.map(region => (
          <Fragment key={region}>
            {wave.cells[region] ? (
              <TableCell
                className={classes.cell}
                data-testid={`wave-alarms-${wave.index}-${region}`}
                data-where={`Alarms in ${region}`}
              >
                <AlarmState
                  alarms={wave.cells[region].alarms}
                  state={wave.cells[region].alarmState}
                  where="this region"
                />
              </TableCell>
            ) : (
              <EmptyCell
                label={`Wave ${wave.index} does not distribute to ${region}`}
              />
            )}
          </Fragment>
        ))}
      </TableRow>
    </>
  );
}
