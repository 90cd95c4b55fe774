import { act, render, screen } from '@testing-library/react';
import { DrawnNearView } from './DrawnNearView';

/** A stand-in for the browser's IntersectionObserver that jsdom lacks: the test says when. */
class ControlledObserver {
  static instances: ControlledObserver[] = [];
  readonly observed: Element[] = [];
  disconnected = false;
  constructor(
    readonly callback: IntersectionObserverCallback,
    readonly options?: IntersectionObserverInit,
  ) {
    ControlledObserver.instances.push(this);
  }
  observe(el: Element) {
    this.observed.push(el);
  }
  disconnect() {
    this.disconnected = true;
  }
  unobserve() {}
  takeRecords() {
    return [];
  }
  /** The page scrolled so that the observed element comes near (or not). */
  report(isIntersecting: boolean) {
    this.callback(
      this.observed.map(
        target => ({ target, isIntersecting } as IntersectionObserverEntry),
      ),
      this as unknown as IntersectionObserver,
    );
  }
}

describe('DrawnNearView', () => {
  const original = (globalThis as any).IntersectionObserver;
  beforeEach(() => {
    ControlledObserver.instances = [];
    (globalThis as any).IntersectionObserver = ControlledObserver;
  });
  afterEach(() => {
    (globalThis as any).IntersectionObserver = original;
  });

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
