import type { PipelineView } from '@dpra/plugin-pipelines-common';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { pipelinesApiRef } from '../../api';
import { useExecutions } from '../../hooks/useEntityData';
import {
  MockPipelinesApi,
  makeExecutionsResponse,
  FIXTURE_NOW,
} from '../../testing';
import {
  ExecutionHistoryCard,
  ExecutionHistoryTable,
  executionDuration,
} from './ExecutionHistory';

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'orders-service',
};

/** Loads the entity's executions as the tab does, and shows the card. */
function HistoryOfEntity(props: { pipelines: PipelineView[] }) {
  const executions = useExecutions(entityRef, { limit: 100 });
  return (
    <ExecutionHistoryCard executions={executions} pipelines={props.pipelines} />
  );
}

describe('ExecutionHistory', () => {
  it('lists status, trigger, linked source revision and duration', async () => {
    const { executions } = makeExecutionsResponse({
      pipelineArns: [
        'arn:aws:codepipeline:eu-west-1:111122223333:orders-service',
      ],
      executions: 5,
    });
    await renderInTestApp(
      <ExecutionHistoryTable executions={executions} showPipeline={false} />,
    );
    expect(screen.getByText('Executions (5)')).toBeInTheDocument();
    const second = executions[1];
    const sha = second.sourceRevisions[0].revisionId!.slice(0, 7);
    expect(
      screen.getByRole('link', {
        name: `Source revision ${sha}, Opens in a new window`,
      }),
    ).toHaveAttribute('href', second.sourceRevisions[0].revisionUrl);
    expect(screen.getByText('Change number 4')).toBeInTheDocument();
    expect(screen.getAllByText('Webhook').length).toBeGreaterThan(0);
    expect(screen.getAllByText('Failed').length).toBe(1);
    expect(
      screen.getByText(executionDuration(second, Date.now())),
    ).toBeInTheDocument();
  });

  it('computes durations of finished and running executions', () => {
    const [running, finished] = makeExecutionsResponse({
      pipelineArns: ['arn:aws:codepipeline:eu-west-1:1:p'],
      executions: 2,
    }).executions;
    expect(executionDuration(finished, FIXTURE_NOW)).toBe('41m 00s');
    expect(executionDuration(running, FIXTURE_NOW + 90_000)).toBe('1m 30s');
  });

  it('loads executions through the API, with a pipeline column for several pipelines', async () => {
    const api = new MockPipelinesApi({
      pipelines: 2,
      stages: 7,
      executions: 3,
    });
    await renderInTestApp(
      <TestApiProvider apis={[[pipelinesApiRef, api]]}>
        <HistoryOfEntity pipelines={api.pipelines.pipelines} />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Executions (6)')).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: /Pipeline/ }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('orders-service-2').length).toBe(3);
  });

  it('says when nothing ran yet', async () => {
    await renderInTestApp(
      <ExecutionHistoryTable executions={[]} showPipeline={false} />,
    );
    expect(screen.getByText('No executions recorded yet.')).toBeInTheDocument();
  });
});
