import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import type { PipelineView } from '@dpra/plugin-pipelines-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { pipelinesApiRef } from '../../api';
import {
  MockPipelinesApi,
  makeDemoPipeline,
  makeExecutionsResponse,
  makeResponseError,
} from '../../testing';
import { StageControls } from './StageControls';
import { pipelinePlans, rollbackTarget } from './controlPlans';

jest.setTimeout(20_000);

type Decision = NonNullable<
  NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
>;
// AuthorizeResult's values, without a dependency on permission-common for two constants.
const ALLOW = 'ALLOW' as Decision;
const DENY = 'DENY' as Decision;

const entityRef = {
  kind: 'component',
  namespace: 'default',
  name: 'orders-service',
};

async function renderControls(
  pipeline: PipelineView,
  options: {
    allow?: boolean;
    api?: MockPipelinesApi;
    entity?: typeof entityRef;
  } = {},
) {
  const api = options.api ?? new MockPipelinesApi();
  const executions = makeExecutionsResponse({
    pipelineArns: [pipeline.arn],
    executions: 12,
  }).executions;
  // The stage's current execution is the newest one the list knows.
  const current = pipeline.stages.find(s => s.pipelineExecutionId);
  if (current)
    executions[0] = { ...executions[0], id: current.pipelineExecutionId! };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [pipelinesApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: options.allow === false ? DENY : ALLOW,
          }),
        ],
      ]}
    >
      <StageControls
        pipeline={pipeline}
        entityRef={options.entity ?? entityRef}
        executions={executions}
      />
    </TestApiProvider>,
  );
  return { api, executions };
}

describe('StageControls', () => {
  it('retries a failed stage after saying what will happen, sending what the user saw', async () => {
    const pipeline = makeDemoPipeline({ scenario: 'failed' });
    const failed = pipeline.stages.find(s => s.status === 'Failed')!;
    const { api } = await renderControls(pipeline);
    await userEvent.click(
      await screen.findByTestId(`control-retry-stage-${failed.name}`),
    );
    const dialog = screen.getByTestId('control-dialog');
    expect(dialog).toHaveTextContent(
      `CodePipeline runs ${
        failed.name
      } again in execution ${failed.pipelineExecutionId!.slice(0, 8)}`,
    );
    await userEvent.click(
      within(dialog).getByLabelText('All actions of the stage'),
    );
    await userEvent.click(within(dialog).getByTestId('control-confirm'));
    await waitFor(() =>
      expect(screen.queryByTestId('control-dialog')).not.toBeInTheDocument(),
    );
    expect(api.calls.find(c => c.method === 'operatePipeline')?.args).toEqual([
      entityRef,
      'retry-stage',
      {
        pipelineArn: pipeline.arn,
        stageName: failed.name,
        pipelineExecutionId: failed.pipelineExecutionId,
        retryMode: 'ALL_ACTIONS',
        seen: {
          pipelineExecutionId: failed.pipelineExecutionId,
          status: 'Failed',
        },
      },
    ]);
    expect(screen.getByTestId('control-done')).toHaveTextContent(
      'retry-stage accepted',
    );
  });

  it('keeps the typed reason on a 409 and offers no second try on the old state', async () => {
    const pipeline = makeDemoPipeline({ scenario: 'awaitingApproval' });
    const api = new MockPipelinesApi();
    api.operateFailure = await makeResponseError(
      409,
      'ConflictError',
      'The pipeline changed since you looked: the transition into Prod-Wave1 is now disabled (by arn:aws:sts::1:assumed-role/x/y); refresh and try again',
    );
    await renderControls(pipeline, { api });
    const wave1 = pipeline.layout.waves[0].stageName;
    await userEvent.click(
      await screen.findByTestId(`control-disable-transition-${wave1}`),
    );
    const dialog = screen.getByTestId('control-dialog');
    const reason = within(dialog).getByRole('textbox', { name: 'Reason' });
    await userEvent.type(reason, 'Game day (INC-42)');
    await userEvent.click(within(dialog).getByTestId('control-confirm'));
    expect(
      await within(dialog).findByTestId('control-error'),
    ).toHaveTextContent(
      'the transition into Prod-Wave1 is now disabled (by arn:aws:sts::1:assumed-role/x/y). Nothing was done: refresh to see the current state, then decide again.',
    );
    expect(reason).toHaveValue('Game day (INC-42)');
    expect(within(dialog).getByTestId('control-confirm')).toBeDisabled();
  });

  it('refuses a transition reason AWS would refuse, before sending it', async () => {
    const pipeline = makeDemoPipeline({ scenario: 'awaitingApproval' });
    const { api } = await renderControls(pipeline);
    const wave1 = pipeline.layout.waves[0].stageName;
    await userEvent.click(
      await screen.findByTestId(`control-disable-transition-${wave1}`),
    );
    const dialog = screen.getByTestId('control-dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Reason' }),
      'freeze: INC-42, see #ops',
    );
    expect(dialog).toHaveTextContent('AWS accepts letters, digits, spaces');
    await userEvent.click(within(dialog).getByTestId('control-confirm'));
    expect(api.count('operatePipeline')).toBe(0);
  });

  it('names the revision a rollback deploys: short commit and message of the last good execution', async () => {
    const pipeline = makeDemoPipeline({ scenario: 'baking' });
    const { executions } = await renderControls(pipeline);
    const held = pipeline.stages.find(
      s => s.status === 'Succeeded' && s.name.startsWith('Prod'),
    )!;
    const target = rollbackTarget(pipeline.arn, held, executions)!;
    await userEvent.click(
      await screen.findByTestId(`control-rollback-stage-${held.name}`),
    );
    const sha = target.sourceRevisions[0].revisionId!.slice(0, 7);
    expect(screen.getByTestId('control-dialog')).toHaveTextContent(
      `deploys ${held.name} again with revision ${sha} "`,
    );
    expect(screen.getByTestId('control-dialog')).toHaveTextContent(
      `from execution ${target.id.slice(0, 8)}`,
    );
  });

  it('stops the execution still running behind a newer one that ended (a rollback)', () => {
    const pipeline = makeDemoPipeline({ scenario: 'awaitingApproval' });
    const executions = makeExecutionsResponse({
      pipelineArns: [pipeline.arn],
      executions: 3,
    }).executions;
    const rollback = {
      ...executions[0],
      id: 'rollback-0000',
      status: 'Succeeded' as const,
      executionType: 'ROLLBACK',
      startedAt: new Date(
        Date.parse(executions[0].startedAt!) + 60_000,
      ).toISOString(),
    };
    const stop = pipelinePlans({ ...pipeline, latestExecution: rollback }, [
      rollback,
      ...executions,
    ]).find(p => p.control === 'stop-execution');
    expect(executions[0].status).toBe('InProgress');
    expect(stop?.request).toEqual({
      pipelineArn: pipeline.arn,
      pipelineExecutionId: executions[0].id,
      seen: { pipelineExecutionId: executions[0].id, status: 'InProgress' },
    });
  });

  it('shows the controls disabled, with the reason, without dpra.pipeline.operate', async () => {
    const pipeline = makeDemoPipeline({ scenario: 'failed' });
    // Another entity: the permission hook caches answers per permission and resource.
    await renderControls(pipeline, {
      allow: false,
      entity: { ...entityRef, name: 'payments-service' },
    });
    expect(await screen.findByTestId('controls-not-allowed')).toHaveTextContent(
      'the permission dpra.pipeline.operate on this entity is not granted to you',
    );
    const buttons = screen
      .getByTestId(`stage-controls-${pipeline.name}`)
      .querySelectorAll('button[data-testid^="control-"]');
    expect(buttons.length).toBeGreaterThan(2);
    buttons.forEach(b => expect(b).toBeDisabled());
  });
});
