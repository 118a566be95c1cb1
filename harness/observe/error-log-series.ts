/**
 * Error-log lines per signature and per second of the load, from the lines' own timestamps
 * ("2026/11/21 10:00:01", whole seconds, UTC: nginx runs with TZ=UTC whatever its image sets) (pure).
 */
import { parseErrorLogLine } from '../nginx/parse-error-log.js';
import type { ErrorLogInterval } from './observation.js';

const TIME = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export function errorLogSeries(text: string, loadStartEpochMs: number): ErrorLogInterval[] {
  const intervals = new Map<number, ErrorLogInterval>();
  for (const line of text.split('\n')) {
    const parsed = parseErrorLogLine(line);
    if (!parsed) continue;
    const epochMs = logTimeEpochMs(parsed.time);
    if (epochMs === undefined) continue;
    // The line's whole second, as nginx logged it (not rounded onto the load's own grid).
    const startMs = epochMs - loadStartEpochMs;
    const interval = intervals.get(startMs) ?? { startMs, signatures: {} };
    interval.signatures[parsed.signature] = (interval.signatures[parsed.signature] ?? 0) + 1;
    intervals.set(startMs, interval);
  }
  return [...intervals.values()].sort((a, b) => a.startMs - b.startMs);
}

export function logTimeEpochMs(time: string): number | undefined {
  const m = TIME.exec(time);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}
