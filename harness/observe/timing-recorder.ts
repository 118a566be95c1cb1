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

/** A recorder's values as plain data (for one in another thread or process): its histogram, and its exact extremes. */
export interface EncodedTiming {
  histogram: string;
  /** the smallest value above zero, µs (0: none) */
  minUs: number;
  maxUs: number;
}

export class TimingRecorder {
  private readonly histogram: hdr.Histogram;
  /** the exact extremes (an encoded histogram keeps its buckets, not the values in them) */
  private minUs = 0;
  private maxUs = 0;

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
    if (us > this.maxUs) this.maxUs = us;
    if (us > 0 && (us < this.minUs || this.minUs === 0)) this.minUs = us;
  }

  /** The recorded values, for a recorder in another thread or process to add. */
  encode(): EncodedTiming {
    return { histogram: hdr.encodeIntoCompressedBase64(this.histogram), minUs: this.minUs, maxUs: this.maxUs };
  }

  /** Adds the values another recorder encoded: the same summary as if they had been recorded here. */
  addEncoded(encoded: EncodedTiming): void {
    this.histogram.add(hdr.decodeFromCompressedBase64(encoded.histogram, 64, false));
    this.maxUs = Math.max(this.maxUs, encoded.maxUs);
    if (encoded.minUs > 0 && (encoded.minUs < this.minUs || this.minUs === 0)) this.minUs = encoded.minUs;
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): TimingSummary {
    if (this.histogram.totalCount === 0) return EMPTY_TIMING;
    // a bucket's highest equivalent value can exceed the largest value recorded: clamp to it
    const at = (p: number) => Math.min(this.histogram.getValueAtPercentile(p), this.maxUs) / 1000;
    return {
      count: this.histogram.totalCount,
      minMs: this.minUs / 1000,
      meanMs: this.histogram.mean / 1000,
      p50Ms: at(50),
      p90Ms: at(90),
      p95Ms: at(95),
      p99Ms: at(99),
      p999Ms: at(99.9),
      maxMs: this.maxUs / 1000,
    };
  }
}
