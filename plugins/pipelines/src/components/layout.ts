import { makeStyles } from '@material-ui/core/styles';

/**
 * Static layout classes, in place of Material UI's `Box` with style props.
 *
 * Material UI v4 turns a `Box`'s props into dynamic styles: each instance gets a style sheet of
 * its own, created when it mounts and removed when it unmounts. The Pipelines tab had fifteen,
 * inserted again on every switch to it (`npm run bench:tab -- --verbose` counts the style
 * elements a switch adds). These classes are one static sheet, which `KeptStyles` keeps.
 */
export const useLayout = makeStyles(theme => ({
  /** Items in a line that wraps, centred, 8 px apart. */
  row: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  /** Blocks (fields, chips) in a line that wraps, 16 px apart. */
  wrap: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) },
  /** Chips in a line that wraps, 4 px apart. */
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  /** Takes the room left in a row. */
  grow: { flexGrow: 1 },
  /** A progress bar and its figure. */
  progress: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    maxWidth: 320,
  },
  /** A list entry: its text, and its action to the right (below it when narrow). */
  entry: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  entryText: { minWidth: 0, flex: '1 1 280px' },
  /** Items stacked, 8 px apart. */
  column: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1) },
  /** A list indented like body text. */
  list: { margin: 0, paddingLeft: theme.spacing(3) },
  mt1: { marginTop: theme.spacing(1) },
  mt2: { marginTop: theme.spacing(2) },
  mb2: { marginBottom: theme.spacing(2) },
  mb1: { marginBottom: theme.spacing(1) },
  my1: { marginTop: theme.spacing(1), marginBottom: theme.spacing(1) },
  p2: { padding: theme.spacing(2) },
  /** A table's title, in line with its cells. */
  tableTitle: { padding: theme.spacing(1, 2) },
}));
