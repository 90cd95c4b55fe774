import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

/**
 * In component tests: clicks the history button of an alarm inside `container` and waits for the
 * alarm's history dialog, which it returns.
 */
export async function openAlarmHistory(
  container: HTMLElement,
  alarmName: string,
  region: string,
): Promise<HTMLElement> {
  await userEvent.click(
    within(container).getByRole('button', {
      name: `History of alarm ${alarmName} in ${region}`,
    }),
  );
  return screen.findByRole('dialog', { name: `${alarmName} (${region})` });
}
