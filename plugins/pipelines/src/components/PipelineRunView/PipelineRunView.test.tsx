import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { makeDemoPipeline } from '../../testing/fixtures';
import { PipelineRunView } from './PipelineRunView';

describe('PipelineRunView', () => {
  it('shows the phases left to right with stage states', async () => {
    await renderInTestApp(
      <PipelineRunView
        pipeline={makeDemoPipeline({ scenario: 'awaitingApproval' })}
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
    await renderInTestApp(<PipelineRunView pipeline={pipeline} />);
    expect(
      within(screen.getByTestId('stage-Beta')).getByText(
        '3 of 120 integration tests failed',
      ),
    ).toBeInTheDocument();
  });
});
