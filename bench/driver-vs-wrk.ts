/**
 * Load driver efficiency: requests per second the harness's drivers reach against nginx answering
 * a small static body itself, against wrk on the same URL, connections, threads and duration, side
 * by side in rounds (engine and wrk back to back, in turn first, then autocannon), in one run.
 * Also the harness's memory over a long full-speed run, and latency corrected vs uncorrected for a
 * stalled backend under the open model.
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { AutocannonDriver } from '../harness/load/autocannon-driver.js';
import { EngineDriver } from '../harness/load/engine-driver.js';
import { shardsFor } from '../harness/load/engine/engine-shards.js';
import type { LoadPlan } from '../harness/load/load-driver.js';
import { median, round, type BenchContext } from './bench-context.js';

const run = promisify(execFile);

export interface DriverFigures {
  connections: number;
  /** the engine's threads, and wrk's */
  threads: number;
  durationS: number;
  /** the raw-socket engine's closed loop, in its own process (median of the rounds) */
  harnessRps: number;
  wrkRps: number;
  /** engine / wrk, median of the rounds' ratios */
  ratio: number;
  /** each round: engine and wrk (which first alternates), then autocannon (in the harness's process), one after another */
  rounds: { first: 'engine' | 'wrk'; engineRps: number; autocannonRps: number; wrkRps: number; ratio: number; autocannonRatio: number }[];
  autocannonRatio: number;
}

/** Latency of one open-model run against a stalled backend: from the intended start and from the send. */
export interface StalledFigures {
  declaredPerSecond: number;
  deliveredPerSecond: number;
  maxInFlight: number;
  late: number;
  dropped: number;
  started: number;
  corrected: { p50Ms: number; p99Ms: number; maxMs: number };
  uncorrected: { p50Ms: number; p99Ms: number; maxMs: number };
}

export interface MemoryFigures {
  durationS: number;
  rps: number;
  requests: number;
  peakRssMb: number;
  /** RSS growth per minute over the run after the first 10 s */
  growthMbPerMin: number;
  rssMbAt10s: number;
  rssMbAtEnd: number;
}

export async function measureDriverAndMemory(ctx: BenchContext, memoryDurationS: number, rounds = 3): Promise<{ driver: DriverFigures; memory: MemoryFigures }> {
  const [plan] = await ctx.plans('static');
  const environment = await ctx.runtime.start({ label: 'bench/static', backends: plan!.backends, nginxConfig: plan!.nginxConfig });
  try {
    const url = `${environment.nginxUrl}${plan!.load.path}`;
    const durationS = plan!.load.durationMs! / 1000;
    const connections = plan!.load.connections;
    const signal = new AbortController().signal;
    const load: LoadPlan = { ...plan!.load, baseUrl: environment.nginxUrl };
    // wrk gets as many threads as the engine runs this load on
    const threads = shardsFor(load, availableParallelism());
    const measured: DriverFigures['rounds'] = [];
    for (let i = 0; i < rounds; i++) {
      // engine and wrk back to back, so that both see the same machine, each first in every other
      // round (whatever the machine does over the bench falls on both alike); autocannon after them
      const first: 'engine' | 'wrk' = i % 2 === 0 ? 'engine' : 'wrk';
      const runEngine = () => new EngineDriver().run(load, signal);
      const runWrk = () => run('wrk', [`-t${threads}`, `-c${connections}`, `-d${durationS}s`, url], { timeout: (durationS + 30) * 1000 });
      let engine: Awaited<ReturnType<typeof runEngine>>;
      let wrkOut: Awaited<ReturnType<typeof runWrk>>;
      if (first === 'engine') {
        engine = await runEngine();
        wrkOut = await runWrk();
      } else {
        wrkOut = await runWrk();
        engine = await runEngine();
      }
      const cannon = await new AutocannonDriver().run(load, signal);
      const wrkRps = Number(/Requests\/sec:\s+([\d.]+)/.exec(wrkOut.stdout)?.[1] ?? NaN);
      const figures = {
        first,
        engineRps: round(engine.requestsPerSecond, 0),
        autocannonRps: round(cannon.requestsPerSecond, 0),
        wrkRps: round(wrkRps, 0),
        ratio: round(engine.requestsPerSecond / wrkRps, 2),
        autocannonRatio: round(cannon.requestsPerSecond / wrkRps, 2),
      };
      measured.push(figures);
      ctx.log(`  round ${i + 1} (${first} first): engine ${figures.engineRps} req/s, autocannon ${figures.autocannonRps} req/s, wrk ${figures.wrkRps} req/s: engine/wrk ${figures.ratio}, autocannon/wrk ${figures.autocannonRatio}`);
    }
    const driver: DriverFigures = {
      connections,
      threads,
      durationS,
      harnessRps: round(median(measured.map((r) => r.engineRps)), 0),
      wrkRps: round(median(measured.map((r) => r.wrkRps)), 0),
      ratio: round(median(measured.map((r) => r.ratio)), 2),
      autocannonRatio: round(median(measured.map((r) => r.autocannonRatio)), 2),
      rounds: measured,
    };
    ctx.log(`  engine/wrk median ${driver.ratio} over ${measured.length} rounds (${connections} connections, ${threads} threads each)`);

    const samples: { atS: number; rssMb: number }[] = [];
    const t0 = performance.now();
    const sampler = setInterval(() => samples.push({ atS: (performance.now() - t0) / 1000, rssMb: process.memoryUsage().rss / 1048576 }), 1000);
    const long = await new AutocannonDriver().run({ ...load, durationMs: memoryDurationS * 1000 }, signal);
    clearInterval(sampler);
    const memory = memoryFigures(samples, memoryDurationS, long.requestsPerSecond, long.responses);
    ctx.log(`  memory: peak ${memory.peakRssMb} MB RSS at ${memory.rps} req/s over ${memoryDurationS} s`);
    return { driver, memory };
  } finally {
    await environment.stop();
  }
}

/** The open model against a backend slower than the arrivals allow: corrected vs uncorrected latency. */
export async function measureStalled(ctx: BenchContext): Promise<StalledFigures> {
  const [plan] = await ctx.plans('stalled');
  const { result } = await ctx.run(plan!);
  const observation = result.observation;
  const schedule = observation?.client.schedule;
  if (!observation || !schedule) throw new Error(`the stalled-backend run measured nothing (${result.error?.message ?? 'no schedule'})`);
  const client = observation.client;
  const pick = (t: { p50Ms: number; p99Ms: number; maxMs: number }) => ({ p50Ms: round(t.p50Ms), p99Ms: round(t.p99Ms), maxMs: round(t.maxMs) });
  const figures: StalledFigures = {
    declaredPerSecond: round(schedule.declaredPerSecond),
    deliveredPerSecond: round(schedule.deliveredPerSecond),
    maxInFlight: schedule.maxInFlight,
    late: schedule.late,
    dropped: schedule.dropped,
    started: schedule.started,
    corrected: pick(client.latency),
    uncorrected: pick(client.latencyFromSend!),
  };
  ctx.log(`  stalled backend (500 ms, ${figures.declaredPerSecond} req/s declared, at most ${figures.maxInFlight} in flight): latency p50/p99 corrected ${figures.corrected.p50Ms}/${figures.corrected.p99Ms} ms vs uncorrected ${figures.uncorrected.p50Ms}/${figures.uncorrected.p99Ms} ms; ${figures.late} of ${figures.started} starts late`);
  return figures;
}

function memoryFigures(samples: { atS: number; rssMb: number }[], durationS: number, rps: number, requests: number): MemoryFigures {
  const settled = samples.filter((s) => s.atS >= 10);
  const n = settled.length;
  const meanX = settled.reduce((a, s) => a + s.atS, 0) / n;
  const meanY = settled.reduce((a, s) => a + s.rssMb, 0) / n;
  const slopePerS = settled.reduce((a, s) => a + (s.atS - meanX) * (s.rssMb - meanY), 0) / settled.reduce((a, s) => a + (s.atS - meanX) ** 2, 0);
  return {
    durationS,
    rps: round(rps, 0),
    requests,
    peakRssMb: round(Math.max(...samples.map((s) => s.rssMb))),
    growthMbPerMin: round(slopePerS * 60, 2),
    rssMbAt10s: round(settled[0]?.rssMb ?? NaN),
    rssMbAtEnd: round(samples.at(-1)?.rssMb ?? NaN),
  };
}
