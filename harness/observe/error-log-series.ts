/**
 * Error-log lines per signature and per second of the load, from the lines' own timestamps
 * ("2026/11/21 10:00:01", whole seconds, UTC: nginx runs with TZ=UTC whatever its image sets) (pure).
 */
import { parseErrorLogLine } from '../nginx/parse-error-log.js';
import type { ErrorLogInterval, ErrorLogLine } from './observation.js';

const TIME = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The series built line by line: add() each parsed line, series() at the end. */
export class ErrorLogSeriesTally {
  private readonly intervals = new Map<number, ErrorLogInterval>();

  constructor(private readonly loadStartEpochMs: number) {}

  add(parsed: ErrorLogLine): void {
    const epochMs = logTimeEpochMs(parsed.time);
    if (epochMs === undefined) return;
    // The line's whole second, as nginx logged it (not rounded onto the load's own grid).
    const startMs = epochMs - this.loadStartEpochMs;
    const interval = this.intervals.get(startMs) ?? { startMs, signatures: {} };
    interval.signatures[parsed.signature] = (interval.signatures[parsed.signature] ?? 0) + 1;
    this.intervals.set(startMs, interval);
  }

  series(): ErrorLogInterval[] {
    return [...this.intervals.values()].sort((a, b) => a.startMs - b.startMs);
  }
}

export function errorLogSeries(text: string, loadStartEpochMs: number): ErrorLogInterval[] {
  const tally = new ErrorLogSeriesTally(loadStartEpochMs);
  for (const line of text.split('\n')) {
    const parsed = parseErrorLogLine(line);
    if (parsed) tally.add(parsed);
  }
  return tally.series();
}

export function logTimeEpochMs(time: string): number | undefined {
  const m = TIME.exec(time);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}
