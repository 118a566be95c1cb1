/**
 * Records durations into a fixed-size HdrHistogram (microsecond resolution, 3 significant digits;
 * a compact one with 2 digits for the many per-interval ones), so memory does not grow with the
 * number of requests (about 14 KB for a compact one). The one histogram of the project.
 */
import * as hdr from 'hdr-histogram-js';
import type { TimingSummary } from './observation.js';

const MAX_TRACKABLE_US = 3_600_000_000; // one hour

export const EMPTY_TIMING: TimingSummary = {
  count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0,
};

export class TimingRecorder {
  private readonly histogram: hdr.Histogram;

  constructor(options: { compact?: boolean } = {}) {
    this.histogram = hdr.build({
      bitBucketSize: options.compact ? 32 : 64,
      autoResize: false,
      lowestDiscernibleValue: 1,
      highestTrackableValue: MAX_TRACKABLE_US,
      numberOfSignificantValueDigits: options.compact ? 2 : 3,
      useWebAssembly: false,
    });
  }

  record(ms: number): void {
    const us = Math.min(Math.max(Math.round(ms * 1000), 0), MAX_TRACKABLE_US);
    this.histogram.recordValue(us);
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): TimingSummary {
    if (this.histogram.totalCount === 0) return EMPTY_TIMING;
    // a bucket's highest equivalent value can exceed the largest value recorded: clamp to it
    const at = (p: number) => Math.min(this.histogram.getValueAtPercentile(p), this.histogram.maxValue) / 1000;
    return {
      count: this.histogram.totalCount,
      minMs: this.histogram.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : this.histogram.minNonZeroValue / 1000,
      meanMs: this.histogram.mean / 1000,
      p50Ms: at(50),
      p90Ms: at(90),
      p95Ms: at(95),
      p99Ms: at(99),
      p999Ms: at(99.9),
      maxMs: this.histogram.maxValue / 1000,
    };
  }
}
