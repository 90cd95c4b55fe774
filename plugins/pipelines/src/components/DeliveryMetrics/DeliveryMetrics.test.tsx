import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { makeDeliveryMetricsResponse } from '../../testing';
import { DeliveryMetricsView } from './DeliveryMetrics';

describe('DeliveryMetricsView', () => {
  it('shows the four metrics with accessible charts', async () => {
    const metrics = makeDeliveryMetricsResponse();
    await renderInTestApp(<DeliveryMetricsView metrics={metrics} />);
    expect(
      screen.getByLabelText('Deployment frequency: 1.50 / day'),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Lead time for changes: 22.5 h'),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText(
        `Change failure rate: ${(
          (metrics.changeFailureRate ?? 0) * 100
        ).toFixed(1)}%`,
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Time to restore: 3.5 h')).toBeInTheDocument();
    const chart = within(
      screen.getByTestId('metric-deployment-frequency'),
    ).getByRole('img');
    expect(chart).toHaveAttribute(
      'aria-label',
      expect.stringMatching(
        /^Production deployments per day: 30 days from \d{4}-\d\d-\d\d to 2026-01-15, max 3$/,
      ),
    );
    expect(chart.querySelectorAll('rect')).toHaveLength(30);
    expect(chart.querySelector('title')?.textContent).toBe(
      chart.getAttribute('aria-label'),
    );
  });

  it('says when there is nothing to measure', async () => {
    const metrics = { ...makeDeliveryMetricsResponse(), sampleSize: 0 };
    await renderInTestApp(<DeliveryMetricsView metrics={metrics} />);
    expect(screen.getByTestId('delivery-metrics')).toHaveTextContent(
      'No finished executions in the last 30 days',
    );
  });
});
