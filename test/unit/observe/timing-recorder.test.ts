import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { EMPTY_TIMING, HdrBuckets, TimingRecorder } from '../../../harness/observe/timing-recorder.js';

/** The same histogram built and filled by hdr-histogram-js itself. */
function hdrOf(values: number[], compact: boolean): hdr.Histogram {
  const histogram = hdr.build({
    bitBucketSize: compact ? 32 : 64, autoResize: false, lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: compact ? 2 : 3, useWebAssembly: false,
  });
  for (const us of values) histogram.recordValue(us);
  return histogram;
}

/** values in µs: edges of the buckets, and a spread like a load's latencies */
function valuesUs(): number[] {
  const values = [0, 1, 2, 127, 128, 255, 256, 1023, 1024, 2047, 2048, 2049, 3_600_000_000, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1];
  for (let k = 1; k < 32; k++) values.push(2 ** k - 1, 2 ** k, 2 ** k + 1);
  let seed = 7;
  for (let i = 0; i < 20_000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    values.push(Math.floor((seed / 2 ** 31) ** 4 * 5_000_000));
  }
  return values.filter((v) => v <= 3_600_000_000);
}

describe('TimingRecorder', () => {
  it.each([false, true])('counts every value in the counter hdr-histogram-js uses (compact: %s): the same encoding and percentiles', (compact) => {
    const values = valuesUs();
    const recorder = new TimingRecorder({ compact });
    for (const us of values) recorder.record(us / 1000);
    const reference = hdrOf(values, compact);
    expect(recorder.encode().histogram).toBe(hdr.encodeIntoCompressedBase64(reference));
    const summary = recorder.summary();
    expect(summary.count).toBe(values.length);
    expect(summary.p50Ms).toBe(reference.getValueAtPercentile(50) / 1000);
    expect(summary.p99Ms).toBe(reference.getValueAtPercentile(99) / 1000);
    expect(summary.meanMs).toBeCloseTo(reference.mean / 1000, 9);
    expect(summary.maxMs).toBe(3_600_000);
    expect(summary.minMs).toBe(0.001);
  });

  it.each([[3, false], [2, true]] as const)('maps the lowest value of each counter back to it (%i digits)', (digits, compact) => {
    const buckets = new HdrBuckets(digits, compact);
    for (let i = 0; i < buckets.length; i++) expect(buckets.index(buckets.lowest(i))).toBe(i);
    expect(buckets.length).toBeLessThanOrEqual(compact ? 3328 : 23552);
  });

  it('keeps counting after a summary, and adds what another recorder encoded', () => {
    const a = new TimingRecorder();
    const b = new TimingRecorder();
    expect(a.summary()).toEqual(EMPTY_TIMING);
    a.record(1);
    expect(a.summary().count).toBe(1);
    a.record(3);
    b.record(2);
    b.record(0.5);
    a.addEncoded(b.encode());
    expect(a.count).toBe(4);
    expect(a.summary()).toMatchObject({ count: 4, minMs: 0.5, maxMs: 3, p50Ms: 1 });
    expect(a.encode().histogram).toBe(hdr.encodeIntoCompressedBase64(hdrOf([1000, 3000, 2000, 500], false)));
  });
});
