/**
 * Expectations over time, on hand-made series (250 ms intervals) and timelines: where a time
 * reference lands, which intervals a window takes, the worst interval's share, and recovery.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { evaluate } from '../../../harness/expect/evaluate.js';
import { evaluateTimeExpectations, resolveTime } from '../../../harness/expect/evaluate-windows.js';
import { DEFAULT_JUDGE_CONTEXT, type Verdict } from '../../../harness/expect/verdict.js';
import type { ErrorLogInterval, IntervalCounts, Observation, StatusCounts, TimelineEntry } from '../../../harness/observe/observation.js';
import { expectationsSchema } from '../../../harness/scenario/schema.js';
import { makeObservation } from '../../fixtures/observation.js';

/** intervals of 250 ms: [startMs, statuses, transport errors] */
function series(...rows: [number, StatusCounts, number?][]): IntervalCounts[] {
  return rows.map(([startMs, statuses, failed = 0]) => ({ startMs, statuses, failed }));
}

function action(name: string, requestedAtMs: number | null, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  return { name, action: 'kill', target: 'app', plannedAtMs: 1500, requestedAtMs, tookEffectAtMs: requestedAtMs === null ? null : requestedAtMs + 80, ...extra };
}

function observe(intervals: IntervalCounts[], timeline: TimelineEntry[] = [action('outage', 1499)], errorSeries?: ErrorLogInterval[]): Observation {
  const statusCounts: StatusCounts = {};
  for (const s of intervals) for (const [code, n] of Object.entries(s.statuses)) statusCounts[code] = (statusCounts[code] ?? 0) + n;
  return makeObservation({
    client: { intervalMs: 250, series: intervals, statusCounts },
    timeline,
    ...(errorSeries ? { errorLog: { series: errorSeries } } : {}),
  });
}

/** Expectations as a scenario writes them (window defaults such as from: 0s applied by the schema). */
type Written = z.input<typeof expectationsSchema>;

function judged(expectations: Written, observation: Observation): Verdict[] {
  return evaluateTimeExpectations(expectationsSchema.parse(expectations), observation, DEFAULT_JUDGE_CONTEXT);
}

/** 200s until 1.5 s, a storm of 502s, then 200s again from 2.25 s. */
const STORM = series(
  [0, { '200': 10 }], [250, { '200': 10 }], [500, { '200': 10 }], [750, { '200': 10 }], [1000, { '200': 10 }], [1250, { '200': 10 }],
  [1500, { '502': 10 }], [1750, { '502': 8, '200': 2 }], [2000, { '502': 1, '200': 9 }],
  [2250, { '200': 10 }], [2500, { '200': 10 }], [2750, { '200': 10 }],
);

describe('resolveTime', () => {
  it('reads an offset from the start of the load', () => {
    expect(resolveTime('2s', observe([]))).toEqual({ ms: 2000 });
    expect(resolveTime('1500ms', observe([]))).toEqual({ ms: 1500 });
  });

  it('places an action at when it was asked for, not when planned or when it took effect', () => {
    const o = observe([], [action('outage', 1512.5, { plannedAtMs: 1500, tookEffectAtMs: 1600 })]);
    expect(resolveTime('outage', o)).toEqual({ ms: 1512.5 });
    expect(resolveTime('outage+500ms', o)).toEqual({ ms: 2012.5 });
    expect(resolveTime('outage-1s', o)).toEqual({ ms: 512.5 });
    expect(resolveTime('outage - 200ms', o)).toEqual({ ms: 1312.5 });
  });

  it('tells a name ending in a number ("restart-2") from an offset', () => {
    const o = observe([], [action('restart-1', 1000), action('restart-2', 3000)]);
    expect(resolveTime('restart-2', o)).toEqual({ ms: 3000 });
    expect(resolveTime('restart-2+1s', o)).toEqual({ ms: 4000 });
    expect(resolveTime('restart-1-500ms', o)).toEqual({ ms: 500 });
  });

  it('says why a reference cannot be placed: no such action, or it never ran', () => {
    expect(resolveTime('nope+1s', observe([]))).toEqual({ missing: 'not compared: no chaos action named "nope" (actions: outage)' });
    const never = observe([], [action('outage', null, { error: 'not reached: the load ended first' })]);
    expect(resolveTime('outage', never)).toEqual({ missing: 'not compared: action outage never ran (not reached: the load ended first)' });
  });
});

describe('windows', () => {
  it('takes the interval its start falls in and stops before the interval its end falls in', () => {
    // The action at 1499 ms falls in the interval 1250..1500: "to" leaves it out, "from" takes it.
    const [before, after] = judged({ windows: [{ name: 'before', from: '0s', to: 'outage', status: { '200': '>= 1' } }, { name: 'after', from: 'outage', status: { '200': '>= 1' } }] }, observe(STORM));
    expect(before).toMatchObject({ expectation: 'before.status.200', pass: true, measuredValue: 50, measured: '50 (100% of 50) in 0ms..1.499s' });
    expect(after).toMatchObject({ expectation: 'after.status.200', pass: true, measuredValue: 51, measured: '51 (72.9% of 70) in 1.499s..end' });
  });

  it('judges shares and counts per code and class inside the window only', () => {
    const verdicts = judged({ windows: [{ name: 'storm', from: 'outage', to: 'outage+1s', status: { '502': '>= 1', '5xx': '>= 60%', '200': 0 } }] }, observe(STORM));
    // outage..outage+1s = 1499..2499: the intervals 1250, 1500, 1750 and 2000 (2250 holds the end)
    expect(verdicts.map((v) => [v.expectation, v.pass, v.measured])).toEqual([
      ['storm.status.200', false, '21 (52.5% of 40) in 1.499s..2.499s'],
      ['storm.status.502', true, '19 (47.5% of 40) in 1.499s..2.499s'],
      ['storm.status.5xx', false, '47.5% (19 of 40) in 1.499s..2.499s · 95% CI 32.9%–62.5%'],
    ]);
  });

  it('counts requests without a status in the window total', () => {
    const [v] = judged({ windows: [{ from: '1s', to: '1500ms', status: { '5xx': '0%' } }] }, observe(series([1000, { '200': 6 }, 2], [1250, { '200': 2 }])));
    expect(v).toMatchObject({ expectation: 'windows[0].status.5xx', pass: true, measured: '0% (0 of 10) in 1s..1.5s' });
  });

  it('fails a share and a count in a window in which no request ended: nothing was measured', () => {
    const [share, count] = judged({ windows: [{ name: 'quiet', from: '5s', status: { '200': '100%', '5xx': 0 } }] }, observe(STORM));
    expect(share).toMatchObject({ pass: false, measured: 'no request ended in 5s..end', measuredValue: null });
    expect(count).toMatchObject({ pass: false, measured: 'no request ended in 5s..end', measuredValue: null });
  });

  it('fails every expectation of a window whose time cannot be placed', () => {
    const verdicts = judged({ windows: [{ name: 'w', from: 'outage', to: 'restart+1s', status: { '5xx': 0 }, error_log: { 'connect-refused': 0 }, max_interval_share: { '5xx': '<= 100%' } }] }, observe(STORM));
    expect(verdicts).toHaveLength(3);
    for (const v of verdicts) expect(v).toMatchObject({ pass: false, measuredValue: null, measured: 'not compared: no chaos action named "restart" (actions: outage)' });
  });

  it('counts error-log lines of every whole second that overlaps the window', () => {
    const errors: ErrorLogInterval[] = [
      { startMs: 0, signatures: { 'upstream-reset-reading-header': 1 } },
      { startMs: 1000, signatures: { 'connect-refused': 3 } },
      { startMs: 2000, signatures: { 'connect-refused': 4 } },
      { startMs: 3000, signatures: { 'connect-refused': 5 } },
    ];
    const o = observe(STORM, [action('outage', 1499)], errors);
    const [storm, before, reset] = judged({
      windows: [
        { name: 'storm', from: 'outage', to: 'outage+1s', error_log: { 'connect-refused': 7 } },
        // the second 1000..2000 holds both the action and lines logged before it in that second
        { name: 'before', to: 'outage', error_log: { 'connect-refused': 3 } },
        { name: 'first', to: '1s', error_log: { 'upstream-reset-reading-header': 1, 'connect-refused': 0 } },
      ],
    }, o);
    expect(storm).toMatchObject({ pass: true, measured: '7 lines in 1.499s..2.499s' });
    expect(before).toMatchObject({ pass: true, measured: '3 lines in 0ms..1.499s' });
    expect(reset).toMatchObject({ pass: true, measured: '1 line in 0ms..1s' });
    expect(judged({ windows: [{ from: '1s', error_log: { 'connect-refused': 0 } }] }, observe(STORM))[0]).toMatchObject({ pass: true, measured: '0 lines in 1s..end' });
  });

  it('finds the worst interval inside the window only', () => {
    const [inside, outside] = judged({
      windows: [
        { name: 'tail', from: '2s', max_interval_share: { '502': '<= 10%' } },
        { name: 'head', to: '1500ms', max_interval_share: { '5xx': '0%' } },
      ],
    }, observe(STORM));
    expect(inside).toMatchObject({ expectation: 'tail.max_interval_share.502', pass: true, measuredValue: 10, measured: '10% at 2s in 2s..end' });
    expect(outside).toMatchObject({ expectation: 'head.max_interval_share.5xx', pass: true, measuredValue: 0, measured: '0% at 0ms in 0ms..1.5s' });
  });
});

describe('max_interval_share over the whole load', () => {
  it('is the highest share of any interval, with when it was', () => {
    // codes ("502") come before classes ("5xx"): JavaScript orders integer-like keys first
    const [capped, worst] = judged({ max_interval_share: { '5xx': '>= 90%', '502': '<= 50%' } }, observe(STORM));
    expect(worst).toMatchObject({ expectation: 'max_interval_share.5xx', pass: true, measuredValue: 100, measured: '100% at 1.5s' });
    expect(capped).toMatchObject({ expectation: 'max_interval_share.502', pass: false, measuredValue: 100 });
  });

  it('counts transport errors in an interval\'s total and skips nothing else', () => {
    const [v] = judged({ max_interval_share: { '504': '<= 50%' } }, observe(series([0, { '504': 1 }, 3], [250, { '504': 2, '200': 2 }])));
    expect(v).toMatchObject({ pass: true, measuredValue: 50, measured: '50% at 250ms' });
  });

  it('cannot be measured without requests', () => {
    expect(judged({ max_interval_share: { '5xx': '<= 1%' } }, observe([]))[0]).toMatchObject({ pass: false, measured: 'no requests in the window' });
  });
});

describe('recovery', () => {
  const recovery = (overrides: Partial<NonNullable<Written['recovery']>> = {}): Written => ({
    recovery: { after: 'outage', status: '5xx', below: '1%', within: '1s', ...overrides },
  });

  it('measures from the action to the first interval after which every interval stays below the share', () => {
    // last interval at or above 1% is 2000 (1 of 10): recovered from 2250, 751 ms after 1499
    const [v] = judged(recovery(), observe(STORM));
    expect(v).toEqual({ expectation: 'recovery', expected: '5xx below 1% within 1s after outage', measured: 'recovered 751ms after outage', measuredValue: 751, pass: true, result: 'pass', source: 'client' });
    expect(judged(recovery({ within: '700ms' }), observe(STORM))[0]).toMatchObject({ pass: false, measuredValue: 751 });
  });

  it('takes the share per interval: one error in 200 is below 1%', () => {
    const o = observe(series([1500, { '502': 10 }], [1750, { '502': 1, '200': 199 }], [2000, { '200': 200 }]));
    expect(judged(recovery(), o)[0]).toMatchObject({ pass: true, measured: 'recovered 251ms after outage' });
    expect(judged(recovery({ below: '0.1%' }), o)[0]).toMatchObject({ pass: true, measured: 'recovered 501ms after outage' });
  });

  it('starts over when errors come back after a clean interval', () => {
    const o = observe(series([1500, { '502': 10 }], [1750, { '200': 10 }], [2000, { '200': 10 }], [2500, { '502': 5, '200': 5 }], [2750, { '200': 10 }]));
    expect(judged(recovery({ within: '2s' }), o)[0]).toMatchObject({ pass: true, measuredValue: 1251 });
  });

  it('fails when the errors last to the end of the load', () => {
    const o = observe(series([1250, { '200': 10 }], [1500, { '502': 10 }], [2000, { '504': 1 }], [3000, { '504': 1 }]));
    expect(judged(recovery({ within: '10s' }), o)[0]).toMatchObject({ pass: false, measuredValue: null, measured: 'not recovered by the end of the load (1.501s after outage)' });
  });

  it('looks only at the status it names', () => {
    const o = observe(series([1500, { '502': 10 }], [1750, { '504': 10 }], [2000, { '200': 10 }]));
    expect(judged(recovery({ status: '502' }), o)[0]).toMatchObject({ measuredValue: 251 });
    expect(judged(recovery({ status: '5xx' }), o)[0]).toMatchObject({ measuredValue: 501 });
  });

  it('is 0 when nothing failed after the action, and accepts a time instead of an action', () => {
    expect(judged(recovery({ after: '2500ms' }), observe(STORM))[0]).toMatchObject({ pass: true, measured: 'recovered 0ms after 2500ms', measuredValue: 0 });
  });

  it('fails, unmeasured, when the action cannot be placed', () => {
    const never = observe(STORM, [action('outage', null, { error: 'no backend or replica named app' })]);
    expect(judged(recovery(), never)[0]).toMatchObject({ pass: false, measuredValue: null, measured: 'not compared: action outage never ran (no backend or replica named app)' });
  });

  // Engine gap (harness/expect/evaluate-windows.ts, evaluateRecovery): with no interval after the
  // action (every request still hanging when the load ended, e.g. a pause without unpause), it
  // reports "recovered 0ms" and passes; nothing was measured, so it should fail as unmeasured.
  // `it.fails` passes while the gap is there: turn it into `it` when the engine is fixed.
  it('fails when no request completed after the action', () => {
    const o = observe(series([0, { '200': 10 }], [1000, { '200': 10 }]));
    expect(judged(recovery(), o)[0]).toMatchObject({ pass: false, measuredValue: null });
  });
});

describe('through evaluate()', () => {
  // A parsed scenario's expectations come in the schema's key order (zod rebuilds the object), so
  // the time verdicts follow the whole-load ones whatever order the YAML had.
  it('joins the whole-load verdicts, windows before recovery', () => {
    const o = observe(STORM);
    const written: Written = { recovery: { after: 'outage', within: '1s' }, windows: [{ name: 'before', to: 'outage', status: { '5xx': 0 } }], status: { '502': '>= 1' } };
    const verdicts = evaluate(expectationsSchema.parse(written), o);
    expect(verdicts.map((v) => [v.expectation, v.pass])).toEqual([['status.502', true], ['before.status.5xx', true], ['recovery', true]]);
  });
});
