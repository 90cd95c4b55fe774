import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import type {
  ConfigDeploymentView,
  PipelineView,
} from '@dpra/plugin-pipelines-common';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { Theme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { memo, useMemo } from 'react';
import { formatDateTime } from '../../time/timeRules';
import { shortRevision } from '../Revision';
import { BakeCountdown } from '../WaveBoard/BakeCountdown';
import {
  ConfigTargetRow,
  configTargetRows,
  strategyText,
} from './configDeploymentModel';
import { useLayout } from '../layout';
import { SideScroll } from '../SideScroll';

function StateText(props: { deployment: ConfigDeploymentView }) {
  const d = props.deployment;
  switch (d.state) {
    case 'COMPLETE':
      return <StatusOK>Complete</StatusOK>;
    case 'ROLLED_BACK':
    case 'ROLLING_BACK':
    case 'REVERTED':
      return (
        <StatusError>
          {d.state === 'ROLLING_BACK' ? 'Rolling back' : 'Rolled back'}
        </StatusError>
      );
    case 'BAKING':
      return <StatusRunning>Baking</StatusRunning>;
    case 'DEPLOYING':
    case 'VALIDATING':
      return <StatusRunning>Deploying</StatusRunning>;
    default:
      return <StatusPending>{d.state}</StatusPending>;
  }
}

/** One profile's latest deployment in one environment and region. */
function ProfileDeployment(props: { deployment: ConfigDeploymentView }) {
  const d = props.deployment;
  const testId = `config-${d.environment}-${d.region}-${d.profile}`;
  const growing = d.state === 'DEPLOYING' || d.state === 'VALIDATING';
  const layout = useLayout();
  return (
    <div className={layout.mb1} data-testid={testId} data-state={d.state}>
      <div className={layout.row}>
        <Typography variant="body2">
          <strong>{d.profile}</strong> v{d.version}
          {d.revision ? ` · revision ${shortRevision(d.revision)}` : ''}
        </Typography>
        <StateText deployment={d} />
      </div>
      <Typography variant="caption" color="textSecondary" display="block">
        Deployment {d.deploymentNumber}
        {d.strategy ? ` · ${d.strategy}` : ''}: {strategyText(d)} · started{' '}
        {formatDateTime(d.startedAt)}
        {d.completedAt ? ` · ended ${formatDateTime(d.completedAt)}` : ''}
      </Typography>
      {growing && (
        <div className={layout.progress}>
          <div className={layout.grow}>
            <LinearProgress
              variant="determinate"
              value={d.percentageComplete}
              aria-label={`${d.profile} deployed to ${d.percentageComplete}% of targets`}
            />
          </div>
          <Typography variant="caption">{d.percentageComplete}%</Typography>
        </div>
      )}
      {!growing && d.state !== 'COMPLETE' && (
        <Typography variant="caption" display="block">
          {d.percentageComplete}% of targets reached
        </Typography>
      )}
      {d.state === 'BAKING' && d.bakeEndsAt && (
        <BakeCountdown endsAt={d.bakeEndsAt} bakeMinutes={d.finalBakeMinutes} />
      )}
      {d.liveVersion && d.liveVersion !== d.version && (
        <Typography variant="caption" display="block">
          Live: v{d.liveVersion}
          {d.liveRevision ? ` (revision ${shortRevision(d.liveRevision)})` : ''}
        </Typography>
      )}
      {!d.liveVersion && d.state !== 'COMPLETE' && (
        <Typography variant="caption" display="block">
          No completed deployment of {d.profile} here among the recent ones
        </Typography>
      )}
      {d.rolledBack && (
        <div data-testid={`${testId}-rollback`}>
          <StatusError>
            <Typography variant="body2" component="span">
              v{d.rolledBack.version}
              {d.rolledBack.revision
                ? ` (revision ${shortRevision(d.rolledBack.revision)})`
                : ''}{' '}
              rolled back {formatDateTime(d.rolledBack.at)}{' '}
              {d.rolledBack.alarmName
                ? `by alarm ${d.rolledBack.alarmName}`
                : `(triggered by ${d.rolledBack.triggeredBy})`}
            </Typography>
          </StatusError>
        </div>
      )}
    </div>
  );
}

function TargetDeployments(props: { row: ConfigTargetRow }) {
  return (
    <>
      {props.row.deployments.map(d => (
        <ProfileDeployment key={d.profile} deployment={d} />
      ))}
    </>
  );
}

/**
 * The configuration deployments of a configuration pipeline (AWS AppConfig), per environment
 * and region in delivery order: each profile's latest deployment with its version and revision,
 * strategy, percentage deployed, bake remaining, the version live there, and the last rollback
 * with the alarm that triggered it. Phones get one block per environment and region.
 */
export const ConfigDeploymentBoard = memo(
  function ConfigDeploymentBoardView(props: { pipeline: PipelineView }) {
    const deployments = props.pipeline.configDeployments;
    const rows = useMemo(
      () => configTargetRows(deployments ?? []),
      [deployments],
    );
    const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('xs'));
    const layout = useLayout();
    if (!deployments) return null;
    if (rows.length === 0) {
      return (
        <Typography variant="body2">
          AppConfig shows no deployments of this pipeline's configuration yet.
        </Typography>
      );
    }
    const label = `Configuration deployments of ${props.pipeline.name}`;
    if (phone) {
      return (
        <div
          aria-label={label}
          role="list"
          data-testid="config-board"
          data-layout="stacked"
        >
          {rows.map(row => (
            <div key={row.key} role="listitem" className={layout.mb2}>
              <Typography variant="subtitle2">
                {row.environment} · {row.region}
              </Typography>
              <Typography variant="caption" color="textSecondary" gutterBottom>
                Account {row.accountId}
              </Typography>
              <TargetDeployments row={row} />
            </div>
          ))}
        </div>
      );
    }
    return (
      <SideScroll label={label}>
        <Table
          size="small"
          aria-label={label}
          data-testid="config-board"
          data-layout="table"
        >
          <TableHead>
            <TableRow>
              <TableCell style={{ whiteSpace: 'nowrap' }}>
                Environment, region
              </TableCell>
              <TableCell>Deployments (latest per profile)</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <TableRow key={row.key}>
                <TableCell
                  style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}
                >
                  <Typography variant="body2">
                    {row.environment} · {row.region}
                  </Typography>
                  <Typography variant="caption" color="textSecondary">
                    Account {row.accountId}
                  </Typography>
                </TableCell>
                <TableCell>
                  <TargetDeployments row={row} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SideScroll>
    );
  },
);
