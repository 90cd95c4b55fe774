import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { makeDemoPipeline } from '../../testing/fixtures';
import {
  IMAGE_SSM_PARAMETER,
  makeFleetPipeline,
  makeImagePipeline,
} from '../../testing/kindFixtures';
import { RevisionHighlightProvider, stageRevisions } from '../Revision';
import { WaveBoard } from './WaveBoard';

const entityRef = { kind: 'Component', namespace: 'default', name: 'x' };

const columnHeadings = () =>
  within(screen.getByTestId('wave-board'))
    .getAllByRole('columnheader')
    .map(h => h.textContent);

describe('WaveBoard by pipeline kind', () => {
  it('GIVEN an application THEN waves are rows of regions', async () => {
    await renderInTestApp(
      <WaveBoard
        pipeline={makeDemoPipeline({ scenario: 'succeeded' })}
        entityRef={entityRef}
      />,
    );
    expect(screen.getByTestId('wave-board')).toHaveAttribute(
      'data-targets',
      'regions',
    );
    expect(columnHeadings()).toEqual([
      'Wave',
      'eu-west-1',
      'us-east-1',
      'ap-southeast-2',
      'us-west-2',
    ]);
  });

  describe('GIVEN an image pipeline whose first distribution wave bakes', () => {
    const pipeline = makeImagePipeline({ scenario: 'baking', now: Date.now() });

    it('THEN each wave is accounts × regions, only where the AMI is shared, with the status of that distribution', async () => {
      await renderInTestApp(
        <WaveBoard pipeline={pipeline} entityRef={entityRef} />,
      );
      expect(columnHeadings()).toEqual([
        'Wave',
        'Account',
        'us-east-1',
        'eu-west-1',
      ]);
      const wave1 = screen.getByTestId('wave-cell-1-222222222222-us-east-1');
      expect(within(wave1).getByText('Succeeded')).toBeInTheDocument();
      expect(
        screen.getByTestId('wave-cell-1-222222222222-us-east-1-bake'),
      ).toHaveTextContent(/^Baking: \d+m \d\ds left$/);
      expect(
        screen.getByLabelText(
          'Wave 1 does not share the AMI with 222222222222 in eu-west-1',
        ),
      ).toBeInTheDocument();
      for (const account of ['333333333333', '444444444444']) {
        for (const region of ['us-east-1', 'eu-west-1']) {
          expect(
            within(
              screen.getByTestId(`wave-cell-2-${account}-${region}`),
            ).getByText('Not started'),
          ).toBeInTheDocument();
        }
      }
      expect(
        screen.queryByTestId('wave-cell-2-222222222222-us-east-1'),
      ).toBeNull();
    });

    it('THEN the wave names the SSM parameter that receives the AMI id, and each region its alarms', async () => {
      await renderInTestApp(
        <WaveBoard pipeline={pipeline} entityRef={entityRef} />,
      );
      expect(
        screen.getAllByTestId('wave-1-ssm-parameter')[0],
      ).toHaveTextContent(`AMI id → SSM ${IMAGE_SSM_PARAMETER}`);
      expect(
        within(screen.getByTestId('wave-alarms-2-eu-west-1')).getByText(
          'Alarms OK (1)',
        ),
      ).toBeInTheDocument();
    });

    it('THEN each wave keeps the revision it holds', async () => {
      await renderInTestApp(
        <WaveBoard
          pipeline={pipeline}
          entityRef={entityRef}
          revisions={stageRevisions(pipeline, [pipeline.latestExecution!])}
        />,
      );
      expect(screen.getByTestId('wave-1-revision')).toHaveTextContent(
        pipeline.latestExecution!.sourceRevisions[0].revisionId!.slice(0, 7),
      );
    });
  });

  describe('GIVEN an account fleet whose second wave is blocked', () => {
    const pipeline = makeFleetPipeline({ scenario: 'blocked' });

    it('THEN each wave is a row per organisational unit with its accounts, baseline status and SCPs', async () => {
      await renderInTestApp(
        <WaveBoard pipeline={pipeline} entityRef={entityRef} />,
      );
      expect(columnHeadings()).toEqual([
        'Wave',
        'Organisational unit',
        'Baseline',
        'Service control policies',
        'Alarms',
      ]);
      expect(screen.getByTestId('wave-unit-1-NonProd')).toHaveTextContent(
        /^NonProdou-ab12-3456abcdAccountsorders-beta$/,
      );
      expect(
        screen.getByTestId('wave-unit-1-NonProd-baseline'),
      ).toHaveTextContent('Succeeded');
      expect(
        screen
          .getAllByTestId('wave-unit-2-Prod-accounts')[0]
          .querySelectorAll('li'),
      ).toHaveLength(2);
      expect(screen.getByTestId('wave-unit-2-Prod-scps')).toHaveTextContent(
        'deny-user-keys',
      );
      const prodBaseline = screen.getByTestId('wave-unit-2-Prod-baseline');
      expect(within(prodBaseline).getByText('Blocked')).toBeInTheDocument();
      expect(prodBaseline).toHaveAttribute(
        'aria-label',
        expect.stringContaining('Wave 2, baseline of Prod: Not started'),
      );
      // "Not declared" (an older pipeline) is not "none".
      const securityRow = screen.getByTestId('wave-unit-2-Security')
        .parentElement!;
      expect(within(securityRow).getAllByText('Not declared')).toHaveLength(2);
      expect(screen.getByText('None attached')).toBeInTheDocument();
    });

    it('THEN the blockers and the fleet alarms span the wave', async () => {
      await renderInTestApp(
        <WaveBoard pipeline={pipeline} entityRef={entityRef} />,
      );
      expect(
        screen.getAllByTestId('wave-2-blocker').map(b => b.textContent),
      ).toContain('Blocked: Alarm org-deployment-blocker is in ALARM');
      const alarms = screen.getByTestId('wave-alarms-2');
      expect(alarms).toHaveAttribute('rowspan', '2');
      expect(
        within(alarms).getByRole('button', {
          name: 'History of alarm org-deployment-blocker in us-east-1',
        }),
      ).toBeInTheDocument();
    });
  });

  describe('GIVEN an account fleet on a phone', () => {
    const matchMedia = window.matchMedia;
    beforeEach(() => {
      // Every media query matches: MUI's `down('xs')` among them.
      window.matchMedia = ((query: string) => ({
        matches: true,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      })) as typeof window.matchMedia;
    });
    afterEach(() => {
      window.matchMedia = matchMedia;
    });

    it('THEN a unit keeps one column with its accounts, baseline and SCPs, and the alarms join the wave header', async () => {
      await renderInTestApp(
        <WaveBoard
          pipeline={makeFleetPipeline({ scenario: 'blocked' })}
          entityRef={entityRef}
        />,
      );
      expect(columnHeadings()).toEqual(['Wave', 'Organisational unit']);
      const prod = screen.getByTestId('wave-unit-2-Prod');
      expect(
        within(prod).getByTestId('wave-unit-2-Prod-baseline'),
      ).toHaveTextContent('Not startedBlocked');
      expect(
        within(prod).getByTestId('wave-unit-2-Prod-scps'),
      ).toHaveTextContent('deny-user-keys');
      expect(
        within(screen.getByTestId('wave-2')).getByTestId('wave-alarms-2'),
      ).toHaveTextContent(/org-deployment-blocker/);
    });
  });

  describe('GIVEN a revision picked in "where is …"', () => {
    /** The board with the picked revision reached in wave 1 only. */
    const pickedInWave1 = (pipeline: ReturnType<typeof makeImagePipeline>) => (
      <RevisionHighlightProvider
        value={{
          label: 'a1b2c3d',
          places: new Map([[pipeline.layout.waves[0].stageName, 'reached']]),
        }}
      >
        <WaveBoard pipeline={pipeline} entityRef={entityRef} />
      </RevisionHighlightProvider>
    );
    const marked = () =>
      [...document.querySelectorAll('[data-picked]')].map(
        e => e.getAttribute('data-testid') ?? '',
      );

    it("THEN an image pipeline's account × region cells of the waves it reached are marked, and say so", async () => {
      const pipeline = makeImagePipeline({ scenario: 'succeeded' });
      await renderInTestApp(pickedInWave1(pipeline));
      const cell = screen.getByTestId('wave-cell-1-222222222222-us-east-1');
      expect(cell).toHaveAttribute('data-picked', 'reached');
      expect(cell.getAttribute('aria-label')).toMatch(
        /^Wave 1, 222222222222 in us-east-1: .*; a1b2c3d here: reached$/,
      );
      // Wave 1's cells only: the other waves hold another revision.
      expect(marked()).toContain('wave-cell-1-222222222222-us-east-1');
      expect(marked().every(id => id.startsWith('wave-cell-1-'))).toBe(true);
      expect(
        screen.getAllByTestId(/^wave-cell-2-/).some(c => c.dataset.picked),
      ).toBe(false);
      expect(screen.getByTestId('wave-1-picked')).toHaveTextContent(
        'a1b2c3d here: reached',
      );
    });

    it("THEN an account fleet's organisational units of the waves it reached are marked, and say so", async () => {
      const pipeline = makeFleetPipeline({ scenario: 'succeeded' });
      await renderInTestApp(pickedInWave1(pipeline));
      const baseline = screen.getByTestId('wave-unit-1-NonProd-baseline');
      expect(baseline).toHaveAttribute('data-picked', 'reached');
      expect(baseline.getAttribute('aria-label')).toMatch(
        /; a1b2c3d here: reached$/,
      );
      expect(marked()).toEqual(['wave-unit-1-NonProd-baseline']);
    });
  });
});
