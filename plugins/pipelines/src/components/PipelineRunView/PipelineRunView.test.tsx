import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import type { PipelineView } from '@dpra/plugin-pipelines-common';
import { screen, within } from '@testing-library/react';
import { openAlarmHistory } from '../../testing/alarmHistory';
import { pipelinesApiRef } from '../../api';
import { MockPipelinesApi, pipelineWithPreviousProd } from '../../testing';
import { stageRevisions } from '../Revision';
import { makeDemoPipeline } from '../../testing/fixtures';
import { PipelineRunView } from './PipelineRunView';

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'orders-service',
};

// Dialogs and user events take a few seconds on the shared test machine.
jest.setTimeout(20_000);

/** The blocked demo pipeline with Gamma not started, held back by an entry alarm too. */
function gammaBlockedByAlarm(blockedReason?: string): PipelineView {
  const pipeline = makeDemoPipeline({ scenario: 'blocked', now: Date.now() });
  pipeline.layout.stages = pipeline.layout.stages.map(stage =>
    stage.name === 'Gamma'
      ? {
          ...stage,
          safety: {
            ...stage.safety,
            beforeEntry: [
              {
                result: 'FAIL',
                rules: [
                  {
                    name: 'OrgBlockers',
                    provider: 'CloudWatchAlarm',
                    alarmNames: ['org-deployment-blocker'],
                    alarmStates: ['ALARM'],
                    configuration: {},
                  },
                ],
              },
            ],
            alarmNames: [...stage.safety.alarmNames, 'org-deployment-blocker'],
          },
        }
      : stage,
  );
  pipeline.stages = pipeline.stages.map(state =>
    state.name === 'Gamma'
      ? { ...state, status: 'NotStarted', actions: [], blockedReason }
      : state,
  );
  return pipeline;
}

async function renderWithApi(pipeline: PipelineView) {
  const api = new MockPipelinesApi();
  api.pipelines = { ...api.pipelines, pipelines: [pipeline] };
  await renderInTestApp(
    <TestApiProvider apis={[[pipelinesApiRef, api]]}>
      <PipelineRunView pipeline={pipeline} entityRef={entityRef} />
    </TestApiProvider>,
  );
  return api;
}

describe('PipelineRunView', () => {
  it('shows the revision each stage holds: short commit linked, message on hover', async () => {
    const { pipeline, executions, newest } = pipelineWithPreviousProd();
    await renderInTestApp(
      <TestApiProvider apis={[[pipelinesApiRef, new MockPipelinesApi()]]}>
        <PipelineRunView
          pipeline={pipeline}
          entityRef={entityRef}
          revisions={stageRevisions(pipeline, executions)}
        />
      </TestApiProvider>,
    );
    const build = screen.getByTestId('stage-Build-revision');
    const sha = newest.sourceRevisions[0].revisionId!;
    // The link's hidden suffix is Backstage's note for screen readers.
    expect(build).toHaveTextContent(
      new RegExp(`^${sha.slice(0, 7)}(, Opens in a new window)?$`),
    );
    expect(build).toHaveAttribute('title', 'Add order cancellation endpoint');
  });

  it('shows the phases left to right with stage states', async () => {
    await renderInTestApp(
      <PipelineRunView
        pipeline={makeDemoPipeline({ scenario: 'awaitingApproval' })}
        entityRef={entityRef}
      />,
    );
    const phases = within(screen.getByTestId('pipeline-phases'))
      .getAllByRole('listitem')
      .map(el => el.getAttribute('aria-label'));
    expect(phases).toEqual([
      'Source phase',
      'Build phase',
      'Beta phase',
      'Gamma phase',
      'Approval phase',
      'Prod phase',
    ]);
    expect(screen.getByTestId('stage-Approval')).toHaveAttribute(
      'aria-label',
      'Stage Approval: InProgress',
    );
    expect(screen.getByTestId('stage-Gamma')).toHaveAttribute(
      'aria-label',
      'Stage Gamma: Succeeded',
    );
    expect(
      within(screen.getByTestId('phase-prod')).getByText(
        '3 waves, 4 regions · 0/3 done',
      ),
    ).toBeInTheDocument();
  });

  it('shows a failed action with its summary', async () => {
    const pipeline = makeDemoPipeline({ scenario: 'succeeded' });
    pipeline.stages = pipeline.stages.map(s =>
      s.name === 'Beta'
        ? {
            ...s,
            status: 'Failed',
            actions: s.actions.map(a =>
              a.name === 'IntegrationTests'
                ? {
                    ...a,
                    status: 'Failed',
                    summary: '3 of 120 integration tests failed',
                  }
                : a,
            ),
          }
        : s,
    );
    await renderInTestApp(
      <PipelineRunView pipeline={pipeline} entityRef={entityRef} />,
    );
    expect(
      within(screen.getByTestId('stage-Beta')).getByText(
        '3 of 120 integration tests failed',
      ),
    ).toBeInTheDocument();
  });

  it('opens the history of an alarm named in a blocker', async () => {
    const pipeline = gammaBlockedByAlarm();
    const api = await renderWithApi(pipeline);
    const gamma = screen.getByTestId('stage-Gamma');
    expect(within(gamma).getByText(/^Blocked:/).textContent).toBe(
      'Blocked: Alarm org-deployment-blocker is in ALARM',
    );
    expect(api.count('getAlarmHistory')).toBe(0);

    await openAlarmHistory(gamma, 'org-deployment-blocker', 'eu-west-1');
    expect(api.calls.find(c => c.method === 'getAlarmHistory')?.args).toEqual([
      entityRef,
      {
        pipelineArn: pipeline.arn,
        region: 'eu-west-1',
        alarmName: 'org-deployment-blocker',
      },
    ]);
    expect(await screen.findByTestId('alarm-history-table')).toBeVisible();
  });

  it('offers each region of an alarm name that several regions share', async () => {
    const pipeline = gammaBlockedByAlarm(
      'Alarm orders-service-high-severity is in ALARM',
    );
    const api = await renderWithApi(pipeline);
    const gamma = screen.getByTestId('stage-Gamma');
    // The blocker names the alarm once; each region it exists in gets a button.
    expect(
      within(gamma)
        .getAllByText(/^Blocked:/)
        .map(b => b.textContent),
    ).toEqual([
      'Blocked: Alarm orders-service-high-severity (eu-west-1, us-east-1, ap-southeast-2, us-west-2) is in ALARM',
      'Blocked: Alarm org-deployment-blocker is in ALARM',
    ]);
    await openAlarmHistory(gamma, 'orders-service-high-severity', 'us-east-1');
    expect(
      api.calls.find(c => c.method === 'getAlarmHistory')?.args[1],
    ).toEqual({
      pipelineArn: pipeline.arn,
      region: 'us-east-1',
      alarmName: 'orders-service-high-severity',
    });
  });
});
