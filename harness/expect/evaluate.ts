/**
 * evaluate(expectations, observation): one Verdict per expectation, in the order the scenario
 * wrote them. Pure: reads only the Observation. A failed or unmeasurable expectation is a Verdict
 * with pass false; this function never throws for one.
 *
 * Note on order: JavaScript orders integer-like object keys ("200", "504") ascending before the
 * other keys, so within `status` the codes come out sorted, then the classes ("5xx") as written.
 */
import type { Observation, TimingSummary } from '../observe/observation.js';
import type { Expectations } from '../scenario/schema.js';
import { formatMs } from '../scenario/units.js';
import { compare, parseComparator, type Comparator, type ComparatorUnit } from './comparator.js';
import type { Verdict, VerdictSource } from './verdict.js';

type ComparatorInput = string | number;
type TimingSection = 'latency' | 'upstream_connect_time' | 'upstream_header_time' | 'upstream_response_time';

/** A measured number with its human text, or the reason nothing could be measured. */
type Measurement = { value: number; text: string } | { missing: string };

const PERCENTILE_FIELD: Record<string, keyof TimingSummary> = {
  p50: 'p50Ms', p90: 'p90Ms', p95: 'p95Ms', p99: 'p99Ms', 'p99.9': 'p999Ms', max: 'maxMs', mean: 'meanMs',
};

export function evaluate(expectations: Expectations, observation: Observation): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const section of Object.keys(expectations) as (keyof Expectations)[]) {
    switch (section) {
      case 'status':
        for (const [key, input] of entries(expectations.status)) {
          verdicts.push(judge(`status.${key}`, input, 'client', ['share', 'count'], (c) => measureStatus(key, c, observation)));
        }
        break;
      case 'error_log':
        for (const [key, input] of entries(expectations.error_log)) {
          verdicts.push(judge(`error_log.${key}`, input, 'error_log', ['count'], () => measureSignature(key, observation)));
        }
        break;
      case 'latency':
      case 'upstream_connect_time':
      case 'upstream_header_time':
      case 'upstream_response_time': {
        const summary = timingSummaryOf(section, observation);
        const source: VerdictSource = section === 'latency' ? 'client' : 'access_log';
        for (const [key, input] of entries(expectations[section])) {
          verdicts.push(judge(`${section}.${key}`, input, source, ['duration'], (c) => measureTiming(summary, key, c)));
        }
        break;
      }
    }
  }
  return verdicts;
}

function entries(record: Partial<Record<string, ComparatorInput>> | undefined): [string, ComparatorInput][] {
  const result: [string, ComparatorInput][] = [];
  for (const [key, value] of Object.entries(record ?? {})) if (value !== undefined) result.push([key, value]);
  return result;
}

function judge(
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
  if (!units.includes(comparator.unit)) {
    const measured = `not compared: ${expected} is a ${comparator.unit}; ${expectation} needs a ${units.join(' or ')}`;
    return { expectation, expected, measured, measuredValue: null, pass: false, source };
  }
  const m = measure(comparator);
  if ('missing' in m) return { expectation, expected, measured: m.missing, measuredValue: null, pass: false, source };
  return { expectation, expected, measured: m.text, measuredValue: m.value, pass: compare(m.value, comparator), source };
}

function countStatus(key: string, counts: Record<string, number>): number {
  const cls = /^([1-5])xx$/.exec(key);
  if (!cls) return counts[key] ?? 0;
  let count = 0;
  for (const [code, n] of Object.entries(counts)) if (code.length === 3 && code[0] === cls[1]) count += n;
  return count;
}

function measureStatus(key: string, comparator: Comparator, observation: Observation): Measurement {
  const client = observation.client;
  const count = countStatus(key, client.statusCounts);
  const total = client.responses + Object.values(client.transportErrors).reduce((a, b) => a + b, 0);
  if (comparator.unit === 'share') {
    if (total === 0) return { missing: 'no requests completed' };
    const share = (count / total) * 100;
    const text = formatShare(share, (shown) => compare(shown, comparator) === compare(share, comparator));
    return { value: share, text: `${text} (${count} of ${total})` };
  }
  if (total === 0) return { value: count, text: `${count} (no requests completed)` };
  return { value: count, text: `${count} (${formatShare((count / total) * 100, () => true)} of ${total})` };
}

/**
 * A share with as few decimals as tell the truth: never "100%" or "0%" unless exactly so, and
 * never a rounded number that would pass or fail differently from the real one (98.96% is not
 * shown as "99%" next to ">= 99%").
 */
function formatShare(share: number, agrees: (shown: number) => boolean): string {
  for (let decimals = 1; decimals <= 6; decimals++) {
    const shown = Number(share.toFixed(decimals));
    if ((shown === 100) === (share === 100) && (shown === 0) === (share === 0) && agrees(shown)) return `${shown}%`;
  }
  return `${share}%`;
}

function measureSignature(key: string, observation: Observation): Measurement {
  const log = observation.errorLog;
  const count = key === 'unknown'
    ? log.lines.filter((line) => line.signature === 'unknown').length
    : (log.signatureCounts[key] ?? 0);
  return { value: count, text: `${count} ${count === 1 ? 'line' : 'lines'}` };
}

function timingSummaryOf(section: TimingSection, observation: Observation): TimingSummary {
  switch (section) {
    case 'latency': return observation.client.latency;
    case 'upstream_connect_time': return observation.accessLog.upstreamConnectTime;
    case 'upstream_header_time': return observation.accessLog.upstreamHeaderTime;
    case 'upstream_response_time': return observation.accessLog.upstreamResponseTime;
  }
}

function measureTiming(summary: TimingSummary, key: string, comparator: Comparator): Measurement {
  const field = PERCENTILE_FIELD[key];
  if (field === undefined) return { missing: `not compared: ${key} is not one of ${Object.keys(PERCENTILE_FIELD).join(', ')}` };
  if (summary.count === 0) return { missing: 'no samples' };
  const ms = summary[field];
  return { value: ms, text: formatDuration(ms, comparator) };
}

/** formatMs, unless its rounding would pass or fail differently from the real value. */
function formatDuration(ms: number, comparator: Comparator): string {
  const shownMs = ms >= 1000 ? Number((ms / 1000).toFixed(3)) * 1000 : Number(ms.toFixed(1));
  if (compare(shownMs, comparator) === compare(ms, comparator)) return formatMs(ms);
  const precise = Number(ms.toFixed(3));
  return compare(precise, comparator) === compare(ms, comparator) ? `${precise}ms` : `${ms}ms`;
}
