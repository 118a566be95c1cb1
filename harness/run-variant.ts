/**
 * Runs one variant plan: start the environment, drive load, collect, stop, evaluate. The
 * environment is stopped on every path (success, failure, abort); evaluation is pure and never
 * touches Docker.
 */
import type { Images } from './config/images.js';
import { EngineFaultError } from './errors.js';
import { evaluate } from './expect/evaluate.js';
import { integrityVerdicts } from './expect/integrity.js';
import { DEFAULT_JUDGE_CONTEXT, type JudgeContext } from './expect/verdict.js';
import { runTimeline } from './chaos/timeline.js';
import type { LoadDriver, LoadProgress } from './load/load-driver.js';
import { buildObservation } from './observe/build-observation.js';
import { LogSummariesTally, type LogSummaries } from './observe/log-summaries.js';
import type { ClientObservation, Observation, TimelineEntry } from './observe/observation.js';
import { outcomeOf, type VariantResult } from './report/run-report.js';
import type { EnvironmentSpec, NginxLogs, Runtime, StartedEnvironment } from './runtime/runtime.js';
import { runsAloneBecause } from './matrix/run-order.js';
import type { ResourceWatch } from './run-resources.js';
import { earlyStopOf } from './gate/early-decision.js';
import type { VariantPlan } from './scenario/expand.js';
import { environmentSpecOf } from './runtime/plan-environment.js';

export interface VariantDeps {
  runtime: Runtime;
  driver: LoadDriver;
  images: Images;
  signal: AbortSignal;
  /** nginx's host port on 127.0.0.1; a free one when omitted */
  nginxHostPort?: number;
  onProgress?: (progress: LoadProgress) => void;
  /** confidence level of share intervals (0.95 when omitted) */
  judge?: JudgeContext;
  /** notes what the load depends on and watches it: the load stops as soon as some of it goes away */
  watchResources?: () => Promise<ResourceWatch>;
  /**
   * the variant most likely to run next on this runtime: while this one's load runs (unless this
   * one runs alone, its timing being what it measures), the runtime may start what that one will need
   */
  next?: VariantPlan;
  /**
   * the variant's evidence folder: nginx's logs are streamed into it (access.log, error.log) and
   * summarized on the way, in bounded memory; without it they are read whole and returned as text
   */
  evidenceDir?: string;
}

export interface VariantRun {
  result: VariantResult;
  /** nginx's logs as text, when they were not streamed into deps.evidenceDir */
  logs?: NginxLogs;
}

export class RunAborted extends Error {
  constructor() {
    super('interrupted');
  }
}

/** A container of the plan may stop and start again, or leave its network and join it again. */
export function containersMayRestart(plan: Pick<VariantPlan, 'chaos' | 'backends'>): boolean {
  return plan.chaos.some((a) => a.action === 'restart' || a.action === 'start' || a.action === 'connect')
    || plan.backends.some((b) => b.restart !== 'no');
}

function environmentOf(plan: VariantPlan, nginxHostPort: number | undefined): EnvironmentSpec {
  return { ...environmentSpecOf(plan, nginxHostPort), ...(containersMayRestart(plan) ? { containersMayRestart: true } : {}) };
}

export async function runVariant(plan: VariantPlan, deps: VariantDeps): Promise<VariantRun> {
  const startedAt = new Date().toISOString();
  let t = performance.now();
  const environment: StartedEnvironment = await deps.runtime.start(environmentOf(plan, deps.nginxHostPort));
  const startMs = performance.now() - t;
  // What the load depends on, noted as soon as it stands: a removal from outside is named, not measured.
  const watch = deps.watchResources ? await deps.watchResources().catch(async (error: unknown) => { await environment.stop(); throw error; }) : undefined;
  let collected: Omit<Observation, 'accessLog' | 'errorLog' | 'reconciliation'> & { logs: LogSummaries };
  let text: NginxLogs | undefined;
  try {
    if (deps.signal.aborted) throw new RunAborted();
    const servedBefore = await environment.served();
    const events = await environment.recordEvents();
    // Chaos runs on the load's clock: it starts when the first request goes out, ends with the load.
    const live = { responses: 0 };
    const loadEnded = new AbortController();
    let timeline: Promise<TimelineEntry[]> = Promise.resolve([]);
    t = performance.now();
    const early = earlyStopOf(plan, deps.onProgress);
    const measured = await (environment.loadDriver ?? deps.driver)
      .run({ ...plan.load, baseUrl: environment.nginxUrl }, watch ? AbortSignal.any([deps.signal, watch.lost]) : deps.signal, {
        ...(early.onProgress ? { onProgress: early.onProgress } : {}),
        ...(early.stopSending ? { stopSending: early.stopSending } : {}),
        live,
        onStart: (clock) => {
          timeline = runTimeline(plan.chaos, environment, clock, live, loadEnded.signal);
          if (deps.next && runsAloneBecause(plan) === undefined) deps.runtime.prepare?.(environmentOf(deps.next, deps.nginxHostPort));
        },
      })
      .finally(() => loadEnded.abort());
    // an early stop is told only when it left requests unsent
    const stoppedEarly = early.stopped();
    const cut = stoppedEarly !== undefined && measured.sent < (plan.load.requests ?? 0);
    const client = withDeclaredRequests(cut ? { ...measured, stoppedEarly } : measured, plan.load);
    const loadMs = performance.now() - t;
    const timelineEntries = await timeline;
    const containerEvents = events.stop(client.startedAtEpochMs);
    if (deps.signal.aborted) throw new RunAborted();
    const missing = watch ? await watch.missing() : [];
    // what the engine reported gone stopped the load, even if it is back by now
    if (missing.length === 0 && watch?.lost.aborted) missing.push(String(watch.lost.reason));
    if (missing.length > 0) {
      throw new EngineFaultError(`${plan.scenario.name}/${plan.variant.name}: during the load ${missing.join('; ')}, by something outside badgateway (docker rm, docker network rm, a prune, badgateway clean --all); what this variant measured is not nginx's doing and is not kept.`, 'Run it again without touching its containers and networks.');
    }

    t = performance.now();
    const tally = new LogSummariesTally(client.startedAtEpochMs);
    const evidenceDir = deps.evidenceDir;
    const read = evidenceDir !== undefined ? environment.saveLogs(evidenceDir, (log, line) => tally.add(log, line)).then(() => undefined) : environment.readLogs();
    const [logText, containers, nginxVersion] = await Promise.all([read, environment.facts(servedBefore), environment.nginxVersion()]);
    text = logText;
    const logs = logText ? LogSummariesTally.ofText(logText, client.startedAtEpochMs) : tally.summaries();
    const collectMs = performance.now() - t;
    collected = {
      scenario: plan.scenario.name,
      variant: plan.variant.name,
      startedAt,
      nginxVersion,
      images: plan.nginxImage !== undefined ? { ...deps.images, nginx: plan.nginxImage } : deps.images,
      nginxConfig: plan.nginxConfig,
      client,
      logs,
      containers,
      timeline: timelineEntries,
      containerEvents,
      timings: { startMs, start: environment.startTimings, loadMs, collectMs, stopMs: 0 },
    };
  } finally {
    watch?.stop();
    t = performance.now();
    await environment.stop();
  }
  collected.timings.stopMs = performance.now() - t;

  const observation = buildObservation(collected);
  const verdicts = [...evaluate(plan.variant.expect, observation, deps.judge ?? DEFAULT_JUDGE_CONTEXT), ...integrityVerdicts(observation)];
  return {
    result: { scenario: plan.scenario.name, variant: plan.variant.name, file: plan.file, ...versionOf(plan), outcome: outcomeOf(verdicts), verdicts, observation },
    ...(text ? { logs: text } : {}),
  };
}

/** A closed-model load bounded by its request count only must send them all: the count goes with what was measured. */
function withDeclaredRequests(client: ClientObservation, load: VariantPlan['load']): ClientObservation {
  const bounded = load.requests !== undefined && load.durationMs === undefined && !load.stages && !load.arrival;
  return bounded ? { ...client, declaredRequests: load.requests! } : client;
}

/** The version line a plan asked for, as its result records it. */
export function versionOf(plan: VariantPlan): { nginxVersion?: string } {
  return plan.nginxVersion !== undefined ? { nginxVersion: plan.nginxVersion } : {};
}
