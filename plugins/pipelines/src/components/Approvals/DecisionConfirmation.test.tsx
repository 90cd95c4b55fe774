import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DecisionConfirmation } from './DecisionConfirmation';

describe('DecisionConfirmation', () => {
  it('says the decision once, by display name, with the comment — not the summary sent to AWS', async () => {
    const onClose = jest.fn();
    render(
      <DecisionConfirmation
        decision={{
          decision: 'Approved',
          decidedBy: 'user:default/guest',
          decidedByName: 'Guest (local portal)',
          decidedAt: new Date().toISOString(),
          comment: 'dashboards are green',
          outcome: 'sent',
        }}
        onClose={onClose}
      />,
    );
    const notice = screen.getByTestId('approval-decided');
    expect(notice).toHaveTextContent(
      'Approved by Guest (local portal) · just now · “dashboards are green”',
    );
    expect(notice).not.toHaveTextContent('user:default/guest');
    expect(notice.textContent?.match(/Approved/g)).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: /close/i }));
    expect(onClose).toHaveBeenCalled();
  });

  it('shows nothing without a decision', () => {
    render(<DecisionConfirmation decision={undefined} onClose={() => {}} />);
    expect(screen.queryByTestId('approval-decided')).toBeNull();
  });
});
