import { StylesProvider } from '@material-ui/core/styles';
import { StylesContext } from '@material-ui/styles';
import { ComponentProps, ReactNode, useContext, useMemo } from 'react';

/** The parts of a JSS (10) style sheet and instance that Material UI v4's `makeStyles` uses. */
interface StyleSheet {
  attached: boolean;
}
interface Jss {
  createStyleSheet(
    styles: object,
    options?: { link?: boolean; index?: number; theme?: object; meta?: string },
  ): StyleSheet;
  removeStyleSheet(sheet: StyleSheet): Jss;
}

function useStylesContextJss(): Jss {
  // Material UI v4's own context: its `jss` is the instance makeStyles creates sheets with.
  return (useContext(StylesContext) as { jss: Jss }).jss;
}

/** One style-keeping view per JSS instance, so every tab, card and page of the plugin shares it. */
const keepingByJss = new WeakMap<Jss, Jss>();

/**
 * A view of `jss` that keeps the static style sheets it created attached when their last
 * component unmounts, and hands the same sheet back when one mounts again.
 *
 * Material UI v4's `makeStyles` (and so `withStyles` and every `Mui*` component) creates a
 * component's static sheet when its first instance mounts and removes it when its last one
 * unmounts. Leaving the Pipelines tab removed some fifty sheets (the tables, chips, cards, the
 * plugin's own) and coming back generated and inserted them again, about 300 CSS rules per switch,
 * each insertion invalidating the style of the whole page (`npm run bench:tab`, `--verbose`). A
 * static sheet depends only on its style creator and the theme (`options.index` is unique per
 * creator; `options.theme` is the theme object), so keeping it is what CSS-in-JS libraries that
 * never remove styles do, bounded by the plugin's components times the themes in use. Sheets
 * with per-instance values (`link: true`) are created and removed as before.
 */
export function styleKeepingJss(jss: Jss): Jss {
  const existing = keepingByJss.get(jss);
  if (existing) return existing;
  const kept = new WeakMap<
    object,
    Map<number, { sheet: StyleSheet; signature: string }>
  >();
  const keptSheets = new WeakSet<StyleSheet>();
  const keeping: Jss = Object.create(jss);
  keeping.createStyleSheet = (styles, options) => {
    const theme = options?.theme;
    const index = options?.index;
    if (options?.link !== false || !theme || typeof index !== 'number') {
      return jss.createStyleSheet(styles, options);
    }
    let byIndex = kept.get(theme);
    if (!byIndex) {
      byIndex = new Map();
      kept.set(theme, byIndex);
    }
    // The index is unique per style creator within one copy of Material UI's styles package; the
    // component name and rule names guard against a second copy counting from the same start.
    const signature = `${options.meta ?? ''}:${Object.keys(styles).join(',')}`;
    const entry = byIndex.get(index);
    // A sheet removed through another JSS view (its last user mounted outside the plugin) is
    // created anew, so that JSS's registry, which orders the sheets, holds it again.
    if (entry?.sheet.attached && entry.signature === signature) {
      return entry.sheet;
    }
    const created = jss.createStyleSheet(styles, options);
    if (!entry || !entry.sheet.attached) {
      byIndex.set(index, { sheet: created, signature });
      keptSheets.add(created);
    }
    return created;
  };
  keeping.removeStyleSheet = sheet => {
    if (keptSheets.has(sheet)) return keeping;
    return jss.removeStyleSheet(sheet);
  };
  keepingByJss.set(jss, keeping);
  return keeping;
}

/**
 * Keeps the static styles of what it wraps in the document across unmounts (see
 * `styleKeepingJss`): switching back to the Pipelines tab reuses its style sheets instead of
 * generating them again.
 */
export function KeptStyles({ children }: { children: ReactNode }) {
  const jss = useStylesContextJss();
  const keeping = useMemo(() => styleKeepingJss(jss), [jss]);
  return (
    <StylesProvider
      jss={keeping as ComponentProps<typeof StylesProvider>['jss']}
    >
      {children}
    </StylesProvider>
  );
}
