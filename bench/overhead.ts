/** Per-variant overhead: wall time beyond the load, median of several runs, by phase. */
import { median, round, type BenchContext } from './bench-context.js';

export interface OverheadFigures {
  runs: number;
  medianOverheadMs: number;
  medianMs: { backends: number; nginxCheck: number; nginx: number; collect: number; stop: number };
}

export async function measureOverhead(ctx: BenchContext, runs: number): Promise<OverheadFigures> {
  const [plan] = await ctx.plans('overhead');
  const samples: { total: number; backends: number; nginxCheck: number; nginx: number; collect: number; stop: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const { result } = await ctx.run(plan!);
    const wall = performance.now() - t0;
    const t = result.observation!.timings;
    samples.push({ total: wall - t.loadMs, backends: t.start.backendsMs, nginxCheck: t.start.nginxCheckMs, nginx: t.start.nginxMs, collect: t.collectMs, stop: t.stopMs });
    ctx.log(`  overhead run ${i + 1}/${runs}: ${round(wall - t.loadMs, 0)} ms beyond ${round(t.loadMs, 0)} ms of load`);
  }
  const m = (pick: (s: (typeof samples)[number]) => number) => round(median(samples.map(pick)), 0);
  return {
    runs,
    medianOverheadMs: m((s) => s.total),
    medianMs: { backends: m((s) => s.backends), nginxCheck: m((s) => s.nginxCheck), nginx: m((s) => s.nginx), collect: m((s) => s.collect), stop: m((s) => s.stop) },
  };
}
