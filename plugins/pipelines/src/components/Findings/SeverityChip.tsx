import { SEVERITY_ORDER, type Severity } from '@dpra/plugin-pipelines-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { CSSProperties } from '@material-ui/core/styles/withStyles';

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

/**
 * A class per severity, outlined and filled: static, so one kept style sheet serves every chip (a
 * style computed from props would give each chip a sheet of its own, inserted on every mount).
 */
const useStyles = makeStyles<Theme>(theme => {
  const classes: Record<string, CSSProperties> = {};
  for (const severity of SEVERITY_ORDER) {
    const colour = severityColour(theme, severity);
    classes[severity] = {
      borderColor: colour,
      backgroundColor: 'transparent',
      color: theme.palette.text.primary,
      fontWeight: 600,
    };
    classes[`${severity}-selected`] = {
      borderColor: colour,
      backgroundColor: colour,
      color: theme.palette.getContrastText(colour),
      fontWeight: 600,
    };
  }
  return classes;
});

/** A severity (optionally with a count) in a colour taken from the theme palette. */
export function SeverityChip(props: {
  severity: Severity;
  count?: number;
  selected?: boolean;
  onClick?: () => void;
}) {
  const classes = useStyles();
  const selected = props.selected ?? true;
  const label =
    props.count === undefined
      ? props.severity
      : `${props.severity} ${props.count}`;
  return (
    <Chip
      size="small"
      variant="outlined"
      className={classes[`${props.severity}${selected ? '-selected' : ''}`]}
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
