import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  AlarmHistoryItem,
  AlarmHistoryResponse,
} from '@dpra/plugin-pipelines-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pipelinesApiRef } from '../../api';
import { useNow } from '../../time/useNow';
import { serverErrorMessage } from '../Approvals/approvalErrorMessage';
import { FreshnessNote } from '../Freshness';
import { formatDateTime, formatTimeAgo } from '../../time/timeRules';
import { AlarmStateIndicator, alarmStateLabel } from './AlarmStateIndicator';
import { SideScroll } from '../SideScroll';

/** Props of {@link AlarmHistoryDialog}. */
export interface AlarmHistoryDialogProps {
  open: boolean;
  entityRef: CompoundEntityRef;
  /** The entity's pipeline that watches the alarm. */
  pipelineArn: string;
  region: string;
  alarmName: string;
  onClose: () => void;
}

const useStyles = makeStyles(theme => ({
  time: {
    whiteSpace: 'nowrap',
    verticalAlign: 'top',
  },
  change: {
    verticalAlign: 'top',
    minWidth: 200,
  },
  states: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: theme.spacing(1),
  },
  reason: {
    verticalAlign: 'top',
    wordBreak: 'break-word',
  },
  note: {
    marginBottom: theme.spacing(2),
  },
}));

/** Newest first, whatever order the items came in (items without a valid time last). */
function newestFirst(items: AlarmHistoryItem[]): AlarmHistoryItem[] {
  const time = (item: AlarmHistoryItem) => {
    const ms = Date.parse(item.timestamp);
    return Number.isNaN(ms) ? -Infinity : ms;
  };
  return [...items].sort((a, b) => {
    const diff = time(b) - time(a);
    return Number.isNaN(diff) ? 0 : diff;
  });
}

function HistoryTable(props: { history: AlarmHistoryResponse; now: number }) {
  const classes = useStyles();
  const { history, now } = props;
  const items = useMemo(() => newestFirst(history.items), [history.items]);
  return (
    <SideScroll
      label={`State changes of ${history.alarmName} in ${history.region}`}
    >
      <Table
        size="small"
        aria-label={`State changes of ${history.alarmName} in ${history.region}, newest first`}
        data-testid="alarm-history-table"
      >
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Change</TableCell>
            <TableCell>Reason</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((item, i) => (
            <TableRow key={`${item.timestamp}/${i}`}>
              <TableCell className={classes.time}>
                <Typography variant="body2">
                  <time dateTime={item.timestamp}>
                    {formatDateTime(item.timestamp)}
                  </time>
                </Typography>
                <Typography variant="caption" color="textSecondary">
                  {formatTimeAgo(item.timestamp, now)}
                </Typography>
              </TableCell>
              <TableCell className={classes.change}>
                <div className={classes.states}>
                  <AlarmStateIndicator state={item.oldState}>
                    {alarmStateLabel(item.oldState)}
                  </AlarmStateIndicator>
                  <span role="img" aria-label="to">
                    →
                  </span>
                  <AlarmStateIndicator state={item.newState}>
                    {alarmStateLabel(item.newState)}
                  </AlarmStateIndicator>
                </div>
              </TableCell>
              <TableCell className={classes.reason}>
                <Typography variant="body2">
                  {item.reason ?? item.summary}
                </Typography>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </SideScroll>
  );
}

function HistoryContent(props: { history: AlarmHistoryResponse }) {
  const classes = useStyles();
  const now = useNow(30_000);
  const { history } = props;
  return (
    <>
      {!history.complete && (
        <Alert
          severity="info"
          className={classes.note}
          data-testid="alarm-history-incomplete"
        >
          The alarm's latest state change is still being read from CloudWatch;
          it appears here after the next refresh.
        </Alert>
      )}
      {history.items.length === 0 ? (
        <Typography variant="body2" data-testid="alarm-history-empty">
          {history.complete
            ? 'No state changes in the last 30 days.'
            : 'No state changes have been read yet.'}
        </Typography>
      ) : (
        <HistoryTable history={history} now={now} />
      )}
      <FreshnessNote freshness={history.freshness} what="Alarm history" />
    </>
  );
}

/** Loads the history when mounted, i.e. when the dialog opens. */
function AlarmHistoryBody(
  props: Omit<AlarmHistoryDialogProps, 'open' | 'onClose'> & {
    titleId: string;
    onClose: () => void;
  },
) {
  const api = useApi(pipelinesApiRef);
  const { entityRef, pipelineArn, region, alarmName } = props;
  const { value, error, loading, retry } = useAsyncRetry(
    () => api.getAlarmHistory(entityRef, { pipelineArn, region, alarmName }),
    [
      api,
      entityRef.kind,
      entityRef.namespace,
      entityRef.name,
      pipelineArn,
      region,
      alarmName,
    ],
  );
  let content;
  if (loading && !value) {
    content = <Progress aria-label={`Loading the history of ${alarmName}`} />;
  } else if (error) {
    content = (
      <ResponseErrorPanel
        title={`Could not load the alarm history: ${serverErrorMessage(error)}`}
        error={error}
      />
    );
  } else if (value) {
    content = <HistoryContent history={value} />;
  }
  return (
    <>
      <DialogTitle id={props.titleId}>
        {alarmName} ({region})
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" gutterBottom>
          State changes of the alarm, newest first (CloudWatch keeps 30 days).
        </Typography>
        {content}
      </DialogContent>
      <DialogActions>
        <Button onClick={retry} disabled={loading}>
          Reload
        </Button>
        <Button onClick={props.onClose} color="primary">
          Close
        </Button>
      </DialogActions>
    </>
  );
}

/**
 * The recent state changes of one alarm (old → new state, when, why) as the backend's store has
 * them, read when the dialog opens.
 */
export function AlarmHistoryDialog(props: AlarmHistoryDialogProps) {
  const { open, onClose, ...alarm } = props;
  const titleId =
    `alarm-history-title-${alarm.region}-${alarm.alarmName}`.replace(
      /[^A-Za-z0-9_-]/g,
      '_',
    );
  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="md"
      data-testid="alarm-history-dialog"
    >
      {/* Mounted only while the dialog is shown: a closed dialog fetches nothing. */}
      <AlarmHistoryBody
        key={`${alarm.pipelineArn}/${alarm.region}/${alarm.alarmName}`}
        {...alarm}
        titleId={titleId}
        onClose={onClose}
      />
    </Dialog>
  );
}
