import Typography from '@material-ui/core/Typography';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import { useEffect, useRef, useState, type ReactNode } from 'react';

/** Which way there is more to scroll. */
interface Edges {
  left: boolean;
  right: boolean;
}

const SHADOW_PX = 20;

const useStyles = makeStyles((theme: Theme) => {
  const shade =
    theme.palette.type === 'dark' ? 'rgba(0,0,0,0.55)' : 'rgba(0,0,0,0.16)';
  const shadow = {
    position: 'absolute' as const,
    top: 0,
    bottom: 0,
    width: SHADOW_PX,
    pointerEvents: 'none' as const,
  };
  return {
    frame: { position: 'relative' },
    scroller: {
      overflowX: 'auto',
      '&:focus-visible': {
        outline: `2px solid ${theme.palette.primary.main}`,
        outlineOffset: -2,
      },
    },
    // As wide as what it holds (at least the frame): its edges are those of the content.
    track: {
      position: 'relative',
      display: 'inline-block',
      verticalAlign: 'top',
      minWidth: '100%',
    },
    edge: {
      position: 'absolute',
      top: 0,
      width: 1,
      height: 1,
      pointerEvents: 'none',
    },
    start: { left: 0 },
    end: { right: 0 },
    shadowLeft: {
      ...shadow,
      left: 0,
      background: `linear-gradient(to right, ${shade}, transparent)`,
    },
    shadowRight: {
      ...shadow,
      right: 0,
      background: `linear-gradient(to left, ${shade}, transparent)`,
    },
    hint: { textAlign: 'right', padding: theme.spacing(0, 2) },
    // Read by screen readers, not shown: the arrows say it on screen.
    spoken: {
      position: 'absolute',
      width: 1,
      height: 1,
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  };
});

/** The hint above the content: which way there is more, in words and arrows. */
function hintOf(edges: Edges): { shown: string; spoken: string } | undefined {
  if (edges.left && edges.right) {
    return {
      shown: '← scroll →',
      spoken: 'Scroll sideways: more columns to the left and to the right',
    };
  }
  if (edges.right) {
    return { shown: 'scroll →', spoken: 'Scroll right for more columns' };
  }
  if (edges.left) {
    return { shown: '← scroll', spoken: 'Scroll left for the first columns' };
  }
  return undefined;
}

/**
 * A container that scrolls its content sideways when it is wider than the space there is (a
 * table at 390 px), and says so: a shadow on each edge beyond which there is more, and a
 * "scroll →" hint above, spoken to screen readers. Two 1 px markers at the content's edges are
 * watched by an IntersectionObserver rooted at the container, so neither mounting, scrolling nor
 * resizing reads the layout; where the browser has no IntersectionObserver, the container is
 * measured once on mount and on each scroll.
 */
export function SideScroll(props: {
  /** What scrolls, for the scrollable region's accessible name. */
  label: string;
  children: ReactNode;
}) {
  const classes = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const start = useRef<HTMLSpanElement>(null);
  const end = useRef<HTMLSpanElement>(null);
  const [edges, setEdges] = useState<Edges>({ left: false, right: false });

  useEffect(() => {
    const root = scroller.current;
    if (!root || !start.current || !end.current) return undefined;
    if (typeof IntersectionObserver === 'undefined') {
      const measure = () =>
        setEdges({
          left: root.scrollLeft > 0,
          right: root.scrollLeft + root.clientWidth < root.scrollWidth - 1,
        });
      measure();
      root.addEventListener('scroll', measure, { passive: true });
      return () => root.removeEventListener('scroll', measure);
    }
    const startEl = start.current;
    const observer = new IntersectionObserver(
      entries =>
        setEdges(previous => {
          const next = { ...previous };
          for (const entry of entries) {
            // An edge out of view: there is more to scroll towards it.
            if (entry.target === startEl) next.left = !entry.isIntersecting;
            else next.right = !entry.isIntersecting;
          }
          return next.left === previous.left && next.right === previous.right
            ? previous
            : next;
        }),
      { root },
    );
    observer.observe(startEl);
    observer.observe(end.current);
    return () => observer.disconnect();
  }, []);

  const hint = hintOf(edges);
  const overflows = hint !== undefined;
  return (
    <div data-testid="side-scroll">
      {hint && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="p"
          className={classes.hint}
          data-testid="side-scroll-hint"
        >
          <span aria-hidden="true">{hint.shown}</span>
          <span className={classes.spoken}>{hint.spoken}</span>
        </Typography>
      )}
      <div className={classes.frame}>
        <div
          ref={scroller}
          className={classes.scroller}
          // When there is more to see, keyboard users scroll it once it has the focus, and screen
          // readers name it as a region that scrolls.
          role={overflows ? 'region' : undefined}
          aria-label={
            overflows ? `${props.label}, scrolls sideways` : undefined
          }
          tabIndex={overflows ? 0 : undefined}
        >
          <div className={classes.track}>
            <span ref={start} className={`${classes.edge} ${classes.start}`} />
            {props.children}
            <span ref={end} className={`${classes.edge} ${classes.end}`} />
          </div>
        </div>
        {edges.left && (
          <div
            className={classes.shadowLeft}
            data-testid="side-scroll-shadow-left"
          />
        )}
        {edges.right && (
          <div
            className={classes.shadowRight}
            data-testid="side-scroll-shadow-right"
          />
        )}
      </div>
    </div>
  );
}
