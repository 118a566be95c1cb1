/**
 * Per-variant overhead: wall time beyond the load, median of several runs, by phase; side by side
 * for a fresh environment every variant (every container new) and for the reusing runtime (the
 * nginx container kept with a new master, the backend reset in place), runs alternating so that
 * both see the same machine; and the reference figures measured before reuse existed.
 */
import { AutocannonDriver } from '../harness/load/autocannon-driver.js';
import { runVariant } from '../harness/run-variant.js';
import { DockerRuntime } from '../harness/runtime/docker-runtime.js';
import { median, round, type BenchContext } from './bench-context.js';

export interface PhaseMedians {
  backends: number;
  nginxCheck: number;
  nginx: number;
  collect: number;
  stop: number;
}

export interface OverheadArm {
  medianOverheadMs: number;
  medianMs: PhaseMedians;
}

export interface OverheadFigures {
  runs: number;
  /** measured before containers were kept between variants (nginx -t in a one-shot container) */
  reference: OverheadArm;
  fresh: OverheadArm;
  reused: OverheadArm;
}

/** `npm run bench`, quick, on this machine kind, before the runtime reused containers. */
export const REFERENCE_OVERHEAD: OverheadArm = { medianOverheadMs: 3500, medianMs: { backends: 560, nginxCheck: 1430, nginx: 420, collect: 280, stop: 500 } };

type Sample = { total: number } & PhaseMedians;

export async function measureOverhead(ctx: BenchContext, runs: number): Promise<OverheadFigures> {
  const [plan] = await ctx.plans('overhead');
  const arms = {
    fresh: new DockerRuntime({ ...ctx.runtimeOptions, reuse: false }),
    reused: new DockerRuntime({ ...ctx.runtimeOptions, reuse: true }),
  };
  const samples: Record<keyof typeof arms, Sample[]> = { fresh: [], reused: [] };
  try {
    // One unmeasured run each: images in the page cache, the reusing runtime's containers made.
    for (const runtime of Object.values(arms)) await runVariant(plan!, { runtime, driver: new AutocannonDriver(), images: ctx.images, signal: new AbortController().signal });
    for (let i = 0; i < runs; i++) {
      for (const [name, runtime] of Object.entries(arms) as [keyof typeof arms, DockerRuntime][]) {
        const t0 = performance.now();
        const { result } = await runVariant(plan!, { runtime, driver: new AutocannonDriver(), images: ctx.images, signal: new AbortController().signal });
        const wall = performance.now() - t0;
        const t = result.observation!.timings;
        samples[name].push({ total: wall - t.loadMs, backends: t.start.backendsMs, nginxCheck: t.start.nginxCheckMs, nginx: t.start.nginxMs, collect: t.collectMs, stop: t.stopMs });
        ctx.log(`  overhead run ${i + 1}/${runs} (${name}): ${round(wall - t.loadMs, 0)} ms beyond ${round(t.loadMs, 0)} ms of load`);
      }
    }
  } finally {
    await Promise.all(Object.values(arms).map((runtime) => runtime.dispose()));
  }
  return { runs, reference: REFERENCE_OVERHEAD, fresh: armOf(samples.fresh), reused: armOf(samples.reused) };
}

function armOf(samples: Sample[]): OverheadArm {
  const m = (pick: (s: Sample) => number) => round(median(samples.map(pick)), 0);
  return {
    medianOverheadMs: m((s) => s.total),
    medianMs: { backends: m((s) => s.backends), nginxCheck: m((s) => s.nginxCheck), nginx: m((s) => s.nginx), collect: m((s) => s.collect), stop: m((s) => s.stop) },
  };
}
