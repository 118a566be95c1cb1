/**
 * The built-in catalog as a suite: wall time, how it grows with the number of scenarios and
 * variants (and whether the overhead per variant stays flat as it does), every scenario's time as
 * load and overhead, the CPU the machine spent on it (machine-cpu.ts), and stability: verdicts
 * that changed between repeated runs (the target is none). With jobs > 1, one more run as
 * `run --jobs n` takes it, against the serial verdicts.
 */
import { join } from 'node:path';
import { loadPlans } from '../harness/cli/load-plans.js';
import { packageRoot } from '../harness/package-root.js';
import type { VariantResult } from '../harness/report/run-report.js';
import { runPlans, withNginxImages } from '../harness/run-plans.js';
import type { VariantPlan } from '../harness/scenario/expand.js';
import { median, round, type BenchContext } from './bench-context.js';
import { catalogShape, type CatalogShape } from './catalog-shape.js';
import { machineCpu, type CpuReading } from './machine-cpu.js';

export interface CatalogFigures {
  runs: number;
  scenarios: number;
  variants: number;
  wallS: number[];
  meanSecondsPerScenario: number;
  slowestScenarios: { name: string; seconds: number }[];
  /** the first run: time per scenario, growth, overhead per variant */
  shape: CatalogShape;
  changedVerdicts: { verdict: string; outcomes: string[] }[];
  failedVerdicts: number;
  /** chaos actions of the catalog: asked-for time minus declared offset, in ms */
  chaosRequestedMinusPlannedMs: Spread;
  /** and took-effect time minus declared offset (the engine's event, or the call's return) */
  chaosTookEffectMinusPlannedMs: Spread;
  /**
   * The first run's CPU (where /proc/stat tells it): the seconds the whole machine was busy, its
   * cores, and busy ÷ cores, the least wall time any schedule of that work could take here.
   */
  cpu?: MachineCpu;
  /** the catalog once more on several runtimes at once, when asked */
  parallel?: { jobs: number; wallS: number; ranAgain: string[]; changedVerdicts: { verdict: string; serial: string; parallel: string }[]; cpu?: MachineCpu };
}

export interface MachineCpu {
  busyS: number;
  cores: number;
  leastWallS: number;
}

export interface Spread {
  count: number;
  min: number;
  median: number;
  max: number;
}

/** One variant as the catalog run saw it. */
export interface VariantTiming {
  scenario: string;
  wallS: number;
  loadS: number;
  /** seconds the whole machine was busy meanwhile (absent off Linux) */
  cpuS?: number;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, min: 0, median: 0, max: 0 };
  return { count: sorted.length, min: round(sorted[0]!), median: round(median(sorted)), max: round(sorted.at(-1)!) };
}

const outcomeOf = (v: { pass: boolean; measured: string }) => (v.pass ? 'pass' : `FAIL (${v.measured})`);

function verdictsOf(plan: VariantPlan, result: VariantResult): [string, string][] {
  const id = `${plan.scenario.name}/${plan.variant.name}`;
  if (result.outcome === 'error') return [[id, `error: ${result.error?.message}`]];
  return result.verdicts.map((v) => [`${id} ${v.expectation}`, outcomeOf(v)]);
}

export async function measureCatalog(ctx: BenchContext, runs: number, jobs = 1): Promise<CatalogFigures> {
  // Each version line on its own image, as a run gives it (without it, the 1.26 and 1.30 variants ran on the default image).
  const plans = await withNginxImages(ctx.docker, await loadPlans([join(packageRoot(), 'scenarios')]));
  const outcomes = new Map<string, string[]>();
  const wallS: number[] = [];
  const requested: number[] = [];
  const tookEffect: number[] = [];
  const timings: VariantTiming[][] = [];
  let cpu: MachineCpu | undefined;
  for (let run = 1; run <= runs; run++) {
    const t0 = performance.now();
    const first = machineCpu();
    let last = first;
    const seen: VariantTiming[] = [];
    for (const [i, plan] of plans.entries()) {
      const tv = performance.now();
      // as `run` takes it serially: the next variant's new containers may start during this one's load
      const { result } = await ctx.run(plan, plans[i + 1]);
      const now = machineCpu();
      seen.push({
        scenario: plan.scenario.name, wallS: (performance.now() - tv) / 1000, loadS: (result.observation?.timings.loadMs ?? 0) / 1000,
        ...(last !== undefined && now !== undefined ? { cpuS: now.busyS - last.busyS } : {}),
      });
      last = now;
      for (const t of result.observation?.timeline ?? []) {
        if (t.plannedAtMs === null) continue;
        if (t.requestedAtMs !== null) requested.push(t.requestedAtMs - t.plannedAtMs);
        if (t.tookEffectAtMs !== null) tookEffect.push(t.tookEffectAtMs - t.plannedAtMs);
      }
      for (const [id, outcome] of verdictsOf(plan, result)) outcomes.set(id, [...(outcomes.get(id) ?? []), outcome]);
    }
    timings.push(seen);
    wallS.push(round((performance.now() - t0) / 1000));
    const used = cpuBetween(first, last);
    cpu ??= used;
    ctx.log(`  catalog run ${run}/${runs}: ${wallS.at(-1)} s for ${plans.length} variants${used ? `, ${used.busyS} s of CPU (at least ${used.leastWallS} s on ${used.cores} cores)` : ''}`);
  }
  const perScenario = new Map<string, number[]>();
  for (const [run, seen] of timings.entries()) {
    for (const v of seen) {
      const s = perScenario.get(v.scenario) ?? [];
      s[run] = (s[run] ?? 0) + v.wallS;
      perScenario.set(v.scenario, s);
    }
  }
  const mean = [...perScenario.entries()].map(([name, s]) => ({ name, seconds: round(s.reduce((a, b) => a + b, 0) / s.length) }));
  const changed = [...outcomes.entries()].filter(([, o]) => new Set(o.map((x) => (x.startsWith('FAIL') ? 'FAIL' : x))).size > 1);
  const figures: CatalogFigures = {
    runs,
    scenarios: mean.length,
    variants: plans.length,
    wallS,
    meanSecondsPerScenario: round(mean.reduce((a, s) => a + s.seconds, 0) / mean.length),
    slowestScenarios: [...mean].sort((a, b) => b.seconds - a.seconds).slice(0, 3),
    shape: catalogShape(timings[0]!),
    changedVerdicts: changed.map(([verdict, o]) => ({ verdict, outcomes: o })),
    failedVerdicts: [...outcomes.values()].flat().filter((o) => o !== 'pass').length,
    chaosRequestedMinusPlannedMs: spread(requested),
    chaosTookEffectMinusPlannedMs: spread(tookEffect),
    ...(cpu ? { cpu } : {}),
  };
  if (jobs > 1) figures.parallel = await inParallel(ctx, plans, jobs, outcomes);
  return figures;
}

/**
 * The catalog as `run --jobs n` takes it (run-plans.ts: up to n scenarios at once, a scenario that
 * did not pass beside others run again alone), against the serial verdicts: the final ones, and how
 * many variants had to run again.
 */
async function inParallel(ctx: BenchContext, plans: VariantPlan[], jobs: number, serial: Map<string, string[]>): Promise<NonNullable<CatalogFigures['parallel']>> {
  const parallel = new Map<string, string>();
  const t0 = performance.now();
  const first = machineCpu();
  const { report } = await runPlans(plans, { images: ctx.images, repeat: 1, jobs, signal: new AbortController().signal });
  const byName = new Map(plans.map((p) => [`${p.scenario.name}/${p.variant.name}`, p]));
  for (const result of report.results) {
    for (const [id, outcome] of verdictsOf(byName.get(`${result.scenario}/${result.variant}`)!, result)) parallel.set(id, outcome);
  }
  const ranAgain = report.results.filter((r) => r.besideOthers !== undefined).map((r) => `${r.scenario}/${r.variant}: ${r.besideOthers} beside others, ${r.outcome} alone`);
  const wallS = round((performance.now() - t0) / 1000);
  const cpu = cpuBetween(first, machineCpu());
  const kind = (o: string | undefined) => (o?.startsWith('FAIL') ? 'FAIL' : o ?? 'missing');
  const changedVerdicts = [...new Set([...serial.keys(), ...parallel.keys()])]
    .filter((id) => kind(serial.get(id)?.[0]) !== kind(parallel.get(id)))
    .map((id) => ({ verdict: id, serial: serial.get(id)?.[0] ?? 'missing', parallel: parallel.get(id) ?? 'missing' }));
  ctx.log(`  catalog with --jobs ${jobs}: ${wallS} s${cpu ? ` (${cpu.busyS} s of CPU)` : ''}, ${ranAgain.length} variant(s) ran again alone, ${changedVerdicts.length} verdict(s) differ from the serial run`);
  return { jobs, wallS, ranAgain, changedVerdicts, ...(cpu ? { cpu } : {}) };
}

/** The machine's CPU between two readings, or undefined where it cannot be read. */
function cpuBetween(from: CpuReading | undefined, to: CpuReading | undefined): MachineCpu | undefined {
  if (from === undefined || to === undefined || to.cores === 0) return undefined;
  const busyS = to.busyS - from.busyS;
  return { busyS: round(busyS), cores: to.cores, leastWallS: round(busyS / to.cores) };
}
