import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { makeDemoPipeline } from '../../testing/fixtures';
import {
  makeFleetPipeline,
  makeImagePipeline,
} from '../../testing/kindFixtures';
import { WaveBoard } from './WaveBoard';

const entityRef = { kind: 'Component', namespace: 'default', name: 'x' };

/** A window `width` px wide, as MUI's breakpoint queries (`max-width` / `min-width`) see it. */
function atWidth(width: number): typeof window.matchMedia {
  return ((query: string) => {
    const max = /max-width:\s*([\d.]+)px/.exec(query);
    const min = /min-width:\s*([\d.]+)px/.exec(query);
    const matches =
      (!max || width <= Number(max[1])) && (!min || width >= Number(min[1]));
    return {
      matches,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    };
  }) as typeof window.matchMedia;
}

describe('WaveBoard on narrow screens', () => {
  const matchMedia = window.matchMedia;
  afterEach(() => {
    window.matchMedia = matchMedia;
  });

  it('GIVEN a phone THEN an application board is stacked wave by wave, every cell naming its region', async () => {
    window.matchMedia = atWidth(390);
    await renderInTestApp(
      <WaveBoard
        pipeline={makeDemoPipeline({ scenario: 'succeeded' })}
        entityRef={entityRef}
      />,
    );
    const board = screen.getByTestId('wave-board');
    expect(board).toHaveAttribute('data-layout', 'stacked');
    expect(screen.getByTestId('wave-cell-1-eu-west-1')).toHaveAttribute(
      'data-where',
      'eu-west-1',
    );
    // Empty cells (a wave that skips a region) are marked to be left out of the stack.
    expect(
      within(board)
        .getAllByLabelText(/^Wave 1 does not deploy to/)
        .every(cell => cell.hasAttribute('data-empty')),
    ).toBe(true);
  });

  it("GIVEN a phone THEN an image board's cells name the account and region", async () => {
    window.matchMedia = atWidth(390);
    await renderInTestApp(
      <WaveBoard pipeline={makeImagePipeline()} entityRef={entityRef} />,
    );
    expect(screen.getByTestId('wave-board')).toHaveAttribute(
      'data-layout',
      'stacked',
    );
    expect(
      screen.getByTestId('wave-cell-1-222222222222-us-east-1'),
    ).toHaveAttribute('data-where', '222222222222 in us-east-1');
  });

  it('GIVEN 1024 px THEN an application board stays a table and an account fleet keeps one column per unit, its alarms in the wave header', async () => {
    window.matchMedia = atWidth(1024);
    const { unmount } = await renderInTestApp(
      <WaveBoard
        pipeline={makeDemoPipeline({ scenario: 'succeeded' })}
        entityRef={entityRef}
      />,
    );
    expect(screen.getByTestId('wave-board')).toHaveAttribute(
      'data-layout',
      'table',
    );
    unmount();
    await renderInTestApp(
      <WaveBoard
        pipeline={makeFleetPipeline({ scenario: 'blocked' })}
        entityRef={entityRef}
      />,
    );
    expect(
      within(screen.getByTestId('wave-board'))
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['Wave', 'Organisational unit']);
    expect(
      within(screen.getByTestId('wave-2')).getByTestId('wave-alarms-2'),
    ).toBeInTheDocument();
  });

  it('GIVEN 1600 px THEN an account fleet has its four columns', async () => {
    window.matchMedia = atWidth(1600);
    await renderInTestApp(
      <WaveBoard
        pipeline={makeFleetPipeline({ scenario: 'blocked' })}
        entityRef={entityRef}
      />,
    );
    expect(
      within(screen.getByTestId('wave-board')).getAllByRole('columnheader'),
    ).toHaveLength(5);
  });
});
