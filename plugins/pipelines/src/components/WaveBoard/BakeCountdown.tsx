import Typography from '@material-ui/core/Typography';
import { useNow } from '../../time/useNow';
import { formatDuration, remainingMs } from '../../time/timeRules';

/**
 * Live "bake time remaining" countdown, ticking every second until `endsAt`; never more than the
 * configured bake (`bakeMinutes`), whatever the clocks of AWS and the browser say.
 */
export function BakeCountdown(props: {
  endsAt: string;
  bakeMinutes?: number;
  testId?: string;
}) {
  const now = useNow(1000);
  const remaining = remainingMs(
    props.endsAt,
    now,
    props.bakeMinutes === undefined ? undefined : props.bakeMinutes * 60_000,
  );
  const text =
    remaining > 0
      ? `Baking: ${formatDuration(remaining)} left`
      : 'Bake complete, waiting for the next refresh';
  return (
    <Typography
      variant="body2"
      role="timer"
      aria-live="off"
      aria-label={text}
      data-testid={props.testId}
    >
      {text}
    </Typography>
  );
}
