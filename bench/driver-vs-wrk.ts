/**
 * Load driver efficiency: requests per second the harness's driver reaches against nginx answering
 * a small static body itself, against wrk on the same URL, connections and duration, in one run.
 * Also the harness's memory over a long full-speed run: peak RSS and growth.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AutocannonDriver } from '../harness/load/autocannon-driver.js';
import { round, type BenchContext } from './bench-context.js';

const run = promisify(execFile);

export interface DriverFigures {
  connections: number;
  durationS: number;
  harnessRps: number;
  wrkRps: number;
  /** harness / wrk */
  ratio: number;
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

export async function measureDriverAndMemory(ctx: BenchContext, memoryDurationS: number): Promise<{ driver: DriverFigures; memory: MemoryFigures }> {
  const [plan] = await ctx.plans('static');
  const environment = await ctx.runtime.start({ label: 'bench/static', backends: plan!.backends, nginxConfig: plan!.nginxConfig });
  try {
    const url = `${environment.nginxUrl}${plan!.load.path}`;
    const durationS = plan!.load.durationMs! / 1000;
    const connections = plan!.load.connections;
    const signal = new AbortController().signal;
    const harness = await new AutocannonDriver().run({ ...plan!.load, baseUrl: environment.nginxUrl }, signal);
    const wrkOut = await run('wrk', ['-t2', `-c${connections}`, `-d${durationS}s`, url], { timeout: (durationS + 30) * 1000 });
    const wrkRps = Number(/Requests\/sec:\s+([\d.]+)/.exec(wrkOut.stdout)?.[1] ?? NaN);
    const driver = { connections, durationS, harnessRps: round(harness.requestsPerSecond, 0), wrkRps: round(wrkRps, 0), ratio: round(harness.requestsPerSecond / wrkRps, 2) };
    ctx.log(`  driver: ${driver.harnessRps} req/s, wrk: ${driver.wrkRps} req/s`);

    const samples: { atS: number; rssMb: number }[] = [];
    const t0 = performance.now();
    const sampler = setInterval(() => samples.push({ atS: (performance.now() - t0) / 1000, rssMb: process.memoryUsage().rss / 1048576 }), 1000);
    const long = await new AutocannonDriver().run({ ...plan!.load, durationMs: memoryDurationS * 1000, baseUrl: environment.nginxUrl }, signal);
    clearInterval(sampler);
    const memory = memoryFigures(samples, memoryDurationS, long.requestsPerSecond, long.responses);
    ctx.log(`  memory: peak ${memory.peakRssMb} MB RSS at ${memory.rps} req/s over ${memoryDurationS} s`);
    return { driver, memory };
  } finally {
    await environment.stop();
  }
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
