import { describe, expect, it } from 'vitest';
import { fisherGreaterPValue, normalQuantile, requestsToDecide, wilsonInterval } from '../../../harness/expect/binomial.js';

describe('normalQuantile', () => {
  it('gives the familiar z values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 5);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });
});

describe('wilsonInterval', () => {
  it('reaches 1.26% for 0 of 300 at 95%: not a proof of 0', () => {
    const i = wilsonInterval(0, 300, 0.95);
    expect(i.lowPct).toBe(0);
    expect(i.highPct).toBeCloseTo(1.2643, 3);
  });
  it('matches published values for 85 of 100', () => {
    const i = wilsonInterval(85, 100, 0.95);
    expect(i.lowPct).toBeCloseTo(76.72, 1);
    expect(i.highPct).toBeCloseTo(90.69, 1);
  });
  it('is exactly 100 at the top when every request counts, and narrows with n', () => {
    expect(wilsonInterval(10, 10, 0.95).highPct).toBe(100);
    expect(wilsonInterval(500, 1000, 0.95).highPct - wilsonInterval(500, 1000, 0.95).lowPct).toBeLessThan(wilsonInterval(50, 100, 0.95).highPct - wilsonInterval(50, 100, 0.95).lowPct);
  });
  it('says nothing (0..100) with no requests', () => {
    expect(wilsonInterval(0, 0, 0.95)).toEqual({ lowPct: 0, highPct: 100, confidence: 0.95 });
  });
});

describe('requestsToDecide', () => {
  it('needs about 3,800 clean requests for a 0.1% budget and about 380 for 1%', () => {
    const forTenth = requestsToDecide(0, 0.1, 0.95)!;
    expect(forTenth).toBeGreaterThan(3_800);
    expect(forTenth).toBeLessThan(3_900);
    const forOne = requestsToDecide(0, 1, 0.95)!;
    expect(forOne).toBeGreaterThan(370);
    expect(forOne).toBeLessThan(390);
    expect(wilsonInterval(0, forOne, 0.95).highPct).toBeLessThan(1);
    expect(wilsonInterval(0, forOne - 1, 0.95).highPct).toBeGreaterThanOrEqual(1);
  });
  it('cannot decide a share that sits on the threshold', () => {
    expect(requestsToDecide(5, 5, 0.95)).toBeUndefined();
  });
  it('decides a share far from the threshold with few requests', () => {
    expect(requestsToDecide(100, 50, 0.95)).toBeLessThan(10);
  });
});

describe('fisherGreaterPValue', () => {
  it('matches the hypergeometric tail computed by hand (3 of 10 vs 1 of 10)', () => {
    expect(fisherGreaterPValue(3, 10, 1, 10)).toBeCloseTo(53768 / 184756, 10);
  });
  it('is 1 for equal shares of nothing, and small for a clear difference', () => {
    expect(fisherGreaterPValue(0, 100, 0, 100)).toBe(1);
    expect(fisherGreaterPValue(50, 1000, 5, 1000)).toBeLessThan(1e-8);
    expect(fisherGreaterPValue(5, 1000, 50, 1000)).toBeGreaterThan(0.99);
  });
  it('stays accurate for large totals (Stirling branch)', () => {
    const p = fisherGreaterPValue(120, 100_000, 100, 100_000);
    expect(p).toBeGreaterThan(0.05);
    expect(p).toBeLessThan(0.15);
  });
});
