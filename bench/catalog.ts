/**
 * The built-in catalog as a suite: wall time, what one scenario adds (growth with the number of
 * scenarios), and stability: verdicts that changed between repeated runs (the target is none).
 */
import { loadPlans } from '../harness/cli/load-plans.js';
import { packageRoot } from '../harness/package-root.js';
import { join } from 'node:path';
import { round, type BenchContext } from './bench-context.js';

export interface CatalogFigures {
  runs: number;
  scenarios: number;
  variants: number;
  wallS: number[];
  meanSecondsPerScenario: number;
  slowestScenarios: { name: string; seconds: number }[];
  changedVerdicts: { verdict: string; outcomes: string[] }[];
  failedVerdicts: number;
  /** chaos actions of the catalog: asked-for time minus declared offset, in ms */
  chaosRequestedMinusPlannedMs: Spread;
  /** and took-effect time minus declared offset (the engine's event, or the call's return) */
  chaosTookEffectMinusPlannedMs: Spread;
}

export interface Spread {
  count: number;
  min: number;
  median: number;
  max: number;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, min: 0, median: 0, max: 0 };
  return { count: sorted.length, min: round(sorted[0]!), median: round(sorted[Math.floor(sorted.length / 2)]!), max: round(sorted.at(-1)!) };
}

export async function measureCatalog(ctx: BenchContext, runs: number): Promise<CatalogFigures> {
  const plans = await loadPlans([join(packageRoot(), 'scenarios')]);
  const outcomes = new Map<string, string[]>();
  const scenarioSeconds = new Map<string, number[]>();
  const wallS: number[] = [];
  const requested: number[] = [];
  const tookEffect: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const t0 = performance.now();
    for (const plan of plans) {
      const tv = performance.now();
      const { result } = await ctx.run(plan);
      const key = plan.scenario.name;
      const seconds = scenarioSeconds.get(key) ?? [];
      seconds[run - 1] = (seconds[run - 1] ?? 0) + (performance.now() - tv) / 1000;
      scenarioSeconds.set(key, seconds);
      for (const t of result.observation?.timeline ?? []) {
        if (t.plannedAtMs === null) continue;
        if (t.requestedAtMs !== null) requested.push(t.requestedAtMs - t.plannedAtMs);
        if (t.tookEffectAtMs !== null) tookEffect.push(t.tookEffectAtMs - t.plannedAtMs);
      }
      for (const v of result.verdicts) {
        const id = `${plan.scenario.name}/${plan.variant.name} ${v.expectation}`;
        outcomes.set(id, [...(outcomes.get(id) ?? []), v.pass ? 'pass' : `FAIL (${v.measured})`]);
      }
      if (result.outcome === 'error') outcomes.set(`${plan.scenario.name}/${plan.variant.name}`, [...(outcomes.get(`${plan.scenario.name}/${plan.variant.name}`) ?? []), `error: ${result.error?.message}`]);
    }
    wallS.push(round((performance.now() - t0) / 1000));
    ctx.log(`  catalog run ${run}/${runs}: ${wallS.at(-1)} s for ${plans.length} variants`);
  }
  const perScenario = [...scenarioSeconds.entries()].map(([name, s]) => ({ name, seconds: round(s.reduce((a, b) => a + b, 0) / s.length) }));
  const changed = [...outcomes.entries()].filter(([, o]) => new Set(o.map((x) => x.startsWith('FAIL') ? 'FAIL' : x)).size > 1);
  return {
    runs,
    scenarios: perScenario.length,
    variants: plans.length,
    wallS,
    meanSecondsPerScenario: round(perScenario.reduce((a, s) => a + s.seconds, 0) / perScenario.length),
    slowestScenarios: perScenario.sort((a, b) => b.seconds - a.seconds).slice(0, 3),
    changedVerdicts: changed.map(([verdict, o]) => ({ verdict, outcomes: o })),
    failedVerdicts: [...outcomes.values()].flat().filter((o) => o !== 'pass').length,
    chaosRequestedMinusPlannedMs: spread(requested),
    chaosTookEffectMinusPlannedMs: spread(tookEffect),
  };
}
