/**
 * `badgateway run <paths>`: every variant of every scenario, one after another (two runs at once
 * on a small machine would distort each other's timings). Validates everything before Docker is
 * touched; removes what it created on success, failure and interrupt; writes the evidence of each
 * variant (nginx.conf, access.log, error.log) and, last and atomically, report.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { arch, cpus, hostname, platform } from 'node:os';
import { join } from 'node:path';
import type { Images } from '../../config/images.js';
import { AutocannonDriver } from '../../load/autocannon-driver.js';
import { packageRoot, packageVersion } from '../../package-root.js';
import { renderRunSummary, renderVariantResult } from '../../report/console-report.js';
import { JsonReporter } from '../../report/json-reporter.js';
import { buildRunReport, toVariantError, type VariantResult } from '../../report/run-report.js';
import { RunAborted, runVariant } from '../../run-variant.js';
import { orphanedRunIds, removeLabelled } from '../../runtime/cleanup.js';
import { connectDocker } from '../../runtime/docker-client.js';
import { DockerRuntime } from '../../runtime/docker-runtime.js';
import { ensureImages } from '../../runtime/ensure-images.js';
import { isProcessAlive, spawnReaper } from '../../runtime/reaper.js';
import { EXIT } from '../exit-codes.js';
import { catchInterrupts } from '../interrupts.js';
import { loadPlans } from '../load-plans.js';

export interface RunOptions {
  paths: string[];
  outDir: string;
  images: Images;
  nginxHostPort?: number;
  color: boolean;
}

export interface Io {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export async function runCommand(options: RunOptions, io: Io): Promise<number> {
  const plans = await loadPlans(options.paths);
  const docker = await connectDocker();
  await ensureImages(docker, options.images);
  await removeOrphans(docker, io);

  const runId = newRunId();
  const runDir = join(options.outDir, runId);
  const startedAt = new Date().toISOString();
  spawnReaper(runId);
  const interrupts = catchInterrupts(io.err);
  const runtime = new DockerRuntime({ docker, runId, images: options.images, backendBundle: join(packageRoot(), 'dist', 'backend', 'server.cjs') });
  const driver = new AutocannonDriver();
  const results: VariantResult[] = [];
  try {
    for (const [index, plan] of plans.entries()) {
      io.out.write(`[${index + 1}/${plans.length}] ${plan.scenario.name} / ${plan.variant.name}: running\n`);
      const variantDir = join(runDir, plan.scenario.name, plan.variant.name);
      await mkdir(variantDir, { recursive: true });
      await writeFile(join(variantDir, 'nginx.conf'), plan.nginxConfig);
      let result: VariantResult;
      try {
        const run = await runVariant(plan, { runtime, driver, images: options.images, signal: interrupts.signal, ...(options.nginxHostPort !== undefined ? { nginxHostPort: options.nginxHostPort } : {}) });
        await writeFile(join(variantDir, 'access.log'), run.logs.access);
        await writeFile(join(variantDir, 'error.log'), run.logs.error);
        result = run.result;
      } catch (error) {
        if (error instanceof RunAborted || interrupts.signal.aborted) throw new RunAborted();
        result = { scenario: plan.scenario.name, variant: plan.variant.name, file: plan.file, outcome: 'error', verdicts: [], error: toVariantError(error) };
      }
      results.push(result);
      io.out.write(renderVariantResult(result, { color: options.color }) + '\n');
    }
  } catch (error) {
    if (!(error instanceof RunAborted)) throw error;
    await removeLabelled(docker, runId);
    const left = await removeLabelled(docker, runId);
    io.err.write(left.containers + left.networks === 0
      ? 'interrupted: every container and network of this run is removed; no report written\n'
      : `interrupted: ${left.containers} container(s) and ${left.networks} network(s) could not be removed; run \`badgateway clean\`\n`);
    return EXIT.interrupted;
  } finally {
    interrupts.dispose();
    await removeLabelled(docker, runId);
  }

  const report = buildRunReport({
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    badgateway: packageVersion(),
    host: { platform: platform(), arch: arch(), node: process.version, cpus: cpus().length },
    results,
  });
  const paths = await new JsonReporter().write(report, runDir);
  io.out.write(renderRunSummary(report, paths, { color: options.color }) + '\n');
  if (results.some((r) => r.outcome === 'error')) return results.some((r) => r.error?.kind === 'input') ? EXIT.invalidInput : EXIT.infrastructure;
  return results.some((r) => r.outcome === 'failed') ? EXIT.expectationFailed : EXIT.ok;
}

/** Leftovers of an earlier run on this host whose process is gone (a crash, a SIGKILL). */
async function removeOrphans(docker: Awaited<ReturnType<typeof connectDocker>>, io: Io): Promise<void> {
  for (const runId of await orphanedRunIds(docker, hostname(), isProcessAlive)) {
    const removed = await removeLabelled(docker, runId);
    io.err.write(`removed ${removed.containers} container(s) and ${removed.networks} network(s) left by crashed run ${runId}\n`);
  }
}
