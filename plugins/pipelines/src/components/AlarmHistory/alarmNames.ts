import type { AlarmView } from '@dpra/plugin-pipelines-common';

/** An alarm name found in a text, with the regions of the alarms it may mean. */
export interface AlarmNameMatch {
  name: string;
  /** Regions of the alarms of that name: those in ALARM if any, else all; never empty. */
  regions: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Split a text on the names of the given alarms (longest names first, so `orders-latency-p99` wins
 * over `orders-latency`). Text without any of the names comes back as one string.
 */
export function splitOnAlarmNames(
  text: string,
  alarms: AlarmView[],
): Array<string | AlarmNameMatch> {
  const names = Array.from(new Set(alarms.map(a => a.name)))
    .filter(name => name.length > 0)
    .sort((a, b) => b.length - a.length);
  if (names.length === 0 || !names.some(name => text.includes(name))) {
    return [text];
  }
  const pattern = new RegExp(names.map(escapeRegExp).join('|'), 'g');
  const parts: Array<string | AlarmNameMatch> = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const name = match[0];
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    const candidates = alarms.filter(a => a.name === name);
    const firing = candidates.filter(a => a.state === 'ALARM');
    const regions = Array.from(
      new Set((firing.length > 0 ? firing : candidates).map(a => a.region)),
    );
    parts.push({ name, regions });
    last = index + name.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
