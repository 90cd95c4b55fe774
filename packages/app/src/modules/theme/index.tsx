import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import {
  UnifiedThemeProvider,
  createUnifiedTheme,
  palettes,
} from '@backstage/theme';
import DarkIcon from '@material-ui/icons/Brightness2';
import LightIcon from '@material-ui/icons/WbSunny';

/** Phone widths (below Material UI's `sm` breakpoint). */
const PHONE = '@media (max-width: 599.95px)';

/**
 * Backstage's metadata tables keep their labels on one line (`white-space: nowrap`). The
 * template review is one: its labels say what each choice means ("Require a manual approval
 * (DPRA required; off means continuous deployment)"), so at 1024 px the label column took the
 * width and the values were squeezed into a few characters a line. Labels wrap instead, in at
 * most two fifths of the table; on a phone each label stands above its value.
 */
export const metadataTableComponents = {
  BackstageMetadataTableTitleCell: {
    styleOverrides: {
      root: {
        whiteSpace: 'normal',
        width: '40%',
        [PHONE]: { display: 'block', width: 'auto', paddingBottom: 0 },
      },
    },
  },
  BackstageMetadataTableCell: {
    styleOverrides: {
      root: { [PHONE]: { display: 'block', paddingTop: 4 } },
    },
  },
};

/** Backstage's theme of a palette, with wrapping metadata labels (replaces `theme:app/<variant>`). */
function portalTheme(
  variant: 'light' | 'dark',
  title: string,
  icon: JSX.Element,
) {
  const theme = createUnifiedTheme({
    palette: palettes[variant],
    components: metadataTableComponents as any,
  });
  return ThemeBlueprint.make({
    name: variant,
    params: {
      theme: {
        id: variant,
        title,
        variant,
        icon,
        Provider: ({ children }) => (
          <UnifiedThemeProvider theme={theme}>{children}</UnifiedThemeProvider>
        ),
      },
    },
  });
}

/** The portal's themes: Backstage's own, with the review's labels wrapping. */
export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    portalTheme('light', 'Light Theme', <LightIcon />),
    portalTheme('dark', 'Dark Theme', <DarkIcon />),
  ],
});
