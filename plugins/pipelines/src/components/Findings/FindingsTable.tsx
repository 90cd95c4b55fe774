import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  FindingView,
  FindingsResponse,
  PipelineView,
  SEVERITY_ORDER,
  Severity,
} from '@dpra/plugin-pipelines-common';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import { useFindings } from '../../hooks/useEntityData';
import type { PolledResource } from '../../hooks/usePolledResource';
import { FreshnessNote } from '../Freshness';
import { formatDateTime } from '../../time/timeRules';
import { SeverityChip } from './SeverityChip';
import { PagedTable, type PagedTableColumn } from '../PagedTable';
import { TestReports } from './TestReports';
import { useLayout } from '../layout';

const ALL = '__all__';

/**
 * Which run reported a finding: the pipeline, run and action that imported it; the pipeline
 * alone when no run stamped it; the entity for a finding on its service's tagged resources that
 * more than one of its pipelines selects (the server lists it once, without a pipeline).
 */
export function reportedBy(f: FindingView): string {
  if (!f.pipelineArn) return 'Entity (tagged resources)';
  const pipeline = f.pipelineArn.split(':').pop() ?? f.pipelineArn;
  if (!f.executionId) return pipeline;
  return `${pipeline} · run ${f.executionId.slice(0, 8)}${
    f.action ? ` · ${f.action}` : ''
  }`;
}

const columns: PagedTableColumn<FindingView>[] = [
  {
    title: 'Severity',
    field: 'severity',
    render: f => <SeverityChip severity={f.severity} />,
    compare: (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  },
  { title: 'Title', field: 'title' },
  { title: 'Tool', field: 'tool' },
  { title: 'Resource', field: 'resource', identifier: true },
  {
    title: 'Reported by',
    render: f => (
      <span title={f.executionId} data-testid="finding-reported-by">
        {reportedBy(f)}
      </span>
    ),
  },
  {
    title: 'First seen',
    field: 'firstSeenAt',
    render: f => formatDateTime(f.firstSeenAt),
  },
  {
    title: 'Link',
    render: f =>
      f.url ? (
        <Link to={f.url} aria-label={`Open ${f.title} in the console`}>
          Console
        </Link>
      ) : (
        '—'
      ),
  },
];

/**
 * The pipeline runs that stamped findings, newest first: a run's findings are those it reported
 * last, so the run whose findings were seen last is the newest.
 */
function runsOf(findings: FindingView[]): string[] {
  const seen = new Map<string, string>();
  for (const f of findings) {
    if (!f.executionId) continue;
    const at = f.lastSeenAt ?? f.firstSeenAt ?? '';
    if (!seen.has(f.executionId) || at > seen.get(f.executionId)!) {
      seen.set(f.executionId, at);
    }
  }
  return [...seen.entries()]
    .sort((a, b) => b[1].localeCompare(a[1]) || a[0].localeCompare(b[0]))
    .map(([id]) => id);
}

/**
 * Findings with severity chips, severity, tool and run filters, and the build's tests and
 * coverage (of the runs the `pipelines`' boards show).
 */
export function FindingsView(props: {
  findings: FindingsResponse;
  pipelines?: readonly PipelineView[];
}) {
  const { findings, pipelines } = props;
  const layout = useLayout();
  const [severity, setSeverity] = useState<Severity | typeof ALL>(ALL);
  const [tool, setTool] = useState<string>(ALL);
  const [run, setRun] = useState<string>(ALL);
  const tools = useMemo(
    () => Array.from(new Set(findings.findings.map(f => f.tool))).sort(),
    [findings.findings],
  );
  const runs = useMemo(() => runsOf(findings.findings), [findings.findings]);
  const ofRun = useMemo(
    () =>
      run === ALL
        ? findings.findings
        : findings.findings.filter(f => f.executionId === run),
    [findings.findings, run],
  );
  // The chips count what the run filter leaves: the server's counts are of every run.
  const counts = useMemo(() => {
    if (run === ALL) return findings.counts;
    const byRun = Object.fromEntries(SEVERITY_ORDER.map(s => [s, 0]));
    ofRun.forEach(f => byRun[f.severity]++);
    return byRun as FindingsResponse['counts'];
  }, [findings.counts, ofRun, run]);
  const rows = useMemo(
    () =>
      ofRun.filter(
        f =>
          (severity === ALL || f.severity === severity) &&
          (tool === ALL || f.tool === tool),
      ),
    [ofRun, severity, tool],
  );

  return (
    <div data-testid="findings">
      <FreshnessNote freshness={findings.freshness} what="Findings" />
      <div
        className={`${layout.row} ${layout.my1}`}
        role="group"
        aria-label="Findings by severity"
      >
        {SEVERITY_ORDER.map(s => (
          <SeverityChip
            key={s}
            severity={s}
            count={counts[s] ?? 0}
            selected={severity === ALL || severity === s}
            onClick={() => setSeverity(severity === s ? ALL : s)}
          />
        ))}
      </div>
      <div className={`${layout.wrap} ${layout.my1}`}>
        <TextField
          select
          label="Severity"
          value={severity}
          onChange={e => setSeverity(e.target.value as Severity | typeof ALL)}
          id="findings-severity-filter"
          style={{ minWidth: 160 }}
        >
          <MenuItem value={ALL}>All severities</MenuItem>
          {SEVERITY_ORDER.map(s => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label="Tool"
          value={tool}
          onChange={e => setTool(e.target.value)}
          id="findings-tool-filter"
          style={{ minWidth: 160 }}
        >
          <MenuItem value={ALL}>All tools</MenuItem>
          {tools.map(t => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </TextField>
        {runs.length > 0 && (
          <TextField
            select
            label="Run"
            value={run}
            onChange={e => setRun(e.target.value)}
            id="findings-run-filter"
            style={{ minWidth: 160 }}
          >
            <MenuItem value={ALL}>All runs</MenuItem>
            {runs.map((id, i) => (
              <MenuItem key={id} value={id} title={id}>
                {`${id.slice(0, 8)}${i === 0 ? ' (newest)' : ''}`}
              </MenuItem>
            ))}
          </TextField>
        )}
      </div>
      <PagedTable<FindingView>
        title={`Findings (${rows.length} of ${findings.findings.length})`}
        pageSize={20}
        columns={columns}
        rows={rows}
        rowKey={f => `${f.id}\u0000${f.pipelineArn ?? ''}`}
        emptyContent={
          <div className={layout.p2}>
            <Typography variant="body2">
              {findings.findings.length === 0
                ? 'No findings reported for this entity.'
                : 'No findings match the filters.'}
            </Typography>
          </div>
        }
      />
      <TestReports reports={findings.reports} pipelines={pipelines} />
    </div>
  );
}

/** Card that loads the entity's findings and shows {@link FindingsView}. */
export function FindingsCard(props: {
  entityRef: CompoundEntityRef;
  pipelines?: readonly PipelineView[];
}) {
  return (
    <FindingsResourceCard
      findings={useFindings(props.entityRef)}
      pipelines={props.pipelines}
    />
  );
}

/**
 * The findings card over a resource loaded by its caller: the Pipelines tab starts the findings'
 * request with the pipelines', not after them.
 */
export function FindingsResourceCard(props: {
  findings: PolledResource<FindingsResponse>;
  pipelines?: readonly PipelineView[];
}) {
  const { value, error, loading } = props.findings;
  return (
    <InfoCard title="Findings, tests and coverage">
      {loading && !value && <Progress />}
      {error && !value && <ResponseErrorPanel error={error} />}
      {value && <FindingsView findings={value} pipelines={props.pipelines} />}
    </InfoCard>
  );
}
