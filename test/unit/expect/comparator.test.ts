import { describe, expect, it } from 'vitest';
import { compare, parseComparator, type Comparator } from '../../../harness/expect/comparator.js';

function parsed(input: string | number): Comparator {
  const result = parseComparator(input);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to parse: ${result.error}`);
  return result.value;
}

function parseError(input: string | number): string {
  const result = parseComparator(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} not to parse`);
  return result.error;
}

describe('parseComparator', () => {
  it.each([
    [0, { op: '==', value: 0, unit: 'count', text: '0' }],
    ['0', { op: '==', value: 0, unit: 'count', text: '0' }],
    ['>= 1', { op: '>=', value: 1, unit: 'count', text: '>= 1' }],
    ['>=1', { op: '>=', value: 1, unit: 'count', text: '>=1' }],
    ['= 5', { op: '==', value: 5, unit: 'count', text: '= 5' }],
    ['== 5', { op: '==', value: 5, unit: 'count', text: '== 5' }],
    ['!= 0', { op: '!=', value: 0, unit: 'count', text: '!= 0' }],
    ['100%', { op: '==', value: 100, unit: 'share', text: '100%' }],
    ['>= 99%', { op: '>=', value: 99, unit: 'share', text: '>= 99%' }],
    ['< 0.5%', { op: '<', value: 0.5, unit: 'share', text: '< 0.5%' }],
    ['< 1.5s', { op: '<', value: 1500, unit: 'duration', text: '< 1.5s' }],
    ['<= 800ms', { op: '<=', value: 800, unit: 'duration', text: '<= 800ms' }],
    ['> 1m', { op: '>', value: 60_000, unit: 'duration', text: '> 1m' }],
    ['  >= 2s  ', { op: '>=', value: 2000, unit: 'duration', text: '>= 2s' }],
  ] as const)('parses %j', (input, expected) => {
    expect(parsed(input)).toEqual(expected);
  });

  it('rejects a letter O typed for a zero', () => {
    expect(parseError('5O4%')).toMatch(/not a comparison/);
  });

  it('rejects a share above 100%', () => {
    expect(parseError('>= 101%')).toMatch(/above 100%/);
  });

  it('reads a fraction as a number, not a count (a count expectation refuses it in the schema)', () => {
    expect(parseComparator('1.5')).toEqual({ ok: true, value: { op: '==', value: 1.5, unit: 'number', text: '1.5' } });
    expect(parseComparator('<= 0.1')).toEqual({ ok: true, value: { op: '<=', value: 0.1, unit: 'number', text: '<= 0.1' } });
  });

  it.each(['', 'abc', '-1', '>= ', '=> 5', '5 %%', '99 percent', '1.5h', '>>= 1'])('rejects %j', (input) => {
    expect(parseComparator(input).ok).toBe(false);
  });
});

describe('compare', () => {
  it.each([
    ['== 5', 5, true], ['== 5', 4, false],
    ['!= 0', 1, true], ['!= 0', 0, false],
    ['>= 99%', 99, true], ['>= 99%', 98.99, false], ['>= 99%', 100, true],
    ['<= 800ms', 800, true], ['<= 800ms', 800.1, false],
    ['> 1', 2, true], ['> 1', 1, false],
    ['< 1.5s', 1499.9, true], ['< 1.5s', 1500, false],
  ] as const)('%s against %d is %s', (text, measured, expected) => {
    expect(compare(measured, parsed(text))).toBe(expected);
  });

  it('treats "100%" as every request, without rounding', () => {
    expect(compare((411 / 412) * 100, parsed('100%'))).toBe(false);
    expect(compare((412 / 412) * 100, parsed('100%'))).toBe(true);
  });
});
