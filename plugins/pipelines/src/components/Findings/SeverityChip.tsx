import type { Severity } from '@dpra/plugin-pipelines-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';

function severityColour(theme: Theme, severity: Severity) {
  switch (severity) {
    case 'CRITICAL':
      return theme.palette.error.dark;
    case 'HIGH':
      return theme.palette.error.main;
    case 'MEDIUM':
      return theme.palette.warning.main;
    case 'LOW':
      return theme.palette.info.main;
    default:
      return theme.palette.grey[500];
  }
}

const useStyles = makeStyles<Theme, { severity: Severity; selected: boolean }>(
  theme => ({
    chip: ({ severity, selected }) => {
      const colour = severityColour(theme, severity);
      return {
        borderColor: colour,
        backgroundColor: selected ? colour : 'transparent',
        color: selected
          ? theme.palette.getContrastText(colour)
          : theme.palette.text.primary,
        fontWeight: 600,
      };
    },
  }),
);

/** A severity (optionally with a count) in a colour taken from the theme palette. */
export function SeverityChip(props: {
  severity: Severity;
  count?: number;
  selected?: boolean;
  onClick?: () => void;
}) {
  const classes = useStyles({
    severity: props.severity,
    selected: props.selected ?? true,
  });
  const label =
    props.count === undefined
      ? props.severity
      : `${props.severity} ${props.count}`;
  return (
    <Chip
      size="small"
      variant="outlined"
      className={classes.chip}
      label={label}
      onClick={props.onClick}
      aria-pressed={props.onClick ? Boolean(props.selected) : undefined}
      aria-label={
        props.count === undefined
          ? `Severity ${props.severity}`
          : `${props.count} ${props.severity.toLowerCase()} findings`
      }
      data-testid={
        props.count === undefined
          ? undefined
          : `severity-count-${props.severity}`
      }
    />
  );
}
