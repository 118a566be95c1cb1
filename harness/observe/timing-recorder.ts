/**
 * Records durations into a fixed-size HdrHistogram (microsecond resolution, 3 significant digits;
 * a compact one with 2 digits for the many per-interval ones), so memory does not grow with the
 * number of requests (about 14 KB for a compact one, held once it records). The one histogram of
 * the project.
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

/**
 * HdrHistogram's bucketing (lowest discernible value 1), computed with integer operations:
 * hdr-histogram-js takes two Math.pow and a Math.log2 for every value it records, which costs a
 * load engine recording three values per response more than everything else it does per response.
 * The index of a value is the index of its counter in the histogram; any value of that counter's
 * range stands for it.
 */
export class HdrBuckets {
  /** log2 of half the sub-buckets */
  private readonly halfMagnitude: number;
  private readonly half: number;
  /** counters up to the largest trackable value */
  readonly length: number;

  constructor(significantDigits: number, private readonly compact: boolean) {
    const subBucketCountMagnitude = Math.ceil(Math.log2(2 * 10 ** significantDigits));
    this.halfMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
    this.half = 2 ** this.halfMagnitude;
    this.length = this.index(MAX_TRACKABLE_US) + 1;
  }

  /** The counter of an integer value (0 .. 2^32 - 1). */
  index(value: number): number {
    const bucket = Math.max(31 - Math.clz32(value) - this.halfMagnitude, 0);
    return (bucket + 1) * this.half + (value >>> bucket) - this.half;
  }

  /** The lowest value that counts at this index. */
  lowest(index: number): number {
    let bucket = Math.floor(index / this.half) - 1;
    let sub = (index % this.half) + this.half;
    if (bucket < 0) {
      sub -= this.half;
      bucket = 0;
    }
    return sub * 2 ** bucket;
  }

  /** Counters as the histogram keeps them (32-bit in a compact one). */
  counters(): Uint32Array | Float64Array {
    return this.compact ? new Uint32Array(this.length) : new Float64Array(this.length);
  }
}

const FULL = new HdrBuckets(3, false);
const COMPACT = new HdrBuckets(2, true);

export class TimingRecorder {
  private readonly buckets: HdrBuckets;
  /** built when first needed (a summary, an encoding, a merge): a recorder that records nothing holds no histogram */
  private histogram: hdr.Histogram | undefined;
  /** values recorded since, counted by their index in the histogram */
  private pending: Uint32Array | Float64Array | undefined;
  private pendingCount = 0;
  /** the exact extremes (an encoded histogram keeps its buckets, not the values in them) */
  private minUs = 0;
  private maxUs = 0;

  constructor(private readonly options: { compact?: boolean } = {}) {
    this.buckets = options.compact ? COMPACT : FULL;
  }

  record(ms: number): void {
    const us = Math.min(Math.max(Math.round(ms * 1000), 0), MAX_TRACKABLE_US);
    (this.pending ??= this.buckets.counters())[this.buckets.index(us)]!++;
    this.pendingCount++;
    if (us > this.maxUs) this.maxUs = us;
    if (us > 0 && (us < this.minUs || this.minUs === 0)) this.minUs = us;
  }

  /** The recorded values, for a recorder in another thread or process to add. */
  encode(): EncodedTiming {
    return { histogram: hdr.encodeIntoCompressedBase64(this.flushed()), minUs: this.minUs, maxUs: this.maxUs };
  }

  /** Adds the values another recorder encoded: the same summary as if they had been recorded here. */
  addEncoded(encoded: EncodedTiming): void {
    this.flushed().add(hdr.decodeFromCompressedBase64(encoded.histogram, 64, false));
    this.maxUs = Math.max(this.maxUs, encoded.maxUs);
    if (encoded.minUs > 0 && (encoded.minUs < this.minUs || this.minUs === 0)) this.minUs = encoded.minUs;
  }

  get count(): number {
    return (this.histogram?.totalCount ?? 0) + this.pendingCount;
  }

  summary(): TimingSummary {
    if (this.count === 0) return EMPTY_TIMING;
    const histogram = this.flushed();
    // a bucket's highest equivalent value can exceed the largest value recorded: clamp to it
    const at = (p: number) => Math.min(histogram.getValueAtPercentile(p), this.maxUs) / 1000;
    return {
      count: histogram.totalCount,
      minMs: this.minUs / 1000,
      meanMs: histogram.mean / 1000,
      p50Ms: at(50),
      p90Ms: at(90),
      p95Ms: at(95),
      p99Ms: at(99),
      p999Ms: at(99.9),
      maxMs: this.maxUs / 1000,
    };
  }

  /** The histogram with every value recorded so far: the pending counts go in, one call per counter used. */
  private flushed(): hdr.Histogram {
    const histogram = (this.histogram ??= hdr.build({
      bitBucketSize: this.options.compact ? 32 : 64,
      autoResize: false,
      lowestDiscernibleValue: 1,
      highestTrackableValue: MAX_TRACKABLE_US,
      numberOfSignificantValueDigits: this.options.compact ? 2 : 3,
      useWebAssembly: false,
    }));
    const pending = this.pending;
    if (pending) {
      for (let i = 0; i < pending.length; i++) if (pending[i]! > 0) histogram.recordValueWithCount(this.buckets.lowest(i), pending[i]!);
      this.pending = undefined;
      this.pendingCount = 0;
    }
    return histogram;
  }
}
