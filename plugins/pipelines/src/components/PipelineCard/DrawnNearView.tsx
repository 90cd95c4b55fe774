import Typography from '@material-ui/core/Typography';
import { ReactNode, useEffect, useRef, useState } from 'react';

/** How far outside the visible part of the page a board is drawn ahead of the scroll. */
const AHEAD_PX = 1200;

/** The nearest ancestor that scrolls vertically (Backstage scrolls its content, not the window). */
function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return p;
  }
  return null;
}

/**
 * Draws its children once they come within {@link AHEAD_PX} of the visible part of the page, and
 * keeps them drawn from then on. An entity with many long pipelines (5 × 30 stages is thousands of
 * elements per pipeline) would otherwise lay out every board before the first one shows; off-screen
 * ones wait for the scroll instead. Where IntersectionObserver is missing (tests, old browsers)
 * everything is drawn at once.
 */
export function DrawnNearView(props: {
  /** Draw at once (the first pipeline, which is always in view). */
  eager?: boolean;
  /** Height kept free until drawn, so the page does not jump while scrolling. */
  estimatedHeight: number;
  /** What is drawn later, for the placeholder's text. */
  what: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(
    () => props.eager || typeof IntersectionObserver === 'undefined',
  );
  useEffect(() => {
    const el = ref.current;
    if (drawn || !el) return undefined;
    const observer = new IntersectionObserver(
      entries => {
        if (entries.some(e => e.isIntersecting)) {
          observer.disconnect();
          setDrawn(true);
        }
      },
      { root: scrollParent(el), rootMargin: `${AHEAD_PX}px 0px` },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [drawn]);
  if (drawn) return <>{props.children}</>;
  return (
    <div
      ref={ref}
      style={{ minHeight: props.estimatedHeight }}
      data-testid="drawn-near-view"
      aria-busy="true"
    >
      <Typography variant="body2" color="textSecondary">
        {props.what} are drawn when you scroll to them.
      </Typography>
    </div>
  );
}
