/** Accuracy: client counts against nginx's access log, and a declared backend delay against the measured one. */
import { failedCount } from '../harness/observe/client-totals.js';
import { round, type BenchContext } from './bench-context.js';

export interface AccuracyFigures {
  requests: number;
  clientCount: number;
  accessLogCount: number;
  countsEqual: boolean;
  /** requests without a complete response */
  failed: number;
  declaredDelayMs: number;
  measuredHeaderTimeMs: { p50: number; p99: number; max: number };
}

export async function measureAccuracy(ctx: BenchContext): Promise<AccuracyFigures> {
  const [fullSpeed, delayed] = await ctx.plans('accuracy');
  const fast = (await ctx.run(fullSpeed!)).result.observation!;
  const slow = (await ctx.run(delayed!)).result.observation!;
  const header = slow.accessLog.upstreamHeaderTime;
  const figures = {
    requests: fast.client.sent,
    clientCount: fast.client.responses,
    accessLogCount: fast.accessLog.lines,
    countsEqual: fast.reconciliation.agrees && fast.client.responses === fast.accessLog.lines,
    failed: failedCount(fast.client),
    declaredDelayMs: 200,
    measuredHeaderTimeMs: { p50: round(header.p50Ms), p99: round(header.p99Ms), max: round(header.maxMs) },
  };
  ctx.log(`  accuracy: client ${figures.clientCount} vs access log ${figures.accessLogCount}; 200 ms delay measured p50 ${figures.measuredHeaderTimeMs.p50} ms`);
  return figures;
}
