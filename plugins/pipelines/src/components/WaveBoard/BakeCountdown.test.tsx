import { render, screen } from '@testing-library/react';
import { BakeCountdown } from './BakeCountdown';

describe('BakeCountdown', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-12-01T20:00:00Z') });
  });
  afterEach(() => jest.useRealTimers());

  it('never shows more than the configured bake, even when the end time is further away', () => {
    // 20 h 12 min ahead, as a skewed clock reported it; the bake is 12 h.
    render(<BakeCountdown endsAt="2026-12-02T16:12:00Z" bakeMinutes={720} />);
    expect(screen.getByRole('timer')).toHaveTextContent(
      'Baking: 12h 00m 00s left',
    );
  });

  it('counts down to the end when within the bake', () => {
    render(<BakeCountdown endsAt="2026-12-01T21:30:00Z" bakeMinutes={720} />);
    expect(screen.getByRole('timer')).toHaveTextContent(
      'Baking: 1h 30m 00s left',
    );
  });
});
