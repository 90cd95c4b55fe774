import Typography from '@material-ui/core/Typography';
import { formatShortDateTime } from '../../time/timeRules';
import { useNow } from '../../time/useNow';
import { parseWindow, windowStatus } from './windowSchedule';

/** The viewer's own IANA time zone. */
function viewerTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/**
 * When the window next changes, in the rule's zone and (when it differs) the viewer's:
 * `Thu 17:59 Europe/Berlin (Thu 16:59 your time)`.
 */
function changeText(at: number, now: number, ruleZone: string): string {
  const own = viewerTimeZone();
  const inRule = `${formatShortDateTime(at, now, ruleZone)} ${ruleZone}`;
  if (own === ruleZone) return inRule;
  return `${inRule} (${formatShortDateTime(at, now, own)} your time)`;
}

/**
 * A stage's `DeploymentWindow` rule in words, with whether it is open now and when that changes:
 * "Window Mon–Thu 08:00–17:59 (Europe/Berlin): open now, closes Thu 17:59 …". An expression the
 * parser cannot read is shown as written, with the reason.
 */
export function DeploymentWindowText(props: {
  cron: string;
  timeZone?: string;
}) {
  // A minute is the window's granularity.
  const now = useNow(60_000);
  const parsed = parseWindow(props.cron, props.timeZone);
  if (!parsed.ok) {
    return (
      <Typography
        variant="caption"
        display="block"
        data-testid="deployment-window"
      >
        Window <code>{props.cron}</code>: {parsed.reason}
      </Typography>
    );
  }
  const status = windowStatus(parsed.cron, parsed.timeZone, now);
  let state: string;
  if (status.open) {
    state = status.changesAt
      ? `open now, closes ${changeText(status.changesAt, now, parsed.timeZone)}`
      : 'open now';
  } else {
    state = status.changesAt
      ? `closed now, opens ${changeText(
          status.changesAt,
          now,
          parsed.timeZone,
        )}`
      : 'closed now, no opening within a year';
  }
  return (
    <Typography
      variant="caption"
      display="block"
      data-testid="deployment-window"
      title={`Cron ${props.cron} (${parsed.timeZone})`}
    >
      Window {parsed.text} ({parsed.timeZone}): {state}
    </Typography>
  );
}
