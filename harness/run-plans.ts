/**
 * Runs variant plans one after another (two at once on a small machine would distort each other's
 * timings), repeated when asked, and builds the RunReport. Removes what it created on success,
 * failure and abort; with an output folder, writes each variant's evidence (nginx.conf,
 * access.log, error.log) and, last, the reports. The one runner behind `run`, `gate` and the
 * library's runScenario(); what the CLI prints comes through the hooks. An abort rejects with
 * RunInterrupted once the run's containers and networks are removed.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { arch, cpus, hostname, platform } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Images } from './config/images.js';
import type { JudgeContext } from './expect/verdict.js';
import type { GateReport } from './gate/gate-report.js';
import { DefaultDriver } from './load/default-driver.js';
import type { LoadProgress } from './load/load-driver.js';
import { findFlakes } from './matrix/flakes.js';
import { packageRoot, packageVersion } from './package-root.js';
import { buildRunReport, toVariantError, type RunReport, type ShardFacts, type VariantResult } from './report/run-report.js';
import { writeReports, type ReportFormat } from './report/write-reports.js';
import { RunAborted, runVariant, versionOf, type VariantDeps } from './run-variant.js';
import { RunInterrupted } from './run-interrupted.js';
import { orphanedRunIds, removeLabelled, type Removed } from './runtime/cleanup.js';
import { connectDocker } from './runtime/docker-client.js';
import { DockerRuntime } from './runtime/docker-runtime.js';
import { ensureImages } from './runtime/ensure-images.js';
import { nginxVersionImages } from './runtime/nginx-version-images.js';
import { appServerImages } from './runtime/backend-container.js';
import { isProcessAlive, spawnReaper } from './runtime/reaper.js';
import type { VariantPlan } from './scenario/expand.js';

export interface RunHooks {
  /** an nginx version's image is being pulled or built before the run starts */
  imageProgress?(line: string): void;
  /** leftovers of a crashed earlier run on this host were removed */
  orphansRemoved?(runId: string, removed: Removed): void;
  variantStarted?(label: string): void;
  loadProgress?(progress: LoadProgress): void;
  variantEnded?(result: VariantResult): void;
}

export interface RunPlansOptions {
  images: Images;
  repeat: number;
  signal: AbortSignal;
  /** nginx's host port on 127.0.0.1; a free one when omitted */
  nginxHostPort?: number;
  /** reports and evidence go to <outDir>/<runId>/; nothing is written when omitted */
  outDir?: string;
  formats?: ReportFormat[];
  /** recorded in the report with --shard i/n */
  shard?: ShardFacts;
  /** confidence level of share intervals (0.95 when omitted) */
  judge?: JudgeContext;
  /** the gate: its verdict per failure mode, from the results */
  gate?: (results: VariantResult[]) => GateReport;
  hooks?: RunHooks;
}

export interface PlansRun {
  report: RunReport;
  /** the report files written, in writing order (report.json last) */
  reportPaths: string[];
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export async function runPlans(given: VariantPlan[], options: RunPlansOptions): Promise<PlansRun> {
  const hooks = options.hooks ?? {};
  let plans = given;
  const docker = await connectDocker();
  await ensureImages(docker, options.images, plans.flatMap((p) => p.backends.filter((b) => b.app).map((b) => b.app!.image)), appServerImages(plans.flatMap((p) => p.backends), options.images));
  await removeOrphans(docker, hooks);
  plans = await withNginxImages(docker, plans, hooks);

  const runId = newRunId();
  const runDir = options.outDir === undefined ? undefined : join(options.outDir, runId);
  const startedAt = new Date().toISOString();
  const reaper = spawnReaper(runId);
  const runtime = new DockerRuntime({ docker, runId, images: options.images, backendBundle: join(packageRoot(), 'dist', 'backend', 'server.cjs') });
  const repeats: VariantResult[][] = [];
  try {
    for (let repeat = 1; repeat <= options.repeat; repeat++) {
      const results: VariantResult[] = [];
      for (const plan of plans) {
        hooks.variantStarted?.(`${plan.scenario.name} / ${plan.variant.name}${options.repeat > 1 ? ` (repeat ${repeat})` : ''}`);
        const variantDir = runDir === undefined ? undefined : join(runDir, ...(options.repeat > 1 ? [`repeat-${repeat}`] : []), plan.scenario.name, plan.variant.name);
        const deps = {
          runtime, images: options.images, signal: options.signal,
          ...(hooks.loadProgress ? { onProgress: hooks.loadProgress } : {}),
          ...(options.nginxHostPort !== undefined ? { nginxHostPort: options.nginxHostPort } : {}),
          ...(options.judge ? { judge: options.judge } : {}),
        };
        const result = await runOne(plan, variantDir, deps);
        results.push(options.repeat > 1 ? { ...result, repeat } : result);
        hooks.variantEnded?.(result);
      }
      repeats.push(results);
    }
  } catch (error) {
    if (!(error instanceof RunAborted)) throw error;
    await runtime.dispose().catch(() => undefined);
    await removeLabelled(docker, runId);
    throw new RunInterrupted(await removeLabelled(docker, runId));
  } finally {
    // The runtime keeps containers between variants; whatever it cannot remove, the labels find.
    await runtime.dispose().catch(() => undefined);
    await removeLabelled(docker, runId);
    reaper?.dismiss();
  }

  const results = repeats.flat();
  const report = buildRunReport({
    runId, startedAt, finishedAt: new Date().toISOString(), badgateway: packageVersion(),
    host: { platform: platform(), arch: arch(), node: process.version, cpus: cpus().length },
    results,
    ...(options.repeat > 1 ? { flakes: findFlakes(repeats) } : {}),
    notes: [...new Set(plans.flatMap((p) => p.configNotes))],
    ...(options.gate ? { gate: options.gate(results) } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
  });
  const reportPaths = runDir === undefined ? [] : await writeReports(report, runDir, options.formats ?? []);
  return { report, reportPaths };
}

async function runOne(plan: VariantPlan, dir: string | undefined, deps: Omit<VariantDeps, 'driver'>): Promise<VariantResult> {
  if (dir !== undefined) {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'nginx.conf'), plan.nginxConfig);
  }
  try {
    const run = await runVariant(plan, { ...deps, driver: new DefaultDriver() });
    if (dir !== undefined) {
      await writeFile(join(dir, 'access.log'), run.logs.access);
      await writeFile(join(dir, 'error.log'), run.logs.error);
    }
    return run.result;
  } catch (error) {
    if (error instanceof RunAborted || deps.signal.aborted) throw new RunAborted();
    return { scenario: plan.scenario.name, variant: plan.variant.name, file: plan.file, ...versionOf(plan), outcome: 'error', verdicts: [], error: toVariantError(error) };
  }
}

/** Each plan that asks for an nginx version gets the image that provides it (pulled or built first). */
export async function withNginxImages(docker: Docker, plans: VariantPlan[], hooks: Pick<RunHooks, 'imageProgress'> = {}): Promise<VariantPlan[]> {
  const lines = [...new Set(plans.flatMap((p) => (p.nginxVersion !== undefined && p.nginxImage === undefined ? [p.nginxVersion] : [])))];
  if (lines.length === 0) return plans;
  const images = await nginxVersionImages(docker, lines, (line) => hooks.imageProgress?.(line));
  return plans.map((p) => (p.nginxVersion !== undefined && p.nginxImage === undefined ? { ...p, nginxImage: images[p.nginxVersion]! } : p));
}

/** Leftovers of an earlier run on this host whose process is gone (a crash, a SIGKILL). */
async function removeOrphans(docker: Docker, hooks: RunHooks): Promise<void> {
  for (const runId of await orphanedRunIds(docker, hostname(), isProcessAlive)) {
    hooks.orphansRemoved?.(runId, await removeLabelled(docker, runId));
  }
}
