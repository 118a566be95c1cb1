/**
 * The gate's verdict of a sharded gate run, as the unsharded run would give it (pure): every
 * shard's failure modes, in the merged results' order; each baseline comparison tested again at
 * the level of all the modes together (a shard tested its own at (1 - confidence) / its modes);
 * passed decided by the gate's own rule. Shards that gated different settings are refused.
 */
import { modeAlpha } from '../gate/baseline-comparison.js';
import type { GateMode, GateReport } from '../gate/gate-report.js';
import { gatePassed } from '../gate/judge-modes.js';
import { err, ok, type Result } from '../result.js';
import type { MergeInput } from './merge-reports.js';
import type { VariantResult } from './run-report.js';

export function mergeGates(inputs: readonly MergeInput[], results: readonly VariantResult[]): Result<GateReport | undefined> {
  const gated = inputs.filter((i) => i.report.gate !== undefined);
  if (gated.length === 0) return ok(undefined);
  const first = gated[0]!;
  const plain = inputs.find((i) => i.report.gate === undefined);
  if (plain) return err(`${first.file} is a gate run but ${plain.file} is not; merge only the shards of one run`);
  const settings = (gate: GateReport) => JSON.stringify([gate.config, gate.baseline ?? null, gate.budget, gate.confidence, gate.strict]);
  const other = gated.find((i) => settings(i.report.gate!) !== settings(first.report.gate!));
  if (other) return err(`${first.file} and ${other.file} gated different settings (config, --baseline, --budget, --confidence or --strict); merge only the shards of one gate run`);

  const gate = first.report.gate!;
  const position = (mode: GateMode) => {
    const index = results.findIndex((r) => r.scenario === mode.scenario);
    return index === -1 ? results.length : index;
  };
  const all = gated.flatMap((i) => i.report.gate!.modes);
  const alpha = modeAlpha(gate.confidence, all.length);
  const modes = all
    .map((mode, index) => ({ mode, index }))
    .sort((a, b) => position(a.mode) - position(b.mode) || a.index - b.index)
    .map(({ mode }) => (mode.comparison ? { ...mode, comparison: { ...mode.comparison, alpha, worse: mode.comparison.pValue < alpha } } : mode));
  return ok({ ...gate, modes, passed: gatePassed(modes, gate.baseline !== undefined, gate.strict) });
}
