/**
 * Expectations over time (pure): counts and shares inside windows relative to the start or to a
 * chaos action, the highest share in any interval, and recovery time after an action. Times come
 * from the load's series (250 ms intervals); error-log windows use whole seconds, as nginx logs.
 */
import type { IntervalCounts, Observation } from '../observe/observation.js';
import type { Expectations } from '../scenario/schema.js';
import { formatMs, parseDurationMs } from '../scenario/units.js';
import { compare, parseComparator } from './comparator.js';
import { countOf, countStatus, judge as judgeWith, type ComparatorInput, type Measurement } from './judge.js';
import type { ComparatorUnit, Comparator } from './comparator.js';
import type { JudgeContext, Verdict, VerdictSource } from './verdict.js';

type Judge = (expectation: string, input: ComparatorInput, source: VerdictSource, units: ComparatorUnit[], measure: (c: Comparator) => Measurement) => Verdict;

type Window = NonNullable<Expectations['windows']>[number];
type Recovery = NonNullable<Expectations['recovery']>;

/**
 * A time reference as ms from the load's start, or why it cannot be placed. An action's time is
 * when it was asked for (its declared time, give or take the timer), which is what a scenario
 * controls; when it took effect is in the timeline beside it.
 */
export function resolveTime(reference: string, observation: Observation): { ms: number } | { missing: string } {
  const absolute = parseDurationMs(reference);
  if (absolute !== undefined) return { ms: absolute };
  const m = /^([a-z0-9][a-z0-9-]*?)(?:\s*([+-])\s*(\d+(?:\.\d+)?(?:ms|s)))?$/.exec(reference);
  const entry = observation.timeline.find((t) => t.name === m?.[1]);
  if (!m || !entry) return { missing: `not compared: no chaos action named "${m?.[1] ?? reference}" (actions: ${observation.timeline.map((t) => t.name).join(', ') || 'none'})` };
  const at = entry.requestedAtMs;
  if (at === null) return { missing: `not compared: action ${entry.name} never ran (${entry.error ?? 'unknown'})` };
  const offset = m[3] ? parseDurationMs(m[3])! * (m[2] === '-' ? -1 : 1) : 0;
  return { ms: at + offset };
}

export function evaluateTimeExpectations(expectations: Expectations, observation: Observation, context: JudgeContext): Verdict[] {
  const judge: Judge = (expectation, input, source, units, measure) => judgeWith(expectation, input, source, units, measure, context);
  const verdicts: Verdict[] = [];
  (expectations.windows ?? []).forEach((w, i) => verdicts.push(...evaluateWindow(w, w.name ?? `windows[${i}]`, observation, judge)));
  for (const [key, input] of Object.entries(expectations.max_interval_share ?? {})) {
    verdicts.push(judge(`max_interval_share.${key}`, input, 'client', ['share'], () => maxShare(key, observation.client.series)));
  }
  if (expectations.recovery) verdicts.push(evaluateRecovery(expectations.recovery, observation));
  return verdicts;
}

function evaluateWindow(w: Window, label: string, observation: Observation, judge: Judge): Verdict[] {
  const from = resolveTime(w.from, observation);
  const to = w.to === undefined ? { ms: Number.POSITIVE_INFINITY } : resolveTime(w.to, observation);
  const span = 'missing' in from || 'missing' in to ? undefined : { from: from.ms, to: to.ms };
  const unplaced = 'missing' in from ? from.missing : 'missing' in to ? to.missing : '';
  const where = span ? ` in ${formatMs(Math.max(span.from, 0))}..${Number.isFinite(span.to) ? formatMs(span.to) : 'end'}` : '';
  // A window takes the interval its start falls in (what happens from then on is in it) and stops
  // before the interval its end falls in, so "none before the action" never sees the action.
  const step = observation.client.intervalMs;
  const inWindow = span ? observation.client.series.filter((s) => s.startMs >= Math.floor(span.from / step) * step && s.startMs + step <= span.to) : [];
  const verdicts: Verdict[] = [];
  const within = (m: Measurement): Measurement => (span ? ('missing' in m ? m : { ...m, text: `${m.text}${where}` }) : { missing: unplaced });
  for (const [key, input] of Object.entries(w.status ?? {})) {
    verdicts.push(judge(`${label}.status.${key}`, input, 'client', ['share', 'count'], (c) => {
      // A window in which no request ended measured nothing: even "5xx: 0" cannot pass on it.
      if (span && sum(inWindow, total) === 0) return { missing: `no request ended${where}` };
      return within(countOf(sum(inWindow, (s) => countStatus(key, s.statuses)), sum(inWindow, total), c, 'no requests in the window'));
    }));
  }
  for (const [key, input] of Object.entries(w.error_log ?? {})) {
    verdicts.push(judge(`${label}.error_log.${key}`, input, 'error_log', ['count'], () => {
      if (!span) return { missing: unplaced };
      const seconds = (observation.errorLog.series ?? []).filter((s) => s.startMs + 1000 > span.from && s.startMs < span.to);
      const n = seconds.reduce((t, s) => t + (s.signatures[key] ?? 0), 0);
      return { value: n, text: `${n} ${n === 1 ? 'line' : 'lines'}${where}` };
    }));
  }
  for (const [key, input] of Object.entries(w.max_interval_share ?? {})) {
    verdicts.push(judge(`${label}.max_interval_share.${key}`, input, 'client', ['share'], () => within(maxShare(key, inWindow))));
  }
  return verdicts;
}

function evaluateRecovery(r: Recovery, observation: Observation): Verdict {
  const expected = `${r.status} below ${r.below} within ${r.within} after ${r.after}`;
  const verdict = (measured: string, value: number | null, pass: boolean | 'inconclusive'): Verdict => {
    const result = pass === 'inconclusive' ? 'inconclusive' : pass ? 'pass' : 'fail';
    return { expectation: 'recovery', expected, measured, measuredValue: value, pass: result === 'pass', result, source: 'client' };
  };
  const after = resolveTime(r.after, observation);
  if ('missing' in after) return verdict(after.missing, null, 'inconclusive');
  const threshold = parseComparator(r.below);
  if (!threshold.ok) return verdict(`not compared: ${threshold.error}`, null, false);
  const bound = parseDurationMs(r.within)!;
  const below = (s: IntervalCounts) => total(s) === 0 || (countStatus(r.status, s.statuses) / total(s)) * 100 < threshold.value.value;
  const series = observation.client.series.filter((s) => s.startMs + observation.client.intervalMs > after.ms);
  if (series.length === 0) return verdict(`not measured: no request ended after ${r.after}`, null, 'inconclusive');
  // The first interval from which every later interval stays below the threshold.
  let first = series.length;
  while (first > 0 && below(series[first - 1]!)) first--;
  if (first === series.length && series.length > 0) return verdict(`not recovered by the end of the load (${formatMs(series.at(-1)!.startMs - after.ms)} after ${r.after})`, null, false);
  const recoveredAt = first < series.length ? series[first]!.startMs : after.ms;
  const ms = Math.max(recoveredAt - after.ms, 0);
  return verdict(`recovered ${formatMs(ms)} after ${r.after}`, ms, compare(ms, { op: '<=', value: bound, unit: 'duration', text: r.within }));
}

function maxShare(key: string, intervals: IntervalCounts[]): Measurement {
  let best: { share: number; at: number } | undefined;
  for (const s of intervals) {
    if (total(s) === 0) continue;
    const share = (countStatus(key, s.statuses) / total(s)) * 100;
    if (!best || share > best.share) best = { share, at: s.startMs };
  }
  if (!best) return { missing: 'no requests in the window' };
  return { value: best.share, text: `${Number(best.share.toFixed(2))}% at ${formatMs(best.at)}` };
}

function total(s: IntervalCounts): number {
  return Object.values(s.statuses).reduce((a, b) => a + b, 0) + s.failed;
}

function sum(intervals: IntervalCounts[], f: (s: IntervalCounts) => number): number {
  return intervals.reduce((t, s) => t + f(s), 0);
}
