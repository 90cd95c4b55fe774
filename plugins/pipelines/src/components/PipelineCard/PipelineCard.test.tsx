import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ExecutionView } from '@dpra/plugin-pipelines-common';
import { pipelineWithPreviousProd } from '../../testing';
import { mainRevision, shortRevision } from '../Revision';
import { PipelineCard } from './PipelineCard';

jest.setTimeout(20_000);

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'orders-service',
};

const short = (e: ExecutionView) => shortRevision(mainRevision(e)?.revisionId)!;

describe('PipelineCard', () => {
  it('says where the newest revision is and what production runs, and the Prod phase names the older revision', async () => {
    const { pipeline, executions, newest, previous } =
      pipelineWithPreviousProd();
    await renderInTestApp(
      <PipelineCard
        pipeline={pipeline}
        entityRef={entityRef}
        executions={executions}
      />,
    );
    expect(
      screen.getByTestId(`whereabouts-${pipeline.name}`),
    ).toHaveTextContent(
      `${short(newest)} waiting for approval · prod on ${short(previous)}`,
    );
    // The short commit is a link (its "opens in a new window" hint is read out too).
    expect(screen.getByTestId('prod-summary-revision')).toHaveTextContent(
      new RegExp(`^${short(previous)}.* · previous, 1 run, 3 h behind$`),
    );
  });

  it('marks the stages and waves that hold the picked revision, and nothing else', async () => {
    const { pipeline, executions, previous } = pipelineWithPreviousProd();
    await renderInTestApp(
      <PipelineCard
        pipeline={pipeline}
        entityRef={entityRef}
        executions={executions}
      />,
    );
    expect(screen.queryAllByTestId(/-picked$/)).toHaveLength(0);
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Where is/ }));
    await userEvent.click(
      screen.getByRole('option', { name: new RegExp(short(previous)) }),
    );
    const waves = pipeline.layout.waves;
    waves.forEach(w =>
      expect(screen.getByTestId(`wave-${w.index}-picked`)).toHaveTextContent(
        `${short(previous)} here: reached`,
      ),
    );
    // Each region of those waves is marked too, and says so to assistive technology.
    const regions = waves.flatMap(w =>
      w.regions.map(r =>
        screen.getByTestId(`wave-cell-${w.index}-${r.region}`),
      ),
    );
    expect(regions.length).toBeGreaterThan(0);
    regions.forEach(cell => {
      expect(cell).toHaveAttribute('data-picked', 'reached');
      expect(cell.getAttribute('aria-label')).toMatch(
        new RegExp(`; ${short(previous)} here: reached$`),
      );
    });
    // The newest revision's stages (build, approval) are not marked for the previous one.
    expect(screen.queryByTestId('stage-Approval-picked')).toBeNull();
    expect(screen.getAllByTestId(/-picked$/)).toHaveLength(waves.length);
  });

  it('lists every execution in flight of a PARALLEL pipeline with its revision, place and trigger', async () => {
    const { pipeline, executions, newest } = pipelineWithPreviousProd();
    const second: ExecutionView = {
      ...executions[2],
      status: 'InProgress',
      startedAt: new Date(Date.parse(newest.startedAt!) + 60_000).toISOString(),
      trigger: 'Webhook',
      triggerDetail: 'push to main',
    };
    const parallel = { ...pipeline, executionMode: 'PARALLEL' };
    await renderInTestApp(
      <PipelineCard
        pipeline={parallel}
        entityRef={entityRef}
        executions={[second, newest, ...executions.slice(3)]}
      />,
    );
    const region = screen.getByRole('region', {
      name: `Executions in flight of ${pipeline.name}`,
    });
    expect(region).toHaveTextContent('2 executions in flight');
    expect(region).toHaveTextContent('PARALLEL mode');
    const items = within(region).getAllByTestId('in-flight-execution');
    // Oldest first: its position in line.
    expect(items[0]).toHaveTextContent(
      new RegExp(`^${short(newest)} .* · waiting for approval · started`),
    );
    expect(items[1]).toHaveTextContent(
      new RegExp(`^${short(second)} .* · Webhook$`),
    );
    expect(within(items[1]).getByTitle('push to main')).toHaveTextContent(
      'Webhook',
    );
  });

  it('shows no in-flight list with one execution running', async () => {
    const { pipeline, executions } = pipelineWithPreviousProd();
    await renderInTestApp(
      <PipelineCard
        pipeline={pipeline}
        entityRef={entityRef}
        executions={executions}
      />,
    );
    expect(
      screen.queryByRole('region', { name: /Executions in flight/ }),
    ).toBeNull();
  });
});
