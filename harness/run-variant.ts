/**
 * Runs one variant plan: start the environment, drive load, collect, stop, evaluate. The
 * environment is stopped on every path (success, failure, abort); evaluation is pure and never
 * touches Docker.
 */
import type { Images } from './config/images.js';
import { evaluate } from './expect/evaluate.js';
import type { LoadDriver } from './load/load-driver.js';
import { buildObservation } from './observe/build-observation.js';
import type { Observation } from './observe/observation.js';
import { outcomeOf, type VariantResult } from './report/run-report.js';
import type { NginxLogs, Runtime, StartedEnvironment } from './runtime/runtime.js';
import type { VariantPlan } from './scenario/expand.js';

export interface VariantDeps {
  runtime: Runtime;
  driver: LoadDriver;
  images: Images;
  signal: AbortSignal;
  /** nginx's host port on 127.0.0.1; a free one when omitted */
  nginxHostPort?: number;
}

export interface VariantRun {
  result: VariantResult;
  logs: NginxLogs;
}

export class RunAborted extends Error {
  constructor() {
    super('interrupted');
  }
}

export async function runVariant(plan: VariantPlan, deps: VariantDeps): Promise<VariantRun> {
  const startedAt = new Date().toISOString();
  let t = performance.now();
  const environment: StartedEnvironment = await deps.runtime.start({
    label: `${plan.scenario.name}/${plan.variant.name}`,
    backends: plan.backends,
    nginxConfig: plan.nginxConfig,
    ...(deps.nginxHostPort !== undefined ? { nginxHostPort: deps.nginxHostPort } : {}),
  });
  const startMs = performance.now() - t;
  let collected: Omit<Observation, 'accessLog' | 'errorLog' | 'reconciliation'> & { logs: NginxLogs };
  try {
    if (deps.signal.aborted) throw new RunAborted();
    t = performance.now();
    const client = await deps.driver.run({ ...plan.load, baseUrl: environment.nginxUrl }, deps.signal);
    const loadMs = performance.now() - t;
    if (deps.signal.aborted) throw new RunAborted();

    t = performance.now();
    const [logs, containers, nginxVersion] = await Promise.all([environment.readLogs(), environment.facts(), environment.nginxVersion()]);
    const collectMs = performance.now() - t;
    collected = {
      scenario: plan.scenario.name,
      variant: plan.variant.name,
      startedAt,
      nginxVersion,
      images: deps.images,
      nginxConfig: plan.nginxConfig,
      client,
      logs,
      containers,
      timings: { startMs, loadMs, collectMs, stopMs: 0 },
    };
  } finally {
    t = performance.now();
    await environment.stop();
  }
  collected.timings.stopMs = performance.now() - t;

  const observation = buildObservation(collected);
  const verdicts = evaluate(plan.variant.expect, observation);
  return {
    result: { scenario: plan.scenario.name, variant: plan.variant.name, file: plan.file, outcome: outcomeOf(verdicts), verdicts, observation },
    logs: collected.logs,
  };
}
