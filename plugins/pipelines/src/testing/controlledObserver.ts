/**
 * A stand-in for the browser's IntersectionObserver that jsdom lacks: the test says what
 * intersects, and when. Install it with {@link installControlledObserver}.
 */
export class ControlledObserver {
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
  /** The observed elements (or those of `targets`) came into view of the root, or left it. */
  report(isIntersecting: boolean, targets: readonly Element[] = this.observed) {
    this.callback(
      targets.map(
        target => ({ target, isIntersecting } as IntersectionObserverEntry),
      ),
      this as unknown as IntersectionObserver,
    );
  }
}

/** Puts {@link ControlledObserver} in place of IntersectionObserver around each test. */
export function installControlledObserver() {
  const original = (globalThis as any).IntersectionObserver;
  beforeEach(() => {
    ControlledObserver.instances = [];
    (globalThis as any).IntersectionObserver = ControlledObserver;
  });
  afterEach(() => {
    (globalThis as any).IntersectionObserver = original;
  });
}
