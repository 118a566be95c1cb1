import { describe, expect, it } from 'vitest';
import { logNormalSampler, seededRandom, seedFromName } from '../../../backends/random.js';

function draw(random: () => number, n: number): number[] {
  return Array.from({ length: n }, () => random());
}

/** nearest-rank quantile of sorted values */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(seededRandom(42), 1000)).toEqual(draw(seededRandom(42), 1000));
  });

  it('gives a different sequence for another seed', () => {
    const a = draw(seededRandom(42), 100);
    const b = draw(seededRandom(43), 100);
    expect(a).not.toEqual(b);
    expect(a.filter((v, i) => v === b[i])).toHaveLength(0);
  });

  it('draws values in [0, 1), spread over the whole range', () => {
    const values = draw(seededRandom(7), 100_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const deciles = new Array<number>(10).fill(0);
    for (const v of values) deciles[Math.floor(v * 10)]!++;
    for (const count of deciles) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('treats seeds modulo 2^32, like the unsigned 32-bit state it keeps', () => {
    expect(draw(seededRandom(2 ** 32 + 5), 10)).toEqual(draw(seededRandom(5), 10));
    expect(draw(seededRandom(-1), 10)).toEqual(draw(seededRandom(2 ** 32 - 1), 10));
  });

  it('matches mulberry32 for seed 42', () => {
    // reference values of mulberry32(42), the generator the file names
    const random = seededRandom(42);
    expect([random(), random(), random()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });
});

describe('seedFromName', () => {
  it('is stable and an unsigned 32-bit integer', () => {
    expect(seedFromName('app-1')).toBe(seedFromName('app-1'));
    const seed = seedFromName('app-1');
    expect(Number.isInteger(seed)).toBe(true);
    expect(seed).toBeGreaterThanOrEqual(0);
    expect(seed).toBeLessThan(2 ** 32);
  });

  it('is FNV-1a: the empty name gives the offset basis, "a" its known hash', () => {
    expect(seedFromName('')).toBe(2166136261);
    expect(seedFromName('a')).toBe(0xe40c292c);
    expect(seedFromName('foobar')).toBe(0xbf9cf968);
  });

  it('differs between replicas', () => {
    const seeds = ['app-1', 'app-2', 'app-3', 'db-1'].map(seedFromName);
    expect(new Set(seeds).size).toBe(4);
  });
});

describe('logNormalSampler', () => {
  it('has the requested median and p99', () => {
    const sample = logNormalSampler(200, 800, seededRandom(1));
    const values = draw(sample, 100_000).sort((a, b) => a - b);
    expect(values.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    const median = quantile(values, 0.5);
    const p99 = quantile(values, 0.99);
    expect(Math.abs(median - 200) / 200).toBeLessThan(0.03);
    expect(Math.abs(p99 - 800) / 800).toBeLessThan(0.05);
    // a log-normal with median 200 and p99 800 has p1 = 200² / 800 = 50
    expect(Math.abs(quantile(values, 0.01) - 50) / 50).toBeLessThan(0.05);
  });

  it('is the same for the same seed', () => {
    expect(draw(logNormalSampler(100, 1000, seededRandom(9)), 50)).toEqual(draw(logNormalSampler(100, 1000, seededRandom(9)), 50));
  });

  it('is a fixed value when p99 equals the median', () => {
    const values = draw(logNormalSampler(300, 300, seededRandom(3)), 100);
    for (const v of values) expect(v).toBeCloseTo(300, 9);
  });
});
