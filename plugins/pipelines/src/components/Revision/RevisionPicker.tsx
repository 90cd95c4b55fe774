import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import { createContext, useContext } from 'react';
import { PLACE_WORDS, PickableRevision, RevisionPlace } from './revisionPlaces';

/** The revision picked in "where is …", and where it is, for the stages and waves to mark. */
export interface RevisionHighlight {
  label: string;
  places: ReadonlyMap<string, RevisionPlace>;
}

const HighlightContext = createContext<RevisionHighlight | undefined>(
  undefined,
);

/** Provides the picked revision's places to the run view and the wave board below it. */
export const RevisionHighlightProvider = HighlightContext.Provider;

/** Where the picked revision is at this stage, if it holds it. */
export function useRevisionPlace(
  stageName: string,
): { label: string; place: RevisionPlace } | undefined {
  const highlight = useContext(HighlightContext);
  const place = highlight?.places.get(stageName);
  return highlight && place ? { label: highlight.label, place } : undefined;
}

const useStyles = makeStyles(theme => ({
  marker: {
    display: 'inline-block',
    marginTop: theme.spacing(0.5),
    padding: theme.spacing(0, 0.75),
    borderRadius: theme.shape.borderRadius,
    fontWeight: theme.typography.fontWeightBold as number,
    backgroundColor: alpha(theme.palette.primary.main, 0.15),
    color: theme.palette.text.primary,
  },
  blocked: {
    backgroundColor: alpha(theme.palette.warning.main, 0.25),
  },
  failed: {
    backgroundColor: alpha(theme.palette.error.main, 0.2),
  },
}));

/** "a1b2c3d here: baking" on a stage or wave the picked revision holds. */
export function RevisionPlaceMarker(props: {
  stageName: string;
  testId?: string;
}) {
  const classes = useStyles();
  const at = useRevisionPlace(props.stageName);
  if (!at) return null;
  const tone: Partial<Record<RevisionPlace, string>> = {
    blocked: classes.blocked,
    awaitingApproval: classes.blocked,
    failed: classes.failed,
  };
  return (
    <Typography
      variant="caption"
      className={`${classes.marker} ${tone[at.place] ?? ''}`}
      data-testid={props.testId}
      data-place={at.place}
    >
      {at.label} here: {PLACE_WORDS[at.place]}
    </Typography>
  );
}

/** Pick a recent revision ("where is …") to see which stages and waves it has reached. */
export function RevisionPicker(props: {
  pipelineName: string;
  revisions: PickableRevision[];
  value?: string;
  /** The picked revision's key ({@link PickableRevision.key}), or undefined for none. */
  onChange: (revisionKey: string | undefined) => void;
}) {
  if (props.revisions.length === 0) return null;
  return (
    <TextField
      select
      size="small"
      label="Where is …"
      value={props.value ?? ''}
      onChange={e => props.onChange(e.target.value || undefined)}
      id={`revision-picker-${props.pipelineName}`}
      style={{ minWidth: 220, maxWidth: '100%' }}
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
      inputProps={{ 'data-testid': 'revision-picker' }}
    >
      <MenuItem value="">No revision picked</MenuItem>
      {props.revisions.map(r => (
        <MenuItem key={r.key} value={r.key} title={r.message}>
          <span style={{ overflowWrap: 'anywhere' }}>
            <code>{r.label}</code> {r.message ?? ''} ({r.status})
          </span>
        </MenuItem>
      ))}
    </TextField>
  );
}
