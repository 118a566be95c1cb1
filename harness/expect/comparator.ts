/**
 * Comparisons as scenarios write them: 0, ">= 1", "100%", ">= 99%", "< 1.5s", "<= 800ms".
 * A bare number or a number with % compares for equality.
 */
import { err, ok, type Result } from '../result.js';
import { parseDurationMs } from '../scenario/units.js';

export type ComparatorOp = '==' | '!=' | '>=' | '<=' | '>' | '<';
/** count: a whole number; number: a fraction (e.g. CPU cores); share: percent 0..100; duration: ms. */
export type ComparatorUnit = 'count' | 'number' | 'share' | 'duration';

export interface Comparator {
  op: ComparatorOp;
  /** count as is, share in percent (0..100), duration in milliseconds */
  value: number;
  unit: ComparatorUnit;
  /** as the scenario wrote it, for reports */
  text: string;
}

const GRAMMAR = /^(==|=|!=|>=|<=|>|<)?\s*([0-9]+(?:\.[0-9]+)?)\s*(%|ms|s|m)?$/;

export function parseComparator(input: string | number): Result<Comparator> {
  const text = String(input).trim();
  const match = GRAMMAR.exec(text);
  if (!match) return err('is not a comparison like ">= 99%", "0", "< 1.5s"');
  const op = (match[1] === '=' || match[1] === undefined ? '==' : match[1]) as ComparatorOp;
  const number = Number(match[2]);
  const suffix = match[3];
  if (suffix === '%') {
    if (number > 100) return err('is a share above 100%');
    return ok({ op, value: number, unit: 'share', text });
  }
  if (suffix !== undefined) {
    return ok({ op, value: parseDurationMs(`${match[2]}${suffix}`)!, unit: 'duration', text });
  }
  return ok({ op, value: number, unit: Number.isInteger(number) ? 'count' : 'number', text });
}

export function compare(measured: number, comparator: Comparator): boolean {
  const expected = comparator.value;
  // No rounding: "100%" must mean every request (count / total * 100 is exactly 100 then).
  const a = measured;
  switch (comparator.op) {
    case '==': return a === expected;
    case '!=': return a !== expected;
    case '>=': return a >= expected;
    case '<=': return a <= expected;
    case '>': return a > expected;
    case '<': return a < expected;
  }
}
