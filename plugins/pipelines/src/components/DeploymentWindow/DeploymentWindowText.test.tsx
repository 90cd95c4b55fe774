import { render, screen } from '@testing-library/react';
import { DeploymentWindowText } from './DeploymentWindowText';

describe('DeploymentWindowText', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-12-04T12:00:00Z') });
  });
  afterEach(() => jest.useRealTimers());

  it('renders the window in words with open/closed now and the next change in both zones', () => {
    render(
      <DeploymentWindowText
        cron="* * 8-17 ? * MON-THU *"
        timeZone="Europe/Berlin"
      />,
    );
    const text = screen.getByTestId('deployment-window').textContent;
    expect(text).toContain('Window Mon–Thu 08:00–17:59 (Europe/Berlin)');
    expect(text).toContain('closed now, opens');
    // The tests run in UTC (see setupTests), so the viewer’s zone differs from the rule’s.
    expect(text).toMatch(
      /opens Mon 08:00 Europe\/Berlin \(Mon 07:00 your time\)/,
    );
  });

  it('shows an unreadable expression as written, with the reason', () => {
    render(<DeploymentWindowText cron="* * 99 ? * * *" />);
    expect(screen.getByTestId('deployment-window')).toHaveTextContent(
      /\* \* 99 \? \* \* \*.*hours/,
    );
  });
});
