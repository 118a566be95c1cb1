import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../harness/expect/verdict.js';
import { findFlakes } from '../../../harness/matrix/flakes.js';
import type { VariantResult } from '../../../harness/report/run-report.js';

function verdict(expectation: string, pass: boolean, measured: string): Verdict {
  return { expectation, expected: '>= 99%', measured, measuredValue: null, pass, result: pass ? 'pass' : 'fail', source: 'client' };
}

function result(variant: string, verdicts: Verdict[]): VariantResult {
  return { scenario: 'slow', variant, file: 'scenarios/slow.yaml', outcome: verdicts.every((v) => v.pass) ? 'passed' : 'failed', verdicts };
}

function errored(variant: string, message: string): VariantResult {
  return { scenario: 'slow', variant, file: 'scenarios/slow.yaml', outcome: 'error', verdicts: [], error: { kind: 'infrastructure', message } };
}

describe('findFlakes', () => {
  it('finds nothing when every repeat agrees, passes and failures alike', () => {
    const once = [
      result('tuned', [verdict('status.200', true, '100%')]),
      result('broken', [verdict('status.504', false, '80%')]),
    ];
    expect(findFlakes([once, once, once])).toEqual([]);
    expect(findFlakes([])).toEqual([]);
    expect(findFlakes([once])).toEqual([]);
  });

  it('finds a verdict that passed, then failed, with each repeat\'s outcome', () => {
    const flakes = findFlakes([
      [result('tuned', [verdict('status.200', true, '100%'), verdict('latency.p99', true, '300ms')])],
      [result('tuned', [verdict('status.200', false, '98.5% (197 of 200)'), verdict('latency.p99', true, '310ms')])],
      [result('tuned', [verdict('status.200', true, '100%'), verdict('latency.p99', true, '305ms')])],
    ]);
    expect(flakes).toEqual([
      { scenario: 'slow', variant: 'tuned', expectation: 'status.200', outcomes: ['pass', 'fail: 98.5% (197 of 200)', 'pass'] },
    ]);
  });

  it('does not call a verdict that failed every time with different measurements a flake', () => {
    expect(findFlakes([
      [result('broken', [verdict('status.504', false, '80%')])],
      [result('broken', [verdict('status.504', false, '85%')])],
    ])).toEqual([]);
  });

  it('keeps variants apart: the same expectation in two variants is two verdicts', () => {
    const flakes = findFlakes([
      [result('a', [verdict('status.200', true, '100%')]), result('b', [verdict('status.200', true, '100%')])],
      [result('a', [verdict('status.200', true, '100%')]), result('b', [verdict('status.200', false, '99%')])],
    ]);
    expect(flakes).toEqual([{ scenario: 'slow', variant: 'b', expectation: 'status.200', outcomes: ['pass', 'fail: 99%'] }]);
  });

  it('reports a variant that errored in one repeat only as a "(run)" flake with the error message', () => {
    const flakes = findFlakes([
      [result('tuned', [verdict('status.200', true, '100%')])],
      [errored('tuned', 'nginx did not become ready')],
    ]);
    expect(flakes).toContainEqual({ scenario: 'slow', variant: 'tuned', expectation: '(run)', outcomes: ['ran', 'error: nginx did not become ready'] });
  });

  it('does not report a variant that errored in every repeat', () => {
    expect(findFlakes([[errored('tuned', 'no Docker')], [errored('tuned', 'no Docker')]])).toEqual([]);
  });

  // Source behaviour to confirm (harness/matrix/flakes.ts): a repeat that errored evaluated no
  // verdicts, so each verdict of the other repeats gets "not run" there and is reported as a flake
  // too: one errored repeat of a variant with N expectations gives N + 1 flakes instead of 1.
  it('reports an errored repeat once, not once per expectation the other repeats evaluated', () => {
    const flakes = findFlakes([
      [result('tuned', [verdict('status.200', true, '100%'), verdict('latency.p99', true, '300ms')])],
      [errored('tuned', 'nginx did not become ready')],
    ]);
    expect(flakes.map((f) => f.expectation)).toEqual(['(run)']);
  });
});
