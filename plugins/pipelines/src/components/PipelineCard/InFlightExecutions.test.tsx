import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type {
  ExecutionView,
  PipelineView,
} from '@dpra/plugin-pipelines-common';
import { makeDemoPipeline } from '../../testing';
import { ordinal } from '../Revision';
import { InFlightExecutions } from './InFlightExecutions';

/*
 * QUEUED and SUPERSEDED executions as AWS defines them: a stage holds one execution at a time;
 * in QUEUED mode the others wait in line to enter it, in SUPERSEDED mode a newer one supersedes
 * the one waiting. The backend lists who waits where (StageStateView.waiting).
 */

const base = makeDemoPipeline({ scenario: 'baking', now: Date.now() });
const WAVE = base.layout.waves[0].stageName;

function execution(
  id: string,
  status: ExecutionView['status'],
  minutesAgo: number,
  sha: string,
  message: string,
): ExecutionView {
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  return {
    id,
    pipelineArn: base.arn,
    status,
    startedAt: at,
    updatedAt: at,
    sourceRevisions: [
      { actionName: 'Source', revisionId: sha, revisionSummary: message },
    ],
  };
}

/** The wave's stage holds `holder`; `waiting` wait to enter it, first in line first. */
function pipelineWithLine(
  mode: string,
  holder: string,
  waiting: string[],
): PipelineView {
  return {
    ...base,
    executionMode: mode,
    stages: base.stages.map(s =>
      s.name === WAVE
        ? { ...s, pipelineExecutionId: holder, waiting }
        : // The last run through the stages before the wave is the newest waiting one.
          {
            ...s,
            pipelineExecutionId:
              s.pipelineExecutionId && (waiting[waiting.length - 1] ?? holder),
          },
    ),
  };
}

/** Renders the runs of a pipeline whose wave holds `holder`, `waiting` in line; each row's text. */
async function renderLine(
  mode: string,
  holder: string,
  waiting: string[],
  executions: ExecutionView[],
) {
  await renderInTestApp(
    <InFlightExecutions
      pipeline={pipelineWithLine(mode, holder, waiting)}
      executions={executions}
    />,
  );
  return screen.getAllByTestId('in-flight-execution').map(r => r.textContent);
}

describe('InFlightExecutions', () => {
  it('says ordinals as English does', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
    ]);
  });

  it('GIVEN a QUEUED pipeline with two runs waiting for a wave THEN each is listed with its place in line', async () => {
    const executions = [
      execution('c3', 'InProgress', 10, 'c'.repeat(40), 'third change'),
      execution('b2', 'InProgress', 30, 'b'.repeat(40), 'second change'),
      execution('a1', 'InProgress', 300, 'a'.repeat(40), 'first change'),
    ];
    const rows = await renderLine('QUEUED', 'a1', ['b2', 'c3'], executions);
    expect(rows[1]).toMatch(
      new RegExp(`^bbbbbbb second change · 1st in queue for ${WAVE} · `),
    );
    expect(rows[2]).toMatch(
      new RegExp(`^ccccccc third change · 2nd in queue for ${WAVE} · `),
    );
    expect(screen.getByText(/QUEUED mode/)).toBeInTheDocument();
  });

  it('GIVEN a SUPERSEDED pipeline THEN the superseded run is named, with the revision that superseded it', async () => {
    const executions = [
      execution('c3', 'InProgress', 10, 'c'.repeat(40), 'third change'),
      execution('b2', 'Superseded', 30, 'b'.repeat(40), 'second change'),
      execution('a1', 'InProgress', 300, 'a'.repeat(40), 'first change'),
    ];
    const rows = await renderLine('SUPERSEDED', 'a1', ['c3'], executions);
    expect(screen.getByTestId('superseded-execution')).toHaveTextContent(
      /^bbbbbbb second change · superseded by ccccccc /,
    );
    expect(rows[1]).toContain(`1st in queue for ${WAVE}`);
  });

  it('GIVEN runs in line whose places the refresh did not read THEN they are counted and marked, not left silent', async () => {
    // 12 runs wait behind the holder; the backend placed the 9 newest (its pages reached back
    // that far), so the 3 oldest hold no stage and have no place.
    const ids = Array.from({ length: 12 }, (_, i) => `r${i + 1}`);
    const executions = [
      ...ids
        .map((id, i) =>
          execution(
            id,
            'InProgress',
            200 - i * 10,
            `${i}`.padEnd(40, 'f'),
            `change ${i + 1}`,
          ),
        )
        .reverse(),
      execution('a0', 'InProgress', 300, 'a'.repeat(40), 'holder'),
    ];
    const rows = await renderLine('QUEUED', 'a0', ids.slice(3), executions);
    expect(screen.getByTestId('unplaced')).toHaveTextContent(
      /^3 more waiting, places not read/,
    );
    expect(rows).toHaveLength(13);
    for (const row of rows.slice(1, 4)) {
      expect(row).toContain('waiting in line, place not read');
    }
    expect(rows[4]).toContain(`1st in queue for ${WAVE}`);
    expect(rows[12]).toContain(`9th in queue for ${WAVE}`);
  });

  it('GIVEN every run in line placed THEN nothing is said to be unread', async () => {
    const executions = [
      execution('b2', 'InProgress', 30, 'b'.repeat(40), 'second change'),
      execution('a1', 'InProgress', 300, 'a'.repeat(40), 'first change'),
    ];
    const rows = await renderLine('QUEUED', 'a1', ['b2'], executions);
    expect(rows[1]).toContain(`1st in queue for ${WAVE}`);
    expect(screen.queryByTestId('unplaced')).toBeNull();
  });
});
