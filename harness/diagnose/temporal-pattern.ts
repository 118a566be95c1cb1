/**
 * The temporal pattern of errors (pure), as the playbook reads it: a brief storm (a restart, a
 * deploy), a steady share (some requests or servers always fail), errors that follow traffic (a
 * capacity limit), or sporadic ones. Works on bucketed counts, so on logs of any length.
 */
import { formatClock } from './time-key.js';

export type PatternKind = 'none' | 'storm' | 'steady' | 'follows-traffic' | 'sporadic';

export interface PatternPoint {
  startS: number;
  errors: number;
  /** requests in the bucket; null without an access log */
  requests: number | null;
}

export interface TemporalPattern {
  kind: PatternKind;
  summary: string;
  errors: number;
  /** width of the buckets the pattern was read from */
  bucketS: number;
  /** the shortest run of buckets holding 80% of the errors */
  densestWindow: { startS: number; lengthS: number } | null;
  /** share of buckets, over the whole observed span, with at least one error */
  bucketsWithErrors: number;
  /** correlation of the error share with the request rate (null without requests or variation) */
  shareVsTraffic: number | null;
}

const TARGET_BUCKETS = 60;
const STORM_SHARE = 0.8;

export function classifyPattern(points: PatternPoint[], widthS: number, spanStartS: number, spanEndS: number): TemporalPattern {
  const bucketS = Math.max(widthS, Math.ceil((spanEndS - spanStartS + 1) / TARGET_BUCKETS / widthS) * widthS);
  const series = regrid(points, bucketS, spanStartS, spanEndS);
  const errors = series.reduce((sum, p) => sum + p.errors, 0);
  const base = { errors, bucketS, densestWindow: null, bucketsWithErrors: 0, shareVsTraffic: null };
  if (errors === 0) return { ...base, kind: 'none', summary: 'no errors' };
  const spanS = series.length * bucketS;
  const window = densest(series, errors * STORM_SHARE);
  const densestWindow = { startS: series[window.from]!.startS, lengthS: (window.to - window.from + 1) * bucketS };
  const bucketsWithErrors = series.filter((p) => p.errors > 0).length / series.length;
  const shareVsTraffic = trafficCorrelation(series);
  const facts = { ...base, densestWindow, bucketsWithErrors, shareVsTraffic };
  if (series.length >= 3 && densestWindow.lengthS <= 0.3 * spanS) {
    const share = Math.round(STORM_SHARE * 100);
    return { ...facts, kind: 'storm', summary: `brief storm: ${share}% of ${errors} errors within ${seconds(densestWindow.lengthS)} from ${formatClock(densestWindow.startS)}, in ${seconds(spanS)} observed` };
  }
  if (shareVsTraffic !== null && shareVsTraffic >= 0.5) {
    return { ...facts, kind: 'follows-traffic', summary: `errors follow traffic: the error share rises with the request rate (r = ${shareVsTraffic.toFixed(2)})` };
  }
  if (bucketsWithErrors >= 0.5) {
    return { ...facts, kind: 'steady', summary: `steady: errors in ${Math.round(bucketsWithErrors * 100)}% of ${seconds(bucketS)} buckets over ${seconds(spanS)}` };
  }
  return { ...facts, kind: 'sporadic', summary: `sporadic: errors in ${Math.round(bucketsWithErrors * 100)}% of ${seconds(bucketS)} buckets over ${seconds(spanS)}` };
}

function regrid(points: PatternPoint[], bucketS: number, spanStartS: number, spanEndS: number): PatternPoint[] {
  const first = Math.floor(spanStartS / bucketS) * bucketS;
  const count = Math.floor(spanEndS / bucketS) - first / bucketS + 1;
  const hasRequests = points.some((p) => p.requests !== null);
  const grid: PatternPoint[] = Array.from({ length: Math.max(1, count) }, (_, i) => ({ startS: first + i * bucketS, errors: 0, requests: hasRequests ? 0 : null }));
  for (const p of points) {
    const cell = grid[Math.floor((p.startS - first) / bucketS)];
    if (!cell) continue;
    cell.errors += p.errors;
    if (cell.requests !== null) cell.requests += p.requests ?? 0;
  }
  return grid;
}

/** The shortest run of buckets whose errors add up to at least `needed`. */
function densest(series: PatternPoint[], needed: number): { from: number; to: number } {
  let best = { from: 0, to: series.length - 1 };
  let sum = 0;
  let from = 0;
  for (let to = 0; to < series.length; to += 1) {
    sum += series[to]!.errors;
    while (from < to && sum - series[from]!.errors >= needed) {
      sum -= series[from]!.errors;
      from += 1;
    }
    if (sum >= needed && to - from < best.to - best.from) best = { from, to };
  }
  return best;
}

/** Pearson correlation of the error share with the request count, over buckets with traffic. */
function trafficCorrelation(series: PatternPoint[]): number | null {
  const busy = series.filter((p) => (p.requests ?? 0) > 0);
  if (busy.length < 6) return null;
  const xs = busy.map((p) => p.requests!);
  const ys = busy.map((p) => p.errors / p.requests!);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  const sx = Math.sqrt(mean(xs.map((x) => (x - mx) ** 2)));
  const sy = Math.sqrt(mean(ys.map((y) => (y - my) ** 2)));
  if (sx === 0 || sy === 0 || sx / mx < 0.2) return null;
  return mean(xs.map((x, i) => (x - mx) * (ys[i]! - my))) / (sx * sy);
}

export function seconds(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
