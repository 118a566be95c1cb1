import { describe, expect, it } from 'vitest';
import type { FailureMode } from '../../../harness/gate/failure-modes.js';
import { BASELINE_SUFFIX, judgeModes } from '../../../harness/gate/judge-modes.js';
import type { Verdict } from '../../../harness/expect/verdict.js';
import type { VariantResult } from '../../../harness/report/run-report.js';
import { renderGateSummary } from '../../../harness/report/gate-console.js';
import { makeObservation } from '../../fixtures/observation.js';

const variant = (name: string) => ({ name, nginx: {}, expect: {} });
const fixable: FailureMode = { file: 'a.yaml', scenario: 'slow', summary: 's', reproduction: variant('too-short'), nginxFixes: [{ variant: 'tuned', changes: ['proxy_read_timeout 1s'] }], backendFixes: [] };
const unfixable: FailureMode = { file: 'b.yaml', scenario: 'garbage', summary: 's', reproduction: variant('redis'), nginxFixes: [], backendFixes: [{ variant: 'http-service', summary: 'point it at HTTP' }] };

function verdict(result: Verdict['result']): Verdict {
  return { expectation: 'failed', expected: '<= 1%', measured: 'x', measuredValue: 1, pass: result === 'pass', result, source: 'client' };
}

function ran(scenario: string, name: string, outcome: VariantResult['outcome'], statusCounts: Record<string, number> = { '200': 400 }, failed: Record<string, number> = {}): VariantResult {
  const verdicts = outcome === 'error' ? [] : [verdict(outcome === 'passed' ? 'pass' : outcome === 'failed' ? 'fail' : 'inconclusive')];
  return { scenario, variant: name, file: 'x.yaml', outcome, verdicts, observation: makeObservation({ client: { statusCounts, failed } }) };
}

const base = { config: 'nginx.conf', budget: ['failed<=1%'], confidence: 0.95, strict: false, modes: [fixable, unfixable] };

describe('judgeModes', () => {
  it('calls a passed mode handled, a failed fixable one not handled with the catalog fix, an unfixable one not fixable', () => {
    const gate = judgeModes({ ...base, results: [ran('slow', 'too-short', 'failed'), ran('garbage', 'redis', 'failed')] });
    expect(gate.modes.map((m) => [m.scenario, m.verdict])).toEqual([['slow', 'not-handled'], ['garbage', 'not-fixable-in-nginx']]);
    expect(gate.modes[0]!.suggestion).toEqual({ variant: 'tuned', changes: ['proxy_read_timeout 1s'] });
    expect(gate.modes[1]!.backendFixes).toEqual([{ variant: 'http-service', summary: 'point it at HTTP' }]);
    expect(gate.passed).toBe(false);
  });

  it('passes with modes nginx cannot fix, unless --strict', () => {
    const results = [ran('slow', 'too-short', 'passed'), ran('garbage', 'redis', 'failed')];
    expect(judgeModes({ ...base, results }).passed).toBe(true);
    expect(judgeModes({ ...base, strict: true, results }).passed).toBe(false);
  });

  it('fails on an inconclusive mode the config could fix: nothing decided is not a pass', () => {
    const gate = judgeModes({ ...base, results: [ran('slow', 'too-short', 'inconclusive'), ran('garbage', 'redis', 'passed')] });
    expect(gate.modes[0]!.verdict).toBe('inconclusive');
    expect(gate.passed).toBe(false);
  });

  it('judges only the modes that ran (filters and shards)', () => {
    const gate = judgeModes({ ...base, results: [ran('garbage', 'redis', 'failed')] });
    expect(gate.modes.map((m) => m.scenario)).toEqual(['garbage']);
  });

  it('with a baseline: fails only where the candidate is worse beyond noise', () => {
    const results = [
      ran('slow', 'too-short', 'failed', { '200': 100, '504': 300 }), ran('slow', `too-short${BASELINE_SUFFIX}`, 'passed', { '200': 400 }),
      ran('garbage', 'redis', 'failed', { '200': 398, '502': 2 }), ran('garbage', `redis${BASELINE_SUFFIX}`, 'failed', { '200': 397, '502': 3 }),
    ];
    const gate = judgeModes({ ...base, baseline: 'old.conf', results });
    expect(gate.modes.map((m) => m.comparison?.worse)).toEqual([true, false]);
    expect(gate.modes[0]!.comparison).toMatchObject({ candidate: { failed: 300, sent: 400 }, baseline: { failed: 0, sent: 400 } });
    expect(gate.modes[0]!.comparison!.alpha).toBeCloseTo(0.025, 12);
    expect(gate.passed).toBe(false);
    const same = judgeModes({ ...base, baseline: 'old.conf', results: [results[2]!, results[3]!, { ...results[0]!, observation: results[1]!.observation! }, results[1]!] });
    expect(same.passed).toBe(true);
  });

  it('counts requests without a complete response as failed in the comparison', () => {
    const results = [
      ran('slow', 'too-short', 'failed', { '200': 100 }, { 'invalid-response': 300 }), ran('slow', `too-short${BASELINE_SUFFIX}`, 'passed', { '200': 400 }),
    ];
    const gate = judgeModes({ ...base, baseline: 'old.conf', results });
    expect(gate.modes[0]!.comparison).toMatchObject({ candidate: { failed: 300, sent: 400 }, worse: true });
  });
});

describe('renderGateSummary', () => {
  it('shows the groups, the fix in nginx, the fixes outside it, and the result', () => {
    const gate = judgeModes({ ...base, results: [ran('slow', 'too-short', 'failed'), ran('garbage', 'redis', 'failed')] });
    const text = renderGateSummary(gate, { color: false });
    expect(text).toContain('  not handled (1): the catalog fixes these in nginx');
    expect(text).toContain("        fix in nginx (catalog's tuned): proxy_read_timeout 1s");
    expect(text).toContain('  not fixable in nginx (1): every catalog fix changes a backend (shown, not failing; --strict fails on them)');
    expect(text).toContain('        fixed outside nginx: point it at HTTP');
    expect(text.split('\n').at(-1)).toBe('gate: failed (1 not handled)');
  });
});
