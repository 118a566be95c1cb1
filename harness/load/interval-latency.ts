/**
 * Latency percentiles per interval of the series, from a small fixed histogram (buckets 5% wide,
 * 0.1 ms to about 17 min), so memory does not grow with the number of requests in an interval.
 * The percentiles are the upper edge of their bucket: within 5% of the exact value.
 */
const GROWTH = 1.05;
const FLOOR_MS = 0.1;
const BUCKETS = 330;

export interface IntervalLatency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export class IntervalLatencyRecorder {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private max = 0;

  record(ms: number): void {
    const index = ms <= FLOOR_MS ? 0 : Math.min(Math.ceil(Math.log(ms / FLOOR_MS) / Math.log(GROWTH)), BUCKETS - 1);
    this.counts[index]!++;
    this.total++;
    this.max = Math.max(this.max, ms);
  }

  summary(): IntervalLatency | undefined {
    if (this.total === 0) return undefined;
    return { p50Ms: this.at(0.5), p99Ms: this.at(0.99), maxMs: round(this.max) };
  }

  private at(quantile: number): number {
    const rank = Math.ceil(quantile * this.total);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return round(Math.min(FLOOR_MS * GROWTH ** i, this.max));
    }
    return round(this.max);
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;
