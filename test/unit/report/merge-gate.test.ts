/**
 * Merging a sharded gate: the verdict per failure mode and the gate's own pass rule as one
 * unsharded gate would give them. With --baseline, each shard tested its modes at
 * (1 - confidence) / its own mode count; the merged gate tests them at the level of all modes.
 */
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../harness/expect/binomial.js';
import { compareWithBaseline } from '../../../harness/gate/baseline-comparison.js';
import type { GateMode, GateReport } from '../../../harness/gate/gate-report.js';
import { mergeReports, type MergeInput } from '../../../harness/report/merge-reports.js';
import { buildRunReport, type VariantResult } from '../../../harness/report/run-report.js';
import { exitCodeOf } from '../../../harness/cli/execute-plans.js';
import { realisticReport } from '../../fixtures/report/run-reports.js';

const HOST = { platform: 'linux', arch: 'x64', node: 'v20.19.0', cpus: 2 };
const passing = realisticReport().results.find((r) => r.outcome === 'passed')!;

function result(scenario: string): VariantResult {
  return { ...passing, scenario, variant: 'reproduce', file: `scenarios/${scenario}.yaml` };
}

/** a mode whose candidate failed `failed` of 400 requests against the baseline's 0 of 400, compared among `modes` modes */
function mode(scenario: string, verdict: GateMode['verdict'], fixableInNginx: boolean, failed?: number, modes = 1): GateMode {
  const share = (n: number) => ({ failed: n, sent: 400, interval: wilsonInterval(n, 400, 0.95) });
  return {
    scenario, variant: 'reproduce', verdict, fixableInNginx, reason: 'as measured',
    ...(failed !== undefined ? { comparison: compareWithBaseline(share(failed), share(0), 0.95, modes) } : {}),
  };
}

function shard(index: number, count: number, modes: GateMode[], settings: Partial<GateReport> = {}): MergeInput {
  const gate: GateReport = { config: 'deploy/nginx.conf', budget: ['failed<=1%'], confidence: 0.95, strict: false, modes, passed: false, ...settings };
  return { file: `shard-${index}.json`, report: buildRunReport({ runId: `r${index}`, startedAt: '2026-11-21T10:00:00.000Z', finishedAt: '2026-11-21T10:01:00.000Z', badgateway: '0.1.0', host: HOST, results: modes.map((m) => result(m.scenario)), gate, shard: { index, count } }) };
}

describe('merging a sharded gate', () => {
  it('lists every mode in the merged order and decides passed by the gate\'s rule', () => {
    const merged = mergeReports([shard(2, 2, [mode('b', 'not-fixable-in-nginx', false)]), shard(1, 2, [mode('a', 'handled', true)])], 'm');
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.value.gate!.modes.map((m) => [m.scenario, m.verdict])).toEqual([['a', 'handled'], ['b', 'not-fixable-in-nginx']]);
    expect(merged.value.gate!.passed).toBe(true);
    expect(exitCodeOf(merged.value.results, merged.value.gate)).toBe(0);

    const strict = mergeReports([shard(1, 2, [mode('a', 'handled', true)], { strict: true }), shard(2, 2, [mode('b', 'not-fixable-in-nginx', false)], { strict: true })], 'm');
    expect(strict.ok && strict.value.gate!.passed).toBe(false);
    const notHandled = mergeReports([shard(1, 2, [mode('a', 'not-handled', true)]), shard(2, 2, [mode('b', 'handled', true)])], 'm');
    expect(notHandled.ok && exitCodeOf(notHandled.value.results, notHandled.value.gate)).toBe(1);
  });

  it('with --baseline, tests every comparison at the level of all the modes, as the unsharded gate does', () => {
    // 7 of 400 against 0 of 400: p ≈ 0.0076, under 0.05 / 1 (one shard alone) and over 0.05 / 8 (all modes)
    const [a, others] = [mode('a', 'handled', true, 7, 1), ['b', 'c', 'd', 'e', 'f', 'g', 'h'].map((s) => mode(s, 'handled', true, 0, 7))];
    expect(a.comparison!.worse).toBe(true);
    const settings = { baseline: 'deploy/old.conf' };
    const merged = mergeReports([shard(1, 2, [a], settings), shard(2, 2, others, settings)], 'm');
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    const unsharded = compareWithBaseline(a.comparison!.candidate, a.comparison!.baseline, 0.95, 8);
    expect(merged.value.gate!.modes[0]!.comparison).toEqual(unsharded);
    expect(unsharded.worse).toBe(false);
    expect(merged.value.gate!.passed).toBe(true);
  });

  it('refuses shards that gated different settings, and a gate mixed with a plain run', () => {
    const refusal = (inputs: MergeInput[]) => {
      const merged = mergeReports(inputs, 'm');
      return merged.ok ? 'merged' : merged.error;
    };
    expect(refusal([shard(1, 2, [mode('a', 'handled', true)]), shard(2, 2, [mode('b', 'handled', true)], { budget: ['5xx<=0.1%'] })]))
      .toBe('shard-1.json and shard-2.json gated different settings (config, --baseline, --budget, --confidence or --strict); merge only the shards of one gate run');
    const plain = shard(2, 2, [mode('b', 'handled', true)]);
    delete plain.report.gate;
    expect(refusal([shard(1, 2, [mode('a', 'handled', true)]), plain])).toBe('shard-1.json is a gate run but shard-2.json is not; merge only the shards of one run');
  });
});
