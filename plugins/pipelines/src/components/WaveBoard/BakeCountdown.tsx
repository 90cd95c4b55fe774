import Typography from '@material-ui/core/Typography';
import { useNow } from '../../hooks/useNow';
import { formatDuration } from '../StepStatus/timeFormat';

/** Live "bake time remaining" countdown, ticking every second until `endsAt`. */
export function BakeCountdown(props: { endsAt: string; testId?: string }) {
  const now = useNow(1000);
  const remaining = Date.parse(props.endsAt) - now;
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
