/**
 * evaluate(expectations, observation): one Verdict per expectation, sections in the schema's order
 * (parsing puts them there), entries as written. Pure: reads only the Observation. A failed or unmeasurable expectation is a Verdict
 * with pass false; this function never throws for one.
 *
 * Note on order: JavaScript orders integer-like object keys ("200", "504") ascending before the
 * other keys, so within `status` the codes come out sorted, then the classes ("5xx") as written.
 */
import { failedCount } from '../observe/client-totals.js';
import { FAILURE_KINDS, type Observation, type TimingSummary } from '../observe/observation.js';
import type { Expectations } from '../scenario/schema.js';
import { formatMs } from '../scenario/units.js';
import { compare, type Comparator, type ComparatorUnit } from './comparator.js';
import { evaluateBackends } from './evaluate-backends.js';
import { evaluateTimeExpectations } from './evaluate-windows.js';
import { countOf, countStatus, judge as judgeWith, type ComparatorInput, type Measurement } from './judge.js';

const NOTHING_SENT = 'no request was sent';
import { DEFAULT_JUDGE_CONTEXT, type JudgeContext, type Verdict, type VerdictSource } from './verdict.js';

type TimingSection = 'latency' | 'upstream_connect_time' | 'upstream_header_time' | 'upstream_response_time';


const PERCENTILE_FIELD: Record<string, keyof TimingSummary> = {
  p50: 'p50Ms', p90: 'p90Ms', p95: 'p95Ms', p99: 'p99Ms', 'p99.9': 'p999Ms', max: 'maxMs', mean: 'meanMs',
};

export function evaluate(expectations: Expectations, observation: Observation, context: JudgeContext = DEFAULT_JUDGE_CONTEXT): Verdict[] {
  const verdicts: Verdict[] = [];
  const judge = (expectation: string, input: ComparatorInput, source: VerdictSource, units: ComparatorUnit[], measure: (c: Comparator) => Measurement) =>
    judgeWith(expectation, input, source, units, measure, context);
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
      case 'failed':
        if (expectations.failed !== undefined) {
          verdicts.push(judge('failed', expectations.failed, 'client', ['share', 'count'], (c) => {
            const client = observation.client;
            return countOf(countStatus('5xx', client.statusCounts) + failedCount(client), client.sent, c, NOTHING_SENT);
          }));
        }
        break;
      case 'transport_errors':
        if (expectations.transport_errors !== undefined) {
          verdicts.push(judge('transport_errors', expectations.transport_errors, 'client', ['share', 'count'], (c) => countOf(failedCount(observation.client), observation.client.sent, c, NOTHING_SENT)));
        }
        break;
      case 'truncated_responses':
        if (expectations.truncated_responses !== undefined) {
          verdicts.push(judge('truncated_responses', expectations.truncated_responses, 'client', ['share', 'count'], (c) => {
            const client = observation.client;
            return countOf(client.failed[FAILURE_KINDS.truncated] ?? 0, client.sent, c, NOTHING_SENT);
          }));
        }
        break;
      case 'upstream_status':
        for (const [key, input] of entries(expectations.upstream_status)) {
          verdicts.push(judge(`upstream_status.${key}`, input, 'access_log', ['share', 'count'], (c) => measureSequence(key, c, observation)));
        }
        break;
      case 'backends':
        verdicts.push(...evaluateBackends(expectations.backends ?? {}, observation, context));
        break;
      case 'windows':
      case 'max_interval_share':
      case 'recovery':
        verdicts.push(...evaluateTimeExpectations({ [section]: expectations[section] }, observation, context));
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

/** Shares of requests are of every request sent: a request without a complete response counts. */
function measureStatus(key: string, comparator: Comparator, observation: Observation): Measurement {
  const client = observation.client;
  return countOf(countStatus(key, client.statusCounts), client.sent, comparator, NOTHING_SENT);
}

function measureSequence(key: string, comparator: Comparator, observation: Observation): Measurement {
  const sequences = observation.accessLog.upstreamStatusSequences;
  const total = Object.values(sequences).reduce((a, b) => a + b, 0);
  return countOf(sequences[key] ?? 0, total, comparator, 'no requests in the access log');
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
