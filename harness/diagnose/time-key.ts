/**
 * Timestamps of nginx logs as whole seconds on nginx's own wall clock (pure). The error log writes
 * local time without a zone ("2026/11/21 10:00:00"); $time_local and $time_iso8601 carry an offset
 * that is ignored here so that both logs land on the same clock; $msec is epoch time and is read
 * as UTC (nginx in a container runs in UTC). Parsing is cached per day: one Date.UTC per new date.
 */

const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

let cachedDay = '';
let cachedDayS = 0;

function dayStartS(key: string, year: number, month: number, day: number): number | undefined {
  if (key === cachedDay) return cachedDayS;
  if (!(year >= 1970 && month >= 0 && month <= 11 && day >= 1 && day <= 31)) return undefined;
  cachedDay = key;
  cachedDayS = Date.UTC(year, month, day) / 1000;
  return cachedDayS;
}

function clockS(text: string, at: number): number | undefined {
  const h = Number(text.slice(at, at + 2));
  const m = Number(text.slice(at + 3, at + 5));
  const s = Number(text.slice(at + 6, at + 8));
  if (!(h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s < 61)) return undefined;
  return h * 3600 + m * 60 + s;
}

/** "2026/11/21 10:00:00" (error log) */
export function errorLogSeconds(time: string): number | undefined {
  if (time.length < 19 || time[4] !== '/' || time[10] !== ' ') return undefined;
  const day = dayStartS(time.slice(0, 10), Number(time.slice(0, 4)), Number(time.slice(5, 7)) - 1, Number(time.slice(8, 10)));
  const clock = clockS(time, 11);
  return day === undefined || clock === undefined ? undefined : day + clock;
}

/** "21/Nov/2026:10:00:00 +0000" ($time_local) */
export function timeLocalSeconds(text: string): number | undefined {
  if (text.length < 20 || text[2] !== '/' || text[6] !== '/' || text[11] !== ':') return undefined;
  const month = MONTHS[text.slice(3, 6)];
  if (month === undefined) return undefined;
  const day = dayStartS(text.slice(0, 11), Number(text.slice(7, 11)), month, Number(text.slice(0, 2)));
  const clock = clockS(text, 12);
  return day === undefined || clock === undefined ? undefined : day + clock;
}

/** "2026-11-21T10:00:00+00:00" ($time_iso8601) */
export function isoSeconds(text: string): number | undefined {
  if (text.length < 19 || text[4] !== '-' || text[10] !== 'T') return undefined;
  const day = dayStartS(text.slice(0, 10), Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)));
  const clock = clockS(text, 11);
  return day === undefined || clock === undefined ? undefined : day + clock;
}

/** $msec ("1795254535.956") as whole seconds. */
export function msecSeconds(msec: number): number | undefined {
  return Number.isFinite(msec) && msec > 0 ? Math.floor(msec) : undefined;
}

/** Any of the forms above, tried in turn. */
export function anyTimeSeconds(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return msecSeconds(Number(text));
  return timeLocalSeconds(text) ?? isoSeconds(text) ?? errorLogSeconds(text);
}

/** "2026-11-21 10:00:00": the wall clock the seconds stand for. */
export function formatClock(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
