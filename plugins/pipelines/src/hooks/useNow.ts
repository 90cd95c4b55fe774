import { useEffect, useState } from 'react';

/**
 * The current time in ms, updated every `intervalMs` (1 s by default): drives live countdowns such
 * as the bake time remaining without re-fetching anything.
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
