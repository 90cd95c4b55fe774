import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type {
  ExecutionsResponse,
  ExecutionView,
  PipelineView,
} from '@dpra/plugin-pipelines-common';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import type { PolledResource } from '../../hooks/usePolledResource';
import { DecisionNote } from '../Approvals/DecisionNote';
import { StepStatusIndicator } from '../StepStatus/StepStatusIndicator';
import {
  elapsedMs,
  formatDateTime,
  formatDuration,
} from '../../time/timeRules';
import { readableRevisionSummary } from '../SourceRevision/revisionSummary';
import { shortRevision } from '../Revision';
import { PagedTable, type PagedTableColumn } from '../PagedTable';

/** How long an execution ran (or has been running), `—` without a start. */
export function executionDuration(
  execution: ExecutionView,
  now: number,
): string {
  const ms = elapsedMs(
    execution.startedAt,
    execution.status === 'InProgress' ? undefined : execution.updatedAt,
    now,
  );
  return ms === undefined ? '—' : formatDuration(ms);
}

function pipelineName(arn: string): string {
  return arn.split(':').pop() ?? arn;
}

/**
 * The executions table: status (with the approval decisions taken in Backstage), trigger, source
 * revision (linked), start and duration.
 */
export function ExecutionHistoryTable(props: {
  executions: ExecutionView[];
  showPipeline: boolean;
}) {
  const columns = useMemo<PagedTableColumn<ExecutionView>[]>(() => {
    const now = Date.now();
    const cols: PagedTableColumn<ExecutionView>[] = [
      {
        title: 'Status',
        field: 'status',
        render: e => (
          <span title={e.statusSummary}>
            <StepStatusIndicator status={e.status} />
            {e.executionType === 'ROLLBACK' && (
              <Typography variant="caption"> (rollback)</Typography>
            )}
            {e.decisions?.map(d => (
              <DecisionNote
                key={`${d.stageName}/${d.actionName}/${d.decidedAt}`}
                decision={d}
                testId={`history-decision-${e.id}`}
              />
            ))}
          </span>
        ),
      },
      {
        title: 'Trigger',
        field: 'trigger',
        render: e => <span title={e.triggerDetail}>{e.trigger ?? '—'}</span>,
      },
      {
        title: 'Source revision',
        render: e => {
          const rev = e.sourceRevisions[0];
          if (!rev) return '—';
          const id = shortRevision(rev.revisionId) ?? rev.actionName;
          return (
            <>
              {rev.revisionUrl ? (
                <Link to={rev.revisionUrl} aria-label={`Source revision ${id}`}>
                  {id}
                </Link>
              ) : (
                id
              )}{' '}
              <Typography variant="caption">
                {readableRevisionSummary(rev.revisionSummary)}
              </Typography>
            </>
          );
        },
      },
      {
        title: 'Started',
        field: 'startedAt',
        render: e => formatDateTime(e.startedAt),
      },
      {
        title: 'Duration',
        render: e => executionDuration(e, now),
      },
    ];
    if (props.showPipeline) {
      cols.splice(1, 0, {
        title: 'Pipeline',
        field: 'pipelineArn',
        render: e => pipelineName(e.pipelineArn),
      });
    }
    return cols;
  }, [props.showPipeline]);

  return (
    <div data-testid="execution-history">
      <PagedTable<ExecutionView>
        title={`Executions (${props.executions.length})`}
        pageSize={10}
        columns={columns}
        rows={props.executions}
        rowKey={e => `${e.pipelineArn}/${e.id}`}
        emptyContent={
          <Typography variant="body2" style={{ padding: 16 }}>
            No executions recorded yet.
          </Typography>
        }
      />
    </div>
  );
}

/**
 * Card that shows the entity's execution history, from the executions the tab loads once
 * ({@link useExecutions}; the wave board reads each stage's revision from the same list).
 */
export function ExecutionHistoryCard(props: {
  executions: PolledResource<ExecutionsResponse>;
  pipelines: PipelineView[];
}) {
  const { value, error, loading } = props.executions;
  return (
    <InfoCard title="Execution history">
      {loading && !value && <Progress />}
      {error && !value && <ResponseErrorPanel error={error} />}
      {value && (
        <ExecutionHistoryTable
          executions={value.executions}
          showPipeline={props.pipelines.length > 1}
        />
      )}
    </InfoCard>
  );
}
