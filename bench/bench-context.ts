/** What every benchmark gets: Docker, images, a runtime, and a way to run one variant plan. */
import { loadPlans } from '../harness/cli/load-plans.js';
import { resolveImages, type Images } from '../harness/config/images.js';
import { DefaultDriver } from '../harness/load/default-driver.js';
import { packageRoot } from '../harness/package-root.js';
import { runVariant, type VariantRun } from '../harness/run-variant.js';
import { connectDocker } from '../harness/runtime/docker-client.js';
import { DockerRuntime, type DockerRuntimeOptions } from '../harness/runtime/docker-runtime.js';
import type Docker from 'dockerode';
import type { VariantPlan } from '../harness/scenario/expand.js';
import { join } from 'node:path';

export interface BenchContext {
  docker: Docker;
  images: Images;
  /** the reusing runtime every benchmark shares */
  runtime: DockerRuntime;
  /** for a benchmark that needs runtimes of its own */
  runtimeOptions: DockerRuntimeOptions;
  runId: string;
  /** the bench's own scenarios (bench/scenarios/NAME.yaml), as plans */
  plans(name: string): Promise<VariantPlan[]>;
  /** `next`: the variant that runs after it, as a serial run passes it (its new containers may start during this one's load) */
  run(plan: VariantPlan, next?: VariantPlan): Promise<VariantRun>;
  log(line: string): void;
}

export async function benchContext(runId: string, log: (line: string) => void): Promise<BenchContext> {
  const docker = await connectDocker();
  const images = resolveImages(process.env);
  const runtimeOptions = { docker, runId, images, backendBundle: join(packageRoot(), 'dist', 'backend', 'server.cjs') };
  const runtime = new DockerRuntime(runtimeOptions);
  return {
    docker,
    images,
    runtime,
    runtimeOptions,
    runId,
    plans: (name) => loadPlans([join(packageRoot(), 'bench', 'scenarios', `${name}.yaml`)]),
    run: (plan, next) => runVariant(plan, { runtime, driver: new DefaultDriver(), images, signal: new AbortController().signal, ...(next ? { next } : {}) }),
    log,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round = (n: number, digits = 1) => Number(n.toFixed(digits));
