import type {
  ExecutionView,
  PipelineView,
} from '@dpra/plugin-pipelines-common';
import Typography from '@material-ui/core/Typography';
import { formatTimeAgo } from '../../time/timeRules';
import { useNow } from '../../time/useNow';
import { TriggerText } from '../Approvals/ApprovalRevision';
import {
  mainRevision,
  queuePosition,
  shortRevision,
  unplacedInLine,
  unplacedText,
  whereIsExecution,
} from '../Revision';
import { readableRevisionSummary } from '../SourceRevision/revisionSummary';
import { useLayout } from '../layout';

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
 * The pipeline's superseded executions among its recent ones (newest first), each with the
 * execution that superseded it: the next newer one that was not superseded itself (in SUPERSEDED
 * mode, the run that arrived where it waited).
 */
export function supersededExecutions(
  pipelineArn: string,
  executions: readonly ExecutionView[],
  recent = 10,
): Array<{ execution: ExecutionView; by?: ExecutionView }> {
  const ofPipeline = executions
    .filter(
      e => e.pipelineArn === pipelineArn && e.executionType !== 'ROLLBACK',
    )
    .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))
    .slice(0, recent);
  return ofPipeline.flatMap((execution, index) => {
    if (execution.status !== 'Superseded') return [];
    const by = ofPipeline
      .slice(0, index)
      .reverse()
      .find(e => e.status !== 'Superseded');
    return [{ execution, by }];
  });
}

/** A revision in a line: short commit, or the execution when it has none. */
function revisionText(e: ExecutionView): string {
  return (
    shortRevision(mainRevision(e)?.revisionId) ??
    `execution ${e.id.slice(0, 8)}`
  );
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
  const layout = useLayout();
  const { pipeline } = props;
  const running = inFlightExecutions(pipeline.arn, props.executions);
  const superseded = supersededExecutions(pipeline.arn, props.executions);
  if (running.length < 2 && superseded.length === 0) return null;
  const mode = pipeline.executionMode ?? 'SUPERSEDED';
  const unplaced = new Set(unplacedInLine(pipeline, running).map(e => e.id));
  const unplacedSummary = unplacedText(unplaced.size);
  return (
    <div
      className={layout.mb1}
      role="region"
      aria-label={`Executions in flight of ${pipeline.name}`}
      data-testid={`in-flight-${pipeline.name}`}
    >
      <Typography variant="subtitle2">
        {running.length === 1
          ? '1 execution in flight'
          : `${running.length} executions in flight`}
      </Typography>
      <Typography variant="caption" display="block" color="textSecondary">
        {MODE_WORDS[mode] ?? mode}
      </Typography>
      {unplacedSummary && (
        <Typography variant="caption" display="block" data-testid="unplaced">
          {unplacedSummary}
        </Typography>
      )}
      <ol className={layout.list}>
        {running.map(e => {
          const revision = mainRevision(e);
          const message = readableRevisionSummary(revision?.revisionSummary);
          // A run waiting in line is still shown on the last stage it went through.
          const where = unplaced.has(e.id)
            ? 'waiting in line, place not read'
            : queuePosition(pipeline, e.id) ??
              whereIsExecution(pipeline, e.id, now) ??
              'running';
          return (
            <li key={e.id} data-testid="in-flight-execution">
              <Typography
                variant="body2"
                component="span"
                style={{ overflowWrap: 'anywhere' }}
              >
                <code>{revisionText(e)}</code>
                {message ? ` ${message}` : ''} · {where} · started{' '}
                {formatTimeAgo(e.startedAt, now)}
                <TriggerText execution={e} prefix=" · " />
              </Typography>
            </li>
          );
        })}
      </ol>
      {superseded.length > 0 && (
        <ul className={layout.list} aria-label="Superseded executions">
          {superseded.map(({ execution, by }) => {
            const message = readableRevisionSummary(
              mainRevision(execution)?.revisionSummary,
            );
            return (
              <li key={execution.id} data-testid="superseded-execution">
                <Typography
                  variant="body2"
                  component="span"
                  color="textSecondary"
                  style={{ overflowWrap: 'anywhere' }}
                >
                  <code>{revisionText(execution)}</code>
                  {message ? ` ${message}` : ''} · superseded
                  {by ? (
                    <>
                      {' '}
                      by <code>{revisionText(by)}</code>
                    </>
                  ) : (
                    ' by a newer execution'
                  )}{' '}
                  {formatTimeAgo(execution.updatedAt, now)}
                </Typography>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
