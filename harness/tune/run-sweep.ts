/**
 * Runs a sweep: every point is a variant run of its own (run-variant.ts): an environment started
 * with that point's config, so each point has its own nginx master (no reload, no worker of an
 * earlier point's config serving its requests; the runtime keeps the containers and resets them)
 * and backends whose upstream state (connections, failure counts, keep-alive pools) starts over;
 * the load, then the point's verdicts under the budget. Each environment is stopped on every path.
 */
import type { Images } from '../config/images.js';
import type { LoadDriver } from '../load/load-driver.js';
import { RunAborted, runVariant } from '../run-variant.js';
import { toVariantError } from '../report/run-report.js';
import type { Runtime } from '../runtime/runtime.js';
import { pointOf, type SweepPoint } from './sweep-point.js';
import type { PointPlan } from './sweep-plan.js';

export interface SweepRun {
  points: PointPlan[];
  runtime: Runtime;
  driver: () => LoadDriver;
  images: Images;
  signal: AbortSignal;
  confidence: number;
  onPoint?: (point: SweepPoint, index: number) => void;
}

export async function runSweep(run: SweepRun): Promise<SweepPoint[]> {
  const results: SweepPoint[] = [];
  for (const [index, { values, plan }] of run.points.entries()) {
    if (run.signal.aborted) break;
    let point: SweepPoint;
    try {
      const { result } = await runVariant(plan, { runtime: run.runtime, driver: run.driver(), images: run.images, signal: run.signal, judge: { confidence: run.confidence } });
      point = pointOf(values, result, run.confidence);
    } catch (error) {
      if (error instanceof RunAborted || run.signal.aborted) break;
      // A point that could not run is inconclusive, never a pass.
      point = pointOf(values, { scenario: plan.scenario.name, variant: plan.variant.name, file: plan.file, outcome: 'error', verdicts: [], error: toVariantError(error) }, run.confidence);
    }
    results.push(point);
    run.onPoint?.(point, index);
  }
  return results;
}
