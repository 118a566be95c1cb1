/**
 * `npm run bench`: figures about the harness itself (not timed tests). Prints them and writes
 * reports/bench/<stamp>.json and reports/bench/latest.md. --quick shortens every part;
 * --catalog-runs=N repeats the catalog; --catalog-jobs=N runs it once more as `run --jobs N` takes it.
 * --only=limits runs the scenario format's maximums instead (long: 1,000 connections, 1,000,000
 * requests, 300 s), written to reports/bench/limits-<stamp>.json and reports/bench/limits.md;
 * --limits=connections,requests,duration picks cases, --requests=N and --duration=Ns shrink them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { newRunId } from '../harness/cli/execute-plans.js';
import { BadgatewayError } from '../harness/errors.js';
import { packageRoot } from '../harness/package-root.js';
import { removeLabelled } from '../harness/runtime/cleanup.js';
import { measureAccuracy } from './accuracy.js';
import { benchContext } from './bench-context.js';
import { measureCatalog } from './catalog.js';
import { measureDriverAndMemory, measureStalled } from './driver-vs-wrk.js';
import { DEFAULT_LIMITS_OPTIONS, measureLimits, type LimitsOptions } from './limits.js';
import { measureOverhead } from './overhead.js';
import { renderLimitsMarkdown } from './render-limits.js';
import { renderBenchMarkdown, renderCatalogMarkdown } from './render-markdown.js';

const quick = process.argv.includes('--quick');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
/** --only=driver: only the load driver's figures (driver vs wrk, memory, the stalled backend); --only=overhead: only the per-variant overhead; --only=catalog: only the catalog (with --catalog-runs, --catalog-jobs); --only=limits: the maximums */
const only = arg('only');
const limitsOptions: LimitsOptions = {
  cases: arg('limits')?.split(',').filter(Boolean) ?? DEFAULT_LIMITS_OPTIONS.cases,
  requests: Number(arg('requests') ?? DEFAULT_LIMITS_OPTIONS.requests),
  duration: arg('duration') ?? DEFAULT_LIMITS_OPTIONS.duration,
  connectionsSeconds: DEFAULT_LIMITS_OPTIONS.connectionsSeconds,
};
const catalogRuns = Number(process.argv.find((a) => a.startsWith('--catalog-runs='))?.split('=')[1] ?? (quick ? 1 : 2));
/** with --catalog-jobs=N, the catalog once more as `run --jobs N` takes it, its verdicts against the serial ones */
const catalogJobs = Number(process.argv.find((a) => a.startsWith('--catalog-jobs='))?.split('=')[1] ?? 1);
const log = (line: string) => process.stdout.write(`${line}\n`);

const runId = `bench-${newRunId()}`;
const ctx = await benchContext(runId, log).catch(fail);
const cleanup = () => removeLabelled(ctx.docker, runId).finally(() => process.exit(130));
process.once('SIGINT', cleanup);
process.once('SIGTERM', cleanup);
try {
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, images: ctx.images };
  const dir = join(packageRoot(), 'reports', 'bench');
  if (only === 'limits') {
    const report = { at: new Date().toISOString(), machine, cases: await measureLimits(limitsOptions, log) };
    const markdown = renderLimitsMarkdown(report);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `limits-${report.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(report, null, 2) + '\n');
    await writeFile(join(dir, 'limits.md'), markdown);
    log('');
    log(markdown);
  } else if (only === 'overhead') {
    log('overhead per variant…');
    const overhead = await measureOverhead(ctx, quick ? 3 : 5);
    log(JSON.stringify(overhead, null, 2));
  } else if (only === 'catalog') {
    log(`the catalog, ${catalogRuns} time(s)${catalogJobs > 1 ? `, then with --jobs ${catalogJobs}` : ''}…`);
    const catalog = await measureCatalog(ctx, catalogRuns, catalogJobs);
    log('');
    log(renderCatalogMarkdown(catalog));
  } else if (only === 'driver') {
    log('load driver against wrk, and memory…');
    const { driver, memory } = await measureDriverAndMemory(ctx, quick ? 20 : 60, quick ? 3 : 7);
    log('open model against a stalled backend…');
    const stalled = await measureStalled(ctx);
    log(JSON.stringify({ driver, memory, stalled }, null, 2));
  } else {
  log('overhead per variant…');
  const overhead = await measureOverhead(ctx, quick ? 3 : 5);
  log('load driver against wrk, and memory…');
  const { driver, memory } = await measureDriverAndMemory(ctx, quick ? 20 : 60, quick ? 3 : 7);
  log('open model against a stalled backend…');
  const stalled = await measureStalled(ctx);
  log('accuracy…');
  const accuracy = await measureAccuracy(ctx);
  log(`the catalog, ${catalogRuns} time(s)…`);
  const catalog = await measureCatalog(ctx, catalogRuns, catalogJobs);
  const figures = { at: new Date().toISOString(), quick, machine, overhead, driver, memory, stalled, accuracy, catalog };
  await mkdir(dir, { recursive: true });
  const markdown = renderBenchMarkdown(figures);
  await writeFile(join(dir, `${figures.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(figures, null, 2) + '\n');
  await writeFile(join(dir, 'latest.md'), markdown);
  log('');
  log(markdown);
  }
} catch (error) {
  await removeLabelled(ctx.docker, runId).catch(() => undefined);
  fail(error);
} finally {
  await ctx.runtime.dispose().catch(() => undefined);
  await removeLabelled(ctx.docker, runId).catch((error: unknown) => fail(error));
}

function fail(error: unknown): never {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof BadgatewayError && error.hint) process.stderr.write(`hint: ${error.hint}\n`);
  process.exit(error instanceof BadgatewayError && error.kind === 'input' ? 2 : 3);
}
