/**
 * Runs a sweep: per point, an environment with that point's config (every swept value is an nginx
 * parameter: the runtime keeps the containers and resets them, so each point gets a new nginx
 * master and backends that start over, without the cost of new containers), then drive the load
 * and measure error shares, client latency and upstream header time. No point sees another's
 * connections, upstream state or log lines. Each environment is stopped on every path.
 */
import { failedCount } from '../observe/client-totals.js';
import { summarizeAccessLog } from '../nginx/parse-access-log.js';
import type { LoadDriver } from '../load/load-driver.js';
import type { ClientObservation } from '../observe/observation.js';
import type { Runtime } from '../runtime/runtime.js';
import type { VariantPlan } from '../scenario/expand.js';
import type { SweepPoint } from './recommend.js';

export interface SweepRun {
  /** one plan per point, all with the same backends */
  points: { values: Record<string, string>; plan: VariantPlan }[];
  runtime: Runtime;
  driver: LoadDriver;
  signal: AbortSignal;
  onPoint?: (point: SweepPoint, index: number) => void;
}

export async function runSweep(run: SweepRun): Promise<SweepPoint[]> {
  const results: SweepPoint[] = [];
  for (const [index, { values, plan }] of run.points.entries()) {
    if (run.signal.aborted) break;
    const environment = await run.runtime.start({ label: `tune/${plan.scenario.name}`, backends: plan.backends, nginxConfig: plan.nginxConfig });
    try {
      const client = await run.driver.run({ ...plan.load, baseUrl: environment.nginxUrl }, run.signal);
      const access = summarizeAccessLog((await environment.readLogs()).access);
      const point = measure(values, client, access.upstreamHeaderTime);
      results.push(point);
      run.onPoint?.(point, index);
    } finally {
      await environment.stop();
    }
  }
  return results;
}

function measure(values: Record<string, string>, client: ClientObservation, header: { p50Ms: number; p99Ms: number; count: number }): SweepPoint {
  // Fail closed: every request sent counts, and one without a complete response is an error.
  const errors = failedCount(client);
  const total = client.sent;
  const share = (n: number) => (total === 0 ? 0 : (n / total) * 100);
  const count = (test: (code: string) => boolean) => Object.entries(client.statusCounts).filter(([code]) => test(code)).reduce((a, [, n]) => a + n, 0);
  return {
    values,
    requests: total,
    share502: share(count((c) => c === '502')),
    share504: share(count((c) => c === '504')),
    share5xx: share(count((c) => c.startsWith('5')) + errors),
    latencyP50Ms: client.latency.p50Ms,
    latencyP95Ms: client.latency.p95Ms,
    latencyP99Ms: client.latency.p99Ms,
    upstreamHeaderP50Ms: header.p50Ms,
    upstreamHeaderP99Ms: header.p99Ms,
    upstreamHeaderSamples: header.count,
  };
}
