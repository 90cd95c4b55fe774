import Typography from '@material-ui/core/Typography';
import { formatShortDateTime } from '../../time/timeRules';
import { useNow } from '../../time/useNow';
import { parseWindow, windowStatus } from './windowSchedule';

let ownZone: string | undefined;
/** The viewer's own IANA time zone (read once: building an Intl formatter is not free). */
function viewerTimeZone(): string {
  ownZone ??= new Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  return ownZone;
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

type WindowWords =
  | { ok: false; reason: string }
  | { ok: true; text: string; timeZone: string; state: string };

/**
 * The rule in words and where it stands in the minute of `now`. Many stages share one rule (every
 * wave of a pipeline usually does), and finding the next change steps through minutes: each
 * rule is worked out once per minute and the answer shared. Only the current minute is kept.
 */
const wordsOfMinute = new Map<string, WindowWords>();
let wordsMinute = 0;

function windowWords(
  cron: string,
  timeZone: string | undefined,
  now: number,
): WindowWords {
  const minute = Math.floor(now / 60_000);
  if (minute !== wordsMinute) {
    wordsOfMinute.clear();
    wordsMinute = minute;
  }
  const key = `${cron}\n${timeZone ?? ''}`;
  const known = wordsOfMinute.get(key);
  if (known) return known;
  const parsed = parseWindow(cron, timeZone);
  let words: WindowWords;
  if (!parsed.ok) {
    words = { ok: false, reason: parsed.reason };
  } else {
    const status = windowStatus(parsed.cron, parsed.timeZone, now);
    let state: string;
    if (status.open) {
      state = status.changesAt
        ? `open now, closes ${changeText(
            status.changesAt,
            now,
            parsed.timeZone,
          )}`
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
    words = { ok: true, text: parsed.text, timeZone: parsed.timeZone, state };
  }
  wordsOfMinute.set(key, words);
  return words;
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
  const words = windowWords(props.cron, props.timeZone, now);
  if (!words.ok) {
    return (
      <Typography
        variant="caption"
        display="block"
        data-testid="deployment-window"
      >
        Window <code>{props.cron}</code>: {words.reason}
      </Typography>
    );
  }
  return (
    <Typography
      variant="caption"
      display="block"
      data-testid="deployment-window"
      title={`Cron ${props.cron} (${words.timeZone})`}
    >
      Window {words.text} ({words.timeZone}): {words.state}
    </Typography>
  );
}
