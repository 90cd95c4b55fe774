import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SEVERITY_ORDER } from '@dpra/plugin-pipelines-common';
import { pipelinesApiRef } from '../../api';
import {
  MockPipelinesApi,
  makeFindingsResponse,
  makeResponseError,
} from '../../testing';
import { FindingsCard, FindingsView } from './FindingsTable';

jest.setTimeout(20_000);

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'orders-service',
};

function rowTitles() {
  return screen
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).queryAllByRole('cell')[1]?.textContent)
    .filter(Boolean);
}

describe('FindingsView', () => {
  it('shows counts by severity, the table and tests/coverage', async () => {
    await renderInTestApp(
      <FindingsView findings={makeFindingsResponse({ now: Date.now() })} />,
    );
    expect(screen.getByTestId('severity-count-CRITICAL')).toHaveTextContent(
      'CRITICAL 1',
    );
    expect(screen.getByTestId('severity-count-HIGH')).toHaveTextContent(
      'HIGH 2',
    );
    expect(
      screen.getByTestId('severity-count-INFORMATIONAL'),
    ).toHaveTextContent('INFORMATIONAL 1');
    expect(screen.getByText('Findings (7 of 7)')).toBeInTheDocument();
    expect(screen.getByText('Hard-coded AWS secret key')).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: 'Open CVE-2025-0001 in openssl 3.0.2 in the console, Opens in a new window',
      }),
    ).toHaveAttribute('href', expect.stringContaining('securityhub'));
    expect(screen.getByTestId('test-report')).toHaveTextContent(
      'orders-service-unit-tests: 245 passed, 2 failed, 3 skipped of 250',
    );
    expect(screen.getByTestId('coverage-report')).toHaveTextContent(
      'orders-service-coverage: 84.2% lines, 71.5% branches',
    );
  });

  it('filters by severity chip and by tool', async () => {
    await renderInTestApp(
      <FindingsView findings={makeFindingsResponse({ now: Date.now() })} />,
    );
    await userEvent.click(screen.getByTestId('severity-count-HIGH'));
    expect(screen.getByText('Findings (2 of 7)')).toBeInTheDocument();
    expect(rowTitles()).toEqual([
      'Hard-coded AWS secret key',
      'lodash prototype pollution (CVE-2020-8203)',
    ]);
    // Toggle off, then filter by tool.
    await userEvent.click(screen.getByTestId('severity-count-HIGH'));
    fireEvent.mouseDown(
      screen.getByLabelText('Tool', { selector: '[role="button"]' }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'Trivy' }));
    expect(screen.getByText('Findings (1 of 7)')).toBeInTheDocument();
    expect(rowTitles()).toEqual(['lodash prototype pollution (CVE-2020-8203)']);
  });

  it('filters by the run that reported the findings, newest run first, the chips counting that run', async () => {
    const now = Date.now();
    const response = makeFindingsResponse({ now });
    const [first, second, third, ...rest] = response.findings;
    const OLD_RUN = '11111111-aaaa-4bbb-8ccc-000000000001';
    const NEW_RUN = '22222222-aaaa-4bbb-8ccc-000000000002';
    response.findings = [
      { ...first, action: 'SCA', executionId: OLD_RUN },
      {
        ...second,
        action: 'SCA',
        executionId: NEW_RUN,
        lastSeenAt: new Date(now - 60_000).toISOString(),
      },
      { ...third, action: 'IaCScan', executionId: NEW_RUN },
      ...rest,
    ];
    await renderInTestApp(<FindingsView findings={response} />);

    fireEvent.mouseDown(
      screen.getByLabelText('Run', { selector: '[role="button"]' }),
    );
    expect(screen.getAllByRole('option').map(o => o.textContent)).toEqual([
      'All runs',
      '22222222 (newest)',
      '11111111',
    ]);
    await userEvent.click(
      screen.getByRole('option', { name: '22222222 (newest)' }),
    );
    expect(screen.getByText('Findings (2 of 7)')).toBeInTheDocument();
    expect(rowTitles().sort()).toEqual([second.title, third.title].sort());
    const total = SEVERITY_ORDER.map(s =>
      Number(
        screen
          .getByTestId(`severity-count-${s}`)
          .textContent?.replace(/\D/g, ''),
      ),
    ).reduce((a, b) => a + b, 0);
    expect(total).toBe(2);
  });

  it('says which pipeline and run reported a finding, and shows a finding of the whole entity as such', async () => {
    const response = makeFindingsResponse({ now: Date.now() });
    const [first, second, ...rest] = response.findings;
    const arn = 'arn:aws:codepipeline:eu-west-1:111122223333:orders-service';
    response.findings = [
      {
        ...first,
        pipelineArn: arn,
        action: 'SCA',
        executionId: '22222222-aaaa-4bbb-8ccc-000000000002',
      },
      { ...second, pipelineArn: undefined },
      ...rest.map(f => ({ ...f, pipelineArn: arn })),
    ];
    await renderInTestApp(<FindingsView findings={response} />);
    const rowOf = (title: string) =>
      within(screen.getByText(title).closest('tr')!);
    expect(
      rowOf(first.title).getByTestId('finding-reported-by'),
    ).toHaveTextContent('orders-service · run 22222222 · SCA');
    expect(
      rowOf(second.title).getByTestId('finding-reported-by'),
    ).toHaveTextContent('Entity (tagged resources)');
    expect(
      rowOf(rest[0].title).getByTestId('finding-reported-by'),
    ).toHaveTextContent(/^orders-service$/);
  });

  it('offers no run filter when no run stamped a finding', async () => {
    await renderInTestApp(
      <FindingsView findings={makeFindingsResponse({ now: Date.now() })} />,
    );
    expect(
      screen.queryByLabelText('Run', { selector: '[role="button"]' }),
    ).toBeNull();
  });

  it('says so when there are no findings and no reports, and marks stale findings', async () => {
    const empty = makeFindingsResponse({
      count: 0,
      now: Date.now(),
      staleReason: 'Security Hub is not enabled in eu-west-1',
    });
    empty.reports = [];
    await renderInTestApp(<FindingsView findings={empty} />);
    expect(
      screen.getByText('No findings reported for this entity.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No test or coverage reports from the build yet.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('stale-note')).toHaveTextContent(
      'Findings: Last updated 3 min ago — Security Hub is not enabled in eu-west-1',
    );
  });
});

describe('FindingsCard', () => {
  it('loads findings through the API', async () => {
    const api = new MockPipelinesApi({ now: Date.now() });
    await renderInTestApp(
      <TestApiProvider apis={[[pipelinesApiRef, api]]}>
        <FindingsCard entityRef={entityRef} />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('findings')).toBeInTheDocument();
    expect(api.calls.find(c => c.method === 'getFindings')?.args[0]).toEqual(
      entityRef,
    );
  });

  it('shows the error', async () => {
    const api = new MockPipelinesApi();
    const error = await makeResponseError(
      500,
      'Error',
      'Findings store exploded',
    );
    api.getFindings = async () => {
      throw error;
    };
    await renderInTestApp(
      <TestApiProvider apis={[[pipelinesApiRef, api]]}>
        <FindingsCard entityRef={entityRef} />
      </TestApiProvider>,
    );
    expect(
      (await screen.findAllByText(/Findings store exploded/)).length,
    ).toBeGreaterThan(0);
  });
});
