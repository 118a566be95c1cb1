/**
 * Counts per time bucket with a bounded number of buckets (pure): buckets start one second wide
 * and double in width (merging pairs) whenever there would be more than maxBuckets, so a log that
 * spans a month costs the same memory as one that spans a minute. Lines need not come in order.
 */
import type { Counts } from './bounded-tally.js';

export interface SeriesBucket {
  /** start of the bucket, seconds on nginx's wall clock */
  startS: number;
  counts: Counts;
}

export interface SeriesSnapshot {
  widthS: number;
  /** sorted by start; buckets with nothing in them are absent */
  buckets: SeriesBucket[];
}

export const DEFAULT_MAX_BUCKETS = 2048;

export class TimeSeries {
  private widthS = 1;
  private readonly buckets = new Map<number, Counts>();

  constructor(private readonly maxBuckets = DEFAULT_MAX_BUCKETS) {}

  add(timeS: number, key: string, by = 1): void {
    const start = Math.floor(timeS / this.widthS) * this.widthS;
    let counts = this.buckets.get(start);
    if (counts === undefined) {
      if (this.buckets.size >= this.maxBuckets) {
        this.widen();
        this.add(timeS, key, by);
        return;
      }
      counts = {};
      this.buckets.set(start, counts);
    }
    counts[key] = (counts[key] ?? 0) + by;
  }

  snapshot(): SeriesSnapshot {
    const buckets = [...this.buckets.entries()].sort((a, b) => a[0] - b[0]).map(([startS, counts]) => ({ startS, counts: { ...counts } }));
    return { widthS: this.widthS, buckets };
  }

  private widen(): void {
    const width = this.widthS * 2;
    const merged = new Map<number, Counts>();
    for (const [start, counts] of this.buckets) {
      const to = Math.floor(start / width) * width;
      const target = merged.get(to) ?? {};
      for (const [key, value] of Object.entries(counts)) target[key] = (target[key] ?? 0) + value;
      merged.set(to, target);
    }
    this.buckets.clear();
    for (const [start, counts] of merged) this.buckets.set(start, counts);
    this.widthS = width;
  }
}

/** The snapshot re-bucketed to a wider width (a multiple of its own), for analysis and display. */
export function rebucket(series: SeriesSnapshot, widthS: number): SeriesSnapshot {
  const width = Math.max(series.widthS, Math.ceil(widthS / series.widthS) * series.widthS);
  if (width === series.widthS) return series;
  const merged = new Map<number, Counts>();
  for (const bucket of series.buckets) {
    const to = Math.floor(bucket.startS / width) * width;
    const target = merged.get(to) ?? {};
    for (const [key, value] of Object.entries(bucket.counts)) target[key] = (target[key] ?? 0) + value;
    merged.set(to, target);
  }
  return { widthS: width, buckets: [...merged.entries()].sort((a, b) => a[0] - b[0]).map(([startS, counts]) => ({ startS, counts })) };
}
