import { act, render, screen } from '@testing-library/react';
import {
  ControlledObserver,
  installControlledObserver,
} from '../../testing/controlledObserver';
import { DrawnNearView } from './DrawnNearView';

describe('DrawnNearView', () => {
  installControlledObserver();

  it('keeps room for an off-screen board and draws it when it is scrolled near, for good', () => {
    render(
      <DrawnNearView estimatedHeight={900} what="The board of orders">
        <div>the board</div>
      </DrawnNearView>,
    );
    const placeholder = screen.getByTestId('drawn-near-view');
    expect(placeholder).toHaveTextContent(
      'The board of orders are drawn when you scroll to them.',
    );
    expect(placeholder).toHaveStyle({ minHeight: '900px' });
    expect(screen.queryByText('the board')).not.toBeInTheDocument();
    const [observer] = ControlledObserver.instances;
    expect(observer.options?.rootMargin).toBe('1200px 0px');

    act(() => observer.report(false));
    expect(screen.queryByText('the board')).not.toBeInTheDocument();
    act(() => observer.report(true));
    expect(screen.getByText('the board')).toBeInTheDocument();
    expect(screen.queryByTestId('drawn-near-view')).not.toBeInTheDocument();
    expect(observer.disconnected).toBe(true);
  });

  it('draws at once when eager, without observing', () => {
    render(
      <DrawnNearView eager estimatedHeight={900} what="The board">
        <div>the board</div>
      </DrawnNearView>,
    );
    expect(screen.getByText('the board')).toBeInTheDocument();
    expect(ControlledObserver.instances).toHaveLength(0);
  });

  it('draws at once where the browser has no IntersectionObserver', () => {
    (globalThis as any).IntersectionObserver = undefined;
    render(
      <DrawnNearView estimatedHeight={900} what="The board">
        <div>the board</div>
      </DrawnNearView>,
    );
    expect(screen.getByText('the board')).toBeInTheDocument();
  });
});
