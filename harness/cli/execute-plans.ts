/**
 * Runs variant plans one after another (two at once on a small machine would distort each other's
 * timings), repeated when asked. Removes what it created on success, failure and interrupt;
 * writes each variant's evidence (nginx.conf, access.log, error.log) and, last, the reports.
 * Shared by `run` and `gate`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { arch, cpus, hostname, platform } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Images } from '../config/images.js';
import { AutocannonDriver } from '../load/autocannon-driver.js';
import { findFlakes } from '../matrix/flakes.js';
import { packageRoot, packageVersion } from '../package-root.js';
import { renderRunSummary, renderVariantResult } from '../report/console-report.js';
import { buildRunReport, toVariantError, type RunReport, type VariantResult } from '../report/run-report.js';
import { writeReports, type ReportFormat } from '../report/write-reports.js';
import { RunAborted, runVariant, type VariantDeps } from '../run-variant.js';
import { orphanedRunIds, removeLabelled } from '../runtime/cleanup.js';
import { connectDocker } from '../runtime/docker-client.js';
import { DockerRuntime } from '../runtime/docker-runtime.js';
import { ensureImages } from '../runtime/ensure-images.js';
import { isProcessAlive, spawnReaper } from '../runtime/reaper.js';
import type { VariantPlan } from '../scenario/expand.js';
import { EXIT } from './exit-codes.js';
import { catchInterrupts } from './interrupts.js';
import { createProgress } from './progress.js';

export interface ExecuteOptions {
  outDir: string;
  images: Images;
  nginxHostPort?: number;
  repeat: number;
  formats: ReportFormat[];
  color: boolean;
}

export interface Io {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream;
}

export interface Executed {
  exitCode: number;
  report?: RunReport;
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export async function executePlans(plans: VariantPlan[], options: ExecuteOptions, io: Io): Promise<Executed> {
  const docker = await connectDocker();
  await ensureImages(docker, options.images, plans.flatMap((p) => p.backends.filter((b) => b.app).map((b) => b.app!.image)));
  await removeOrphans(docker, io);

  const runId = newRunId();
  const runDir = join(options.outDir, runId);
  const startedAt = new Date().toISOString();
  spawnReaper(runId);
  const interrupts = catchInterrupts(io.err);
  const runtime = new DockerRuntime({ docker, runId, images: options.images, backendBundle: join(packageRoot(), 'dist', 'backend', 'server.cjs') });
  const progress = createProgress(io.out, plans.length * options.repeat);
  const repeats: VariantResult[][] = [];
  try {
    for (let repeat = 1; repeat <= options.repeat; repeat++) {
      const results: VariantResult[] = [];
      for (const plan of plans) {
        progress.variantStarted(`${plan.scenario.name} / ${plan.variant.name}${options.repeat > 1 ? ` (repeat ${repeat})` : ''}`);
        const variantDir = join(runDir, ...(options.repeat > 1 ? [`repeat-${repeat}`] : []), plan.scenario.name, plan.variant.name);
        const result = await runOne(plan, variantDir, { runtime, images: options.images, signal: interrupts.signal, onProgress: progress.load, ...(options.nginxHostPort !== undefined ? { nginxHostPort: options.nginxHostPort } : {}) });
        progress.variantEnded();
        results.push(options.repeat > 1 ? { ...result, repeat } : result);
        io.out.write(renderVariantResult(result, { color: options.color }) + '\n');
      }
      repeats.push(results);
    }
  } catch (error) {
    progress.variantEnded();
    if (!(error instanceof RunAborted)) throw error;
    await removeLabelled(docker, runId);
    const left = await removeLabelled(docker, runId);
    io.err.write(left.containers + left.networks === 0
      ? 'interrupted: every container and network of this run is removed; no report written\n'
      : `interrupted: ${left.containers} container(s) and ${left.networks} network(s) could not be removed; run \`badgateway clean\`\n`);
    return { exitCode: EXIT.interrupted };
  } finally {
    interrupts.dispose();
    // The runtime keeps containers between variants; whatever it cannot remove, the labels find.
    await runtime.dispose().catch(() => undefined);
    await removeLabelled(docker, runId);
  }

  const results = repeats.flat();
  const notes = [...new Set(plans.flatMap((p) => p.configNotes))];
  const report = buildRunReport({
    runId, startedAt, finishedAt: new Date().toISOString(), badgateway: packageVersion(),
    host: { platform: platform(), arch: arch(), node: process.version, cpus: cpus().length },
    results,
    ...(options.repeat > 1 ? { flakes: findFlakes(repeats) } : {}),
    notes,
  });
  const paths = await writeReports(report, runDir, options.formats);
  io.out.write(renderRunSummary(report, paths, { color: options.color }) + '\n');
  return { exitCode: exitCodeOf(results), report };
}

async function runOne(plan: VariantPlan, dir: string, deps: Omit<VariantDeps, 'driver'>): Promise<VariantResult> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'nginx.conf'), plan.nginxConfig);
  try {
    const run = await runVariant(plan, { ...deps, driver: new AutocannonDriver() });
    await writeFile(join(dir, 'access.log'), run.logs.access);
    await writeFile(join(dir, 'error.log'), run.logs.error);
    return run.result;
  } catch (error) {
    if (error instanceof RunAborted || deps.signal.aborted) throw new RunAborted();
    return { scenario: plan.scenario.name, variant: plan.variant.name, file: plan.file, outcome: 'error', verdicts: [], error: toVariantError(error) };
  }
}

export function exitCodeOf(results: VariantResult[]): number {
  if (results.some((r) => r.outcome === 'error')) return results.some((r) => r.error?.kind === 'input') ? EXIT.invalidInput : EXIT.infrastructure;
  return results.some((r) => r.outcome === 'failed') ? EXIT.expectationFailed : EXIT.ok;
}

/** Leftovers of an earlier run on this host whose process is gone (a crash, a SIGKILL). */
async function removeOrphans(docker: Docker, io: Io): Promise<void> {
  for (const runId of await orphanedRunIds(docker, hostname(), isProcessAlive)) {
    const removed = await removeLabelled(docker, runId);
    io.err.write(`removed ${removed.containers} container(s) and ${removed.networks} network(s) left by crashed run ${runId}\n`);
  }
}
