import { makeStyles } from '@material-ui/core/styles';
import { render } from '@testing-library/react';
import { ReactNode } from 'react';
import { KeptStyles, styleKeepingJss } from './KeptStyles';

const useStaticStyles = makeStyles({ box: { color: 'rgb(1, 2, 3)' } });
const useDynamicStyles = makeStyles({
  box: (props: { width: number }) => ({ width: props.width }),
});

function StaticBox() {
  const classes = useStaticStyles();
  return <div className={classes.box} data-testid="static" />;
}

function DynamicBox(props: { width: number }) {
  const classes = useDynamicStyles(props);
  return <div className={classes.box} data-testid="dynamic" />;
}

/** The style elements whose CSS (their text, or rules inserted one by one) mentions `text`. */
function styleElements(text: string) {
  return [...document.head.querySelectorAll('style')].filter(
    e =>
      e.textContent?.includes(text) ||
      [...(e.sheet?.cssRules ?? [])].some(r => r.cssText.includes(text)),
  );
}

function mountAndUnmount(wrap: (children: ReactNode) => ReactNode) {
  const first = render(<>{wrap(<StaticBox />)}</>);
  const className = first.getByTestId('static').className;
  first.unmount();
  return className;
}

describe('KeptStyles', () => {
  it('keeps a static sheet in the document when its last user unmounts, and hands it back on the next mount', () => {
    const className = mountAndUnmount(c => <KeptStyles>{c}</KeptStyles>);
    expect(styleElements('rgb(1, 2, 3)')).toHaveLength(1);
    const kept = styleElements('rgb(1, 2, 3)')[0];

    const second = render(
      <KeptStyles>
        <StaticBox />
      </KeptStyles>,
    );
    expect(second.getByTestId('static').className).toBe(className);
    // The same element, not a new one generated again.
    expect(styleElements('rgb(1, 2, 3)')).toEqual([kept]);
    second.unmount();
  });

  it('still removes the sheets of per-instance (dynamic) styles', () => {
    const view = render(
      <KeptStyles>
        <DynamicBox width={321} />
      </KeptStyles>,
    );
    expect(styleElements('width: 321px')).toHaveLength(1);
    view.unmount();
    expect(styleElements('width: 321px')).toHaveLength(0);
  });

  it('changes nothing outside it: without it the static sheet goes with its last user', () => {
    const useOtherStyles = makeStyles({ box: { color: 'rgb(4, 5, 6)' } });
    function OtherBox() {
      return <div className={useOtherStyles().box} />;
    }
    const view = render(<OtherBox />);
    expect(styleElements('rgb(4, 5, 6)')).toHaveLength(1);
    view.unmount();
    expect(styleElements('rgb(4, 5, 6)')).toHaveLength(0);
  });

  it('hands a kept sheet back only for the same creator index, theme, component and rules', () => {
    let created = 0;
    const jss = {
      createStyleSheet: () => ({ attached: true, id: ++created }),
      removeStyleSheet: () => jss,
    };
    const keeping = styleKeepingJss(jss);
    const theme = {};
    const options = { link: false, index: 7, theme, meta: 'MuiChip' };
    const first = keeping.createStyleSheet({ root: {} }, options);
    expect(keeping.createStyleSheet({ root: {} }, options)).toBe(first);
    // A second copy of Material UI's styles package counting from the same index.
    expect(
      keeping.createStyleSheet({ paper: {} }, { ...options, meta: 'MuiCard' }),
    ).not.toBe(first);
    expect(
      keeping.createStyleSheet({ root: {} }, { ...options, theme: {} }),
    ).not.toBe(first);
    expect(
      keeping.createStyleSheet({ root: {} }, { ...options, link: true }),
    ).not.toBe(first);
    expect(keeping.createStyleSheet({ root: {} }, options)).toBe(first);
  });
});
