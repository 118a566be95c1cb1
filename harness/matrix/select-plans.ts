/**
 * Which variant plans a run takes: name filters (shell-style globs on the scenario and variant
 * names) and a shard of n for parallel CI jobs. Shards split by scenario, so a scenario's
 * variants stay together, and by sorted name, so a given catalog always splits the same way (pure).
 */
import { err, ok, type Result } from '../result.js';
import type { VariantPlan } from '../scenario/expand.js';

export interface Selection {
  scenarioPatterns: string[];
  variantPatterns: string[];
  shard?: { index: number; count: number };
}

export function parseShard(text: string): Result<{ index: number; count: number }> {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) return err(`--shard ${text} is not i/n with 1 <= i <= n (e.g. 2/4)`);
  return ok({ index, count });
}

export function selectPlans(plans: readonly VariantPlan[], selection: Selection): VariantPlan[] {
  const matches = (patterns: string[], name: string) => patterns.length === 0 || patterns.some((p) => globToRegExp(p).test(name));
  const chosen = plans.filter((p) => matches(selection.scenarioPatterns, p.scenario.name) && matches(selection.variantPatterns, p.variant.name));
  if (!selection.shard) return chosen;
  const scenarios = [...new Set(chosen.map((p) => p.scenario.name))].sort();
  const mine = new Set(scenarios.filter((_, i) => i % selection.shard!.count === selection.shard!.index - 1));
  return chosen.filter((p) => mine.has(p.scenario.name));
}

export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
