/**
 * The tables of a diagnosis (pure): the status mix over time, and per upstream and per endpoint,
 * from the access log where there is one and from the error log's lines always.
 */
import { SIGNATURES, UNKNOWN_SIGNATURE } from '../nginx/signatures.js';
import type { AccessLogFacts } from './access-log-aggregate.js';
import { bump, sumCounts, type Counts } from './bounded-tally.js';
import type { BreakdownRow, TimelineRow } from './diagnosis.js';
import type { ErrorLogFacts } from './error-log-aggregate.js';
import { formatClock } from './time-key.js';
import { rebucket, type SeriesSnapshot } from './time-series.js';

const TIMELINE_ROWS = 30;
const BREAKDOWN_ROWS = 10;

/** Signature id → the status the client got when it ended the request (null: none decided). */
export const CLIENT_STATUS: ReadonlyMap<string, number | null> = new Map(SIGNATURES.map((s) => [s.id, s.clientStatus]));

const FAILURES: ReadonlySet<string> = new Set(SIGNATURES.filter((s) => s.failure).map((s) => s.id));

/** A catalog signature that records a failed request (see Signature.failure): not "unknown", not a warning, not the client's doing. */
export function isFailureSignature(id: string): boolean {
  return id !== UNKNOWN_SIGNATURE && FAILURES.has(id);
}

export function failureLines(counts: Counts): number {
  return Object.entries(counts).reduce((sum, [id, n]) => (isFailureSignature(id) ? sum + n : sum), 0);
}

/** 502/503/504 as they are, other 5xx as "5xx", the rest dropped. */
export function statusColumn(status: string | number): string | undefined {
  const code = String(status).padStart(3, '0');
  if (code === '502' || code === '503' || code === '504') return code;
  return code.startsWith('5') ? '5xx' : undefined;
}

export function buildTimeline(errors: ErrorLogFacts, access: AccessLogFacts | null, spanS: number): { bucketS: number; rows: TimelineRow[] } {
  const fromAccess = access !== null && access.series.buckets.length > 0;
  const widthS = Math.max(1, Math.ceil(spanS / TIMELINE_ROWS));
  const errorSeries = rebucket(errors.series, widthS);
  const accessSeries: SeriesSnapshot | null = fromAccess ? rebucket(access.series, Math.max(widthS, errorSeries.widthS)) : null;
  const bucketS = Math.max(errorSeries.widthS, accessSeries?.widthS ?? 1);
  const rows = new Map<number, TimelineRow>();
  const row = (startS: number): TimelineRow => {
    const at = Math.floor(startS / bucketS) * bucketS;
    let found = rows.get(at);
    if (!found) {
      found = { startS: at, at: formatClock(at), requests: fromAccess ? 0 : null, statuses: {}, errorLines: 0 };
      rows.set(at, found);
    }
    return found;
  };
  for (const bucket of rebucket(errorSeries, bucketS).buckets) {
    const r = row(bucket.startS);
    for (const [id, n] of Object.entries(bucket.counts)) {
      if (!isFailureSignature(id)) continue;
      r.errorLines += n;
      const column = fromAccess ? undefined : statusColumn(CLIENT_STATUS.get(id) ?? 0);
      if (column) bump(r.statuses, column, n);
    }
  }
  if (accessSeries) {
    for (const bucket of rebucket(accessSeries, bucketS).buckets) {
      const r = row(bucket.startS);
      r.requests = (r.requests ?? 0) + (bucket.counts.req ?? 0);
      for (const [key, n] of Object.entries(bucket.counts)) {
        const column = /^\d{3}$/.test(key) ? statusColumn(key) : undefined;
        if (column) bump(r.statuses, column, n);
      }
    }
  }
  return { bucketS, rows: [...rows.values()].sort((a, b) => a.startS - b.startS) };
}

/** Rows keyed by upstream or endpoint, the most failing first. */
export function buildBreakdown(fromAccess: Record<string, Counts> | undefined, fromErrors: Record<string, Counts>): BreakdownRow[] {
  const keys = new Set([...Object.keys(fromAccess ?? {}), ...Object.keys(fromErrors)]);
  const rows: BreakdownRow[] = [...keys].map((key) => {
    const statuses: Counts = {};
    for (const [status, n] of Object.entries(fromAccess?.[key] ?? {})) bump(statuses, status, n);
    const signatures = { ...(fromErrors[key] ?? {}) };
    return { key, requests: fromAccess ? sumCounts(fromAccess[key] ?? {}) : null, statuses, signatures };
  });
  const failures = (r: BreakdownRow) =>
    Object.entries(r.statuses).reduce((s, [status, n]) => (status.startsWith('5') ? s + n : s), 0) + failureLines(r.signatures);
  return rows
    .filter((r) => failures(r) > 0)
    .sort((a, b) => failures(b) - failures(a) || (a.key < b.key ? -1 : 1))
    .slice(0, BREAKDOWN_ROWS);
}
