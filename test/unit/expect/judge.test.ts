import { describe, expect, it } from 'vitest';
import { parseComparator } from '../../../harness/expect/comparator.js';
import { countOf, formatShare, judge } from '../../../harness/expect/judge.js';
import { DEFAULT_JUDGE_CONTEXT } from '../../../harness/expect/verdict.js';

const ctx = DEFAULT_JUDGE_CONTEXT;
const share = (count: number, total: number) => (c: Parameters<typeof countOf>[2]) => countOf(count, total, c, 'none');

describe('judge', () => {
  it('compares a measurement and keeps the comparison as written', () => {
    expect(judge('x', '>= 2', 'client', ['count'], () => ({ value: 3, text: 'three' }), ctx)).toEqual({
      expectation: 'x', expected: '>= 2', measured: 'three', measuredValue: 3, pass: true, result: 'pass', source: 'client',
    });
  });

  it('is inconclusive, with the reason, when nothing was measured', () => {
    expect(judge('x', 0, 'container', ['count'], () => ({ missing: 'no such backend ran' }), ctx)).toEqual({
      expectation: 'x', expected: '0', measured: 'no such backend ran', measuredValue: null, pass: false, result: 'inconclusive', source: 'container',
    });
  });

  it('accepts a whole number where a number is wanted, but not a fraction where a count is', () => {
    expect(judge('x', 1, 'client', ['number'], () => ({ value: 1, text: '1' }), ctx).pass).toBe(true);
    expect(judge('x', '1.5', 'client', ['count'], () => ({ value: 1.5, text: '1.5' }), ctx)).toMatchObject({
      measured: 'not compared: 1.5 is a number; x needs a count', measuredValue: null, pass: false, result: 'fail',
    });
  });

  it('fails, without measuring, a comparison that does not parse', () => {
    let measured = false;
    const verdict = judge('x', 'lots', 'client', ['count'], () => { measured = true; return { value: 1, text: '1' }; }, ctx);
    expect(measured).toBe(false);
    expect(verdict).toMatchObject({ expected: 'lots', measured: 'not compared: is not a comparison like ">= 99%", "0", "< 1.5s"', result: 'fail' });
  });
});

describe('judge on shares', () => {
  it('decides an equality on the count of this run, with no interval', () => {
    const verdict = judge('status.504', '100%', 'client', ['share'], share(160, 160), ctx);
    expect(verdict).toMatchObject({ result: 'pass', measured: '100% (160 of 160)' });
    expect(verdict.interval).toBeUndefined();
    expect(judge('status.504', '100%', 'client', ['share'], share(159, 160), ctx).result).toBe('fail');
  });

  it('passes an inequality only when the whole interval holds', () => {
    const verdict = judge('failed', '<= 1%', 'client', ['share'], share(0, 1000), ctx);
    expect(verdict.result).toBe('pass');
    expect(verdict.interval!.highPct).toBeLessThan(1);
    expect(verdict.measured).toBe('0% (0 of 1000) · 95% CI 0%–0.383%');
  });

  it('calls 0 of 300 against a 0.1% budget inconclusive, and says how many requests would decide it', () => {
    const verdict = judge('failed', '<= 0.1%', 'client', ['share'], share(0, 300), ctx);
    expect(verdict.result).toBe('inconclusive');
    expect(verdict.pass).toBe(false);
    expect(verdict.requestsToDecide).toBeGreaterThan(3_800);
    expect(verdict.requestsToDecide).toBeLessThan(3_900);
  });

  it('names no count when the share sits a hair from its threshold (4 of 401 against 1%: millions)', () => {
    const verdict = judge('failed', '<= 1%', 'client', ['share'], share(4, 401), ctx);
    expect(verdict.result).toBe('inconclusive');
    expect(verdict.requestsToDecide).toBeUndefined();
    const near = judge('failed', '<= 1%', 'client', ['share'], share(2, 401), ctx);
    expect(near.result).toBe('inconclusive');
    expect(near.requestsToDecide).toBeGreaterThan(401);
    expect(near.requestsToDecide).toBeLessThanOrEqual(1_000_000);
  });

  it('fails an inequality when the whole interval misses it', () => {
    expect(judge('status.200', '>= 80%', 'client', ['share'], share(60, 200), ctx).result).toBe('fail');
    expect(judge('status.200', '>= 80%', 'client', ['share'], share(190, 200), ctx).result).toBe('pass');
    expect(judge('status.200', '>= 80%', 'client', ['share'], share(82, 100), ctx).result).toBe('inconclusive');
  });

  it('narrows with a lower confidence', () => {
    const loose = { confidence: 0.8 };
    expect(judge('status.200', '>= 80%', 'client', ['share'], share(86, 100), ctx).result).toBe('inconclusive');
    expect(judge('status.200', '>= 80%', 'client', ['share'], share(86, 100), loose).result).toBe('pass');
  });

  it('never compares a share or a count over nothing', () => {
    const zero = parseComparator(0);
    if (!zero.ok) throw new Error('0 must parse');
    expect(countOf(0, 0, zero.value, 'no request was sent')).toEqual({ missing: 'no request was sent' });
    expect(judge('status.5xx', 0, 'client', ['share', 'count'], share(0, 0), ctx).result).toBe('inconclusive');
  });
});

describe('formatShare', () => {
  it('uses as few decimals as tell the truth', () => {
    expect(formatShare(50, () => true)).toBe('50%');
    expect(formatShare(98.96, () => true)).toBe('99%');
    expect(formatShare(98.96, (shown) => shown < 99)).toBe('98.96%');
    expect(formatShare(99.9999, () => true)).toBe('99.9999%');
    expect(formatShare(0.0004, () => true)).toBe('0.0004%');
    expect(formatShare(100, () => true)).toBe('100%');
    expect(formatShare(0, () => true)).toBe('0%');
  });
});
