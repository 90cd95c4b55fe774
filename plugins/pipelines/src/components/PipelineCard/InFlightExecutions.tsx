import type {
  ExecutionView,
  PipelineView,
} from '@dpra/plugin-pipelines-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatTimeAgo } from '../../time/timeRules';
import { useNow } from '../../time/useNow';
import { TriggerText } from '../Approvals/ApprovalRevision';
import { mainRevision, shortRevision, whereIsExecution } from '../Revision';
import { readableRevisionSummary } from '../SourceRevision/revisionSummary';

/** What the execution mode means for executions in flight, as AWS defines it. */
const MODE_WORDS: Record<string, string> = {
  PARALLEL: 'PARALLEL mode: they run side by side, each on its own',
  QUEUED:
    'QUEUED mode: they run in order; each waits for the one ahead of it to leave a stage',
  SUPERSEDED:
    'SUPERSEDED mode: a newer execution replaces an older one waiting to enter a stage',
};

/** The executions of the pipeline still running, oldest first (their position in line). */
export function inFlightExecutions(
  pipelineArn: string,
  executions: readonly ExecutionView[],
): ExecutionView[] {
  return executions
    .filter(
      e =>
        e.pipelineArn === pipelineArn &&
        (e.status === 'InProgress' || e.status === 'Stopping'),
    )
    .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
}

/**
 * Every execution in flight with its position, revision, where it is and what started it. The
 * stage cards show one execution per stage (the one AWS reports), so with several in flight this
 * list is where the others are seen.
 */
export function InFlightExecutions(props: {
  pipeline: PipelineView;
  executions: readonly ExecutionView[];
}) {
  const now = useNow(30_000);
  const { pipeline } = props;
  const running = inFlightExecutions(pipeline.arn, props.executions);
  if (running.length < 2) return null;
  const mode = pipeline.executionMode ?? 'SUPERSEDED';
  return (
    <Box
      mb={1}
      role="region"
      aria-label={`Executions in flight of ${pipeline.name}`}
      data-testid={`in-flight-${pipeline.name}`}
    >
      <Typography variant="subtitle2">
        {running.length} executions in flight
      </Typography>
      <Typography variant="caption" display="block" color="textSecondary">
        {MODE_WORDS[mode] ?? mode}
      </Typography>
      <Box component="ol" m={0} pl={3}>
        {running.map(e => {
          const revision = mainRevision(e);
          const message = readableRevisionSummary(revision?.revisionSummary);
          const where = whereIsExecution(pipeline, e.id, now) ?? 'running';
          return (
            <li key={e.id} data-testid="in-flight-execution">
              <Typography
                variant="body2"
                component="span"
                style={{ overflowWrap: 'anywhere' }}
              >
                <code>
                  {shortRevision(revision?.revisionId) ??
                    `execution ${e.id.slice(0, 8)}`}
                </code>
                {message ? ` ${message}` : ''} · {where} · started{' '}
                {formatTimeAgo(e.startedAt, now)}
                <TriggerText execution={e} prefix=" · " />
              </Typography>
            </li>
          );
        })}
      </Box>
    </Box>
  );
}
