/** Turns one expectation and a measurement into a Verdict (pure). */
import { requestsToDecide, wilsonInterval } from './binomial.js';
import { compare, parseComparator, type Comparator, type ComparatorUnit } from './comparator.js';
import { LIMITS } from '../scenario/schema-parts.js';
import type { JudgeContext, Verdict, VerdictResult, VerdictSource } from './verdict.js';

export type ComparatorInput = string | number;

/**
 * A measured number with its human text, or the reason nothing could be measured. A share also
 * carries its count and total, so that its interval can be computed.
 */
export type Measurement = { value: number; text: string; count?: number; total?: number } | { missing: string };

export function judge(
  expectation: string,
  input: ComparatorInput,
  source: VerdictSource,
  units: ComparatorUnit[],
  measure: (comparator: Comparator) => Measurement,
  context: JudgeContext,
): Verdict {
  const verdict = (expected: string, measured: string, measuredValue: number | null, result: VerdictResult): Verdict =>
    ({ expectation, expected, measured, measuredValue, pass: result === 'pass', result, source });
  const parsed = parseComparator(input);
  if (!parsed.ok) return verdict(String(input), `not compared: ${parsed.error}`, null, 'fail');
  const comparator = parsed.value;
  const expected = comparator.text;
  const accepted = units.includes(comparator.unit) || (comparator.unit === 'count' && units.includes('number'));
  if (!accepted) return verdict(expected, `not compared: ${expected} is a ${comparator.unit}; ${expectation} needs a ${units.join(' or ')}`, null, 'fail');
  const m = measure(comparator);
  if ('missing' in m) return verdict(expected, m.missing, null, 'inconclusive');
  if (comparator.unit !== 'share' || m.count === undefined || m.total === undefined) {
    return verdict(expected, m.text, m.value, compare(m.value, comparator) ? 'pass' : 'fail');
  }
  return judgeShare(verdict(expected, m.text, m.value, 'pass'), comparator, m.count, m.total, context);
}

/**
 * A share: an equality ("100%", "0%") is a statement about the requests of this run and is
 * decided on the count; an inequality ("<= 1%") is a statement about the rate, decided on the
 * interval: pass when all of it holds, fail when none of it does, inconclusive in between.
 */
function judgeShare(base: Verdict, comparator: Comparator, count: number, total: number, context: JudgeContext): Verdict {
  const share = (count / total) * 100;
  if (comparator.op === '==' || comparator.op === '!=') {
    const result = compare(share, comparator) ? 'pass' : 'fail';
    return { ...base, pass: result === 'pass', result };
  }
  const interval = wilsonInterval(count, total, context.confidence);
  const withInterval = { ...base, interval, measured: `${base.measured} · ${formatInterval(interval)}` };
  const decide = (result: VerdictResult): Verdict => ({ ...withInterval, pass: result === 'pass', result });
  const holdsAtLow = compare(interval.lowPct, comparator);
  const holdsAtHigh = compare(interval.highPct, comparator);
  if (holdsAtLow && holdsAtHigh) return decide('pass');
  if (!holdsAtLow && !holdsAtHigh) return decide('fail');
  // Only a count a scenario can send is worth naming: a share a hair from its threshold would
  // otherwise ask for tens of millions of requests.
  const needed = requestsToDecide(share, comparator.value, context.confidence, LIMITS.maxRequests);
  const inconclusive = decide('inconclusive');
  return needed !== undefined && needed > total ? { ...inconclusive, requestsToDecide: needed } : inconclusive;
}

/** "95% CI 0–1.26%" */
export function formatInterval(interval: { lowPct: number; highPct: number; confidence: number }): string {
  const pct = (x: number) => `${Number(x.toPrecision(3))}%`;
  return `${Number((interval.confidence * 100).toFixed(2))}% CI ${pct(interval.lowPct)}–${pct(interval.highPct)}`;
}

/**
 * A share with as few decimals as tell the truth: never "100%" or "0%" unless exactly so, and
 * never a rounded number that would pass or fail differently from the real one (98.96% is not
 * shown as "99%" next to ">= 99%").
 */
export function formatShare(share: number, agrees: (shown: number) => boolean): string {
  for (let decimals = 1; decimals <= 6; decimals++) {
    const shown = Number(share.toFixed(decimals));
    if ((shown === 100) === (share === 100) && (shown === 0) === (share === 0) && agrees(shown)) return `${shown}%`;
  }
  return `${share}%`;
}

/** Responses with a code ("504") or in a class ("5xx"). */
export function countStatus(key: string, counts: Record<string, number>): number {
  const cls = /^([1-5])xx$/.exec(key);
  if (!cls) return counts[key] ?? 0;
  let count = 0;
  for (const [code, n] of Object.entries(counts)) if (code.length === 3 && code[0] === cls[1]) count += n;
  return count;
}

/**
 * A count as a count or as a share of total, with its human text. Nothing measured is never a
 * pass: with a total of 0 even "0" is not compared.
 */
export function countOf(count: number, total: number, comparator: Comparator, empty: string): Measurement {
  if (total === 0) return { missing: empty };
  if (comparator.unit === 'share') {
    const share = (count / total) * 100;
    const text = formatShare(share, (shown) => compare(shown, comparator) === compare(share, comparator));
    return { value: share, text: `${text} (${count} of ${total})`, count, total };
  }
  return { value: count, text: `${count} (${formatShare((count / total) * 100, () => true)} of ${total})` };
}
