import { describe, expect, it } from 'vitest';
import { formatShare, judge } from '../../../harness/expect/judge.js';

describe('judge', () => {
  it('compares a measurement and keeps the comparison as written', () => {
    expect(judge('x', '>= 2', 'client', ['count'], () => ({ value: 3, text: 'three' }))).toEqual({
      expectation: 'x', expected: '>= 2', measured: 'three', measuredValue: 3, pass: true, source: 'client',
    });
  });

  it('fails with the reason when nothing was measured', () => {
    expect(judge('x', 0, 'container', ['count'], () => ({ missing: 'no such backend ran' }))).toEqual({
      expectation: 'x', expected: '0', measured: 'no such backend ran', measuredValue: null, pass: false, source: 'container',
    });
  });

  it('accepts a whole number where a number is wanted, but not a fraction where a count is', () => {
    expect(judge('x', 1, 'client', ['number'], () => ({ value: 1, text: '1' })).pass).toBe(true);
    expect(judge('x', '1.5', 'client', ['count'], () => ({ value: 1.5, text: '1.5' }))).toMatchObject({
      measured: 'not compared: 1.5 is a number; x needs a count', measuredValue: null, pass: false,
    });
  });

  it('fails, without measuring, a comparison that does not parse', () => {
    let measured = false;
    const verdict = judge('x', 'lots', 'client', ['count'], () => { measured = true; return { value: 1, text: '1' }; });
    expect(measured).toBe(false);
    expect(verdict).toEqual({
      expectation: 'x', expected: 'lots', measured: 'not compared: is not a comparison like ">= 99%", "0", "< 1.5s"', measuredValue: null, pass: false, source: 'client',
    });
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
