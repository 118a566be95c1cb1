/** Turns one expectation and a measurement into a Verdict (pure). */
import { compare, parseComparator, type Comparator, type ComparatorUnit } from './comparator.js';
import type { Verdict, VerdictSource } from './verdict.js';

export type ComparatorInput = string | number;

/** A measured number with its human text, or the reason nothing could be measured. */
export type Measurement = { value: number; text: string } | { missing: string };

export function judge(
  expectation: string,
  input: ComparatorInput,
  source: VerdictSource,
  units: ComparatorUnit[],
  measure: (comparator: Comparator) => Measurement,
): Verdict {
  const parsed = parseComparator(input);
  if (!parsed.ok) {
    return { expectation, expected: String(input), measured: `not compared: ${parsed.error}`, measuredValue: null, pass: false, source };
  }
  const comparator = parsed.value;
  const expected = comparator.text;
  const accepted = units.includes(comparator.unit) || (comparator.unit === 'count' && units.includes('number'));
  if (!accepted) {
    const measured = `not compared: ${expected} is a ${comparator.unit}; ${expectation} needs a ${units.join(' or ')}`;
    return { expectation, expected, measured, measuredValue: null, pass: false, source };
  }
  const m = measure(comparator);
  if ('missing' in m) return { expectation, expected, measured: m.missing, measuredValue: null, pass: false, source };
  return { expectation, expected, measured: m.text, measuredValue: m.value, pass: compare(m.value, comparator), source };
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

/** A count as a count or as a share of total, with its human text. */
export function countOf(count: number, total: number, comparator: Comparator, empty: string): Measurement {
  if (comparator.unit === 'share') {
    if (total === 0) return { missing: empty };
    const share = (count / total) * 100;
    const text = formatShare(share, (shown) => compare(shown, comparator) === compare(share, comparator));
    return { value: share, text: `${text} (${count} of ${total})` };
  }
  return { value: count, text: total === 0 ? `${count} (${empty})` : `${count} (${formatShare((count / total) * 100, () => true)} of ${total})` };
}
