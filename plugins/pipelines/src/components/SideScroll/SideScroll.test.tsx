import { act, render, screen } from '@testing-library/react';
import {
  ControlledObserver,
  installControlledObserver,
} from '../../testing/controlledObserver';
import { SideScroll } from './SideScroll';

/*
 * The browser tells which of the content's edges are in view of the container (an
 * IntersectionObserver rooted at it); jsdom has none, so the test says it.
 */

function renderWide() {
  const { unmount } = render(
    <SideScroll label="Execution history">
      <table>
        <tbody>
          <tr>
            <td>wide content</td>
          </tr>
        </tbody>
      </table>
    </SideScroll>,
  );
  const [observer] = ControlledObserver.instances;
  const [start, end] = observer.observed;
  return { observer, start, end, unmount };
}

const hint = () => screen.queryByTestId('side-scroll-hint');
const shadows = () =>
  ['left', 'right'].filter(side =>
    screen.queryByTestId(`side-scroll-shadow-${side}`),
  );

describe('SideScroll', () => {
  installControlledObserver();

  it('watches the content edges from the container itself, reading no layout', () => {
    const { observer, start, end } = renderWide();
    expect(observer.options?.root).toBe(
      screen.getByText('wide content').closest('table')!.parentElement!
        .parentElement,
    );
    expect(observer.observed).toEqual([start, end]);
    expect(ControlledObserver.instances).toHaveLength(1);
  });

  it('GIVEN content that fits THEN there is no hint, no shadow and no extra tab stop', () => {
    const { observer } = renderWide();
    act(() => observer.report(true));
    expect(hint()).toBeNull();
    expect(shadows()).toEqual([]);
    expect(screen.queryByRole('region')).toBeNull();
  });

  it('GIVEN more to the right THEN a right shadow and "scroll →", spoken as words, on a focusable region', () => {
    const { observer, start, end } = renderWide();
    act(() => {
      observer.report(true, [start]);
      observer.report(false, [end]);
    });
    expect(hint()).toHaveTextContent('scroll →');
    expect(hint()).toHaveTextContent('Scroll right for more columns');
    expect(shadows()).toEqual(['right']);
    const region = screen.getByRole('region', {
      name: 'Execution history, scrolls sideways',
    });
    expect(region).toHaveAttribute('tabindex', '0');
  });

  it('GIVEN it is scrolled to the middle, then to the end THEN the shadows follow the edges', () => {
    const { observer, start, end } = renderWide();
    act(() => observer.report(false));
    expect(shadows()).toEqual(['left', 'right']);
    expect(hint()).toHaveTextContent('← scroll →');
    act(() => observer.report(true, [end]));
    expect(shadows()).toEqual(['left']);
    expect(hint()).toHaveTextContent('Scroll left for the first columns');
    act(() => observer.report(true, [start]));
    expect(shadows()).toEqual([]);
    expect(hint()).toBeNull();
  });

  it('stops watching when it goes', () => {
    const { observer, unmount } = renderWide();
    unmount();
    expect(observer.disconnected).toBe(true);
  });
});
