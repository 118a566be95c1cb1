/** The cause rules on hand-written incidents, and the temporal pattern they read. */
import { describe, expect, it } from 'vitest';
import { diagnoseTexts } from '../../../harness/diagnose/diagnose.js';
import { CASES } from './cases.js';
import { classifyPattern, type PatternPoint } from '../../../harness/diagnose/temporal-pattern.js';
import { TimeSeries, rebucket } from '../../../harness/diagnose/time-series.js';

describe('causes, ranked', () => {
  for (const [name, make] of Object.entries(CASES)) {
    it(`${name}: ${make().expected} comes first`, () => {
      const c = make();
      const { diagnosis } = diagnoseTexts(c);
      const top = diagnosis.causes[0];
      expect(top?.id, JSON.stringify(diagnosis.causes.map((x) => [x.id, x.confidence, x.score]))).toBe(c.expected);
      expect(top!.evidence.length).toBeGreaterThan(0);
      expect(top!.fixes.length).toBeGreaterThan(0);
    });
  }

  it('without an access log, still ranks from the error log alone and says what it lacks', () => {
    const c = CASES['read timeout below latency']!();
    const { diagnosis } = diagnoseTexts({ errorLog: c.errorLog });
    expect(diagnosis.causes[0]?.id).toBe('timeout-below-latency');
    expect(diagnosis.causes[0]?.confidence).toBe('medium');
    expect(diagnosis.statusMix).toEqual({ source: 'error-log', requests: null, counts: { '504': 50 } });
    expect(diagnosis.notes.join('\n')).toMatch(/no access log given/);
  });

  it('an empty error log: no causes', () => {
    const { diagnosis } = diagnoseTexts({ errorLog: '' });
    expect(diagnosis.causes).toEqual([]);
    expect(diagnosis.pattern.kind).toBe('none');
  });
});

const points = (n: number, f: (i: number) => [errors: number, requests: number | null]): PatternPoint[] =>
  Array.from({ length: n }, (_, i) => ({ startS: 1000 + i, errors: f(i)[0], requests: f(i)[1] }));

describe('classifyPattern', () => {
  it('a brief storm: most errors in a few seconds of a long log', () => {
    const p = classifyPattern(points(600, (i) => [i >= 300 && i < 305 ? 20 : 0, 10]), 1, 1000, 1599);
    expect(p.kind).toBe('storm');
    expect(p.densestWindow?.lengthS).toBeLessThanOrEqual(20);
  });

  it('a steady share: errors in most buckets at the same rate', () => {
    const p = classifyPattern(points(300, (i) => [i % 2 === 0 ? 2 : 1, 100]), 1, 1000, 1299);
    expect(p.kind).toBe('steady');
  });

  it('errors that follow traffic: the share rises with the request rate', () => {
    const p = classifyPattern(points(600, (i) => {
      const requests = 50 + 50 * Math.sin(i / 30) + 50;
      return [Math.round(requests > 120 ? (requests - 120) * 0.5 : 0), Math.round(requests)];
    }), 1, 1000, 1599);
    expect(p.kind).toBe('follows-traffic');
    expect(p.shareVsTraffic).toBeGreaterThan(0.5);
  });

  it('sporadic errors, and none', () => {
    expect(classifyPattern(points(600, (i) => [i % 97 === 0 ? 1 : 0, 10]), 1, 1000, 1599).kind).toBe('sporadic');
    expect(classifyPattern(points(10, () => [0, 10]), 1, 1000, 1009).kind).toBe('none');
  });
});

describe('TimeSeries', () => {
  it('keeps at most maxBuckets by doubling the width, without losing counts', () => {
    const series = new TimeSeries(8);
    for (let s = 0; s < 100; s += 1) series.add(s, 'n');
    const snap = series.snapshot();
    expect(snap.buckets.length).toBeLessThanOrEqual(8);
    expect(snap.widthS).toBe(16);
    expect(snap.buckets.reduce((sum, b) => sum + (b.counts.n ?? 0), 0)).toBe(100);
    expect(rebucket(snap, 50).buckets.reduce((sum, b) => sum + (b.counts.n ?? 0), 0)).toBe(100);
  });
});
