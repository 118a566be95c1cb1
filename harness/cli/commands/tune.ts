/**
 * `badgateway tune --sweep proxy_read_timeout=200ms..2s/10` (a template parameter), or
 * `badgateway tune --nginx-config nginx.conf --sweep 'location /api/: proxy_read_timeout=1s,5s'`
 * (a directive of the user's config where it stands): what each value, or each pair of a grid,
 * does to the failed share under load, each point with its interval and its result under the
 * budget (the gate's), and the cheapest value or pair that passes and keeps the rule, with what it
 * rests on; with the user's config, the recommendation as a diff of their file.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Images } from '../../config/images.js';
import { UsageError } from '../../errors.js';
import { formatInterval } from '../../expect/judge.js';
import { DEFAULT_CONFIDENCE } from '../../expect/verdict.js';
import { DefaultDriver } from '../../load/default-driver.js';
import { parseBudgets } from '../../matrix/budget.js';
import { loadTemplate } from '../../nginx/template-registry.js';
import { loadUserConfig } from '../../nginx/user-config/load-user-config.js';
import { removeLabelled } from '../../runtime/cleanup.js';
import { connectDocker } from '../../runtime/docker-client.js';
import { DockerRuntime } from '../../runtime/docker-runtime.js';
import { ensureImages } from '../../runtime/ensure-images.js';
import { nginxVersionImages } from '../../runtime/nginx-version-images.js';
import { appServerImages } from '../../runtime/backend-container.js';
import { spawnReaper } from '../../runtime/reaper.js';
import { packageRoot } from '../../package-root.js';
import type { Scenario } from '../../scenario/schema.js';
import { parseDurationMs, formatMs } from '../../scenario/units.js';
import { recommendationDiff } from '../../tune/config-diff.js';
import { pointBudget } from '../../tune/point-budget.js';
import { recommend, type SweptParam } from '../../tune/recommend.js';
import { renderSweepChart, renderSweepSvg, renderSweepTable } from '../../tune/render-sweep.js';
import { configSweeps, templateSweeps } from '../../tune/resolve-sweeps.js';
import { runSweep } from '../../tune/run-sweep.js';
import { configSweepPoints, latencyScenario, sweepPoints, type PlacedParam } from '../../tune/sweep-plan.js';
import type { SweepPoint } from '../../tune/sweep-point.js';
import { EXIT } from '../exit-codes.js';
import { newRunId, type Io } from '../execute-plans.js';
import { catchInterrupts } from '../interrupts.js';
import { loadScenarios } from '../load-plans.js';

export const DEFAULT_TUNE_BUDGET = 'failed<=1%';

export interface TuneOptions {
  scenarioFile?: string;
  nginxConfig?: string;
  sweeps: string[];
  backendP50: string;
  backendP99: string;
  backendTimeout?: string;
  backendIdleTimeout?: string;
  budgets: string[];
  requests?: number;
  connections: number;
  duration: string;
  outDir: string;
  images: Images;
  /** --nginx-version: the line to tune on (its image pulled or built first) */
  nginxVersion?: string;
}

export async function tuneCommand(options: TuneOptions, io: Io): Promise<number> {
  if (options.sweeps.length === 0 || options.sweeps.length > 2) throw new UsageError('tune needs one --sweep NAME=VALUES, or two for a grid', 'e.g. --sweep proxy_read_timeout=200ms..2s/10');
  const budgetTexts = options.budgets.length > 0 ? options.budgets : [DEFAULT_TUNE_BUDGET];
  const parsedBudget = parseBudgets(budgetTexts);
  if (!parsedBudget.ok) throw new UsageError(parsedBudget.error.join('\n'), 'See badgateway tune --help.');
  const budget = pointBudget(parsedBudget.value);
  const backendTimeoutMs = duration('--backend-timeout', options.backendTimeout);

  const base = options.scenarioFile
    ? (await loadScenarios([options.scenarioFile]))[0]!
    : { file: 'tune', scenario: latencyScenario(options.backendP50, options.backendP99, { connections: options.connections, duration: options.duration }) };
  const backendIdleTimeoutMs = duration('--backend-idle-timeout', options.backendIdleTimeout) ?? idleTimeoutOf(base.scenario);
  const input = { file: base.file, base: base.scenario, budget: budget.expect, confidence: DEFAULT_CONFIDENCE, ...(options.requests !== undefined ? { requests: options.requests } : {}) };
  let swept: SweptParam[];
  let placed: PlacedParam[] = [];
  let points;
  if (options.nginxConfig !== undefined) {
    const config = loadUserConfig(options.nginxConfig);
    const host = Object.entries(base.scenario.load.headers).find(([name]) => name.toLowerCase() === 'host')?.[1];
    const resolved = configSweeps(options.sweeps, config, host);
    if (!resolved.ok) throw new UsageError(resolved.error, "e.g. --sweep 'location /api/: proxy_read_timeout=1s,5s' or --sweep 'upstream app: keepalive_timeout=1s,4s'");
    placed = resolved.value;
    swept = placed;
    points = configSweepPoints(input, config, placed, base.scenario.nginx.upstreams ?? {});
    for (const p of placed) {
      io.out.write(`tune: ${p.param} in ${p.placement.context} (${p.placement.block.file}:${p.placement.block.line})${p.placement.existing ? `, now ${p.placement.existing.args.join(' ')}` : ', added there'}\n`);
      for (const where of p.placement.overriddenAt) io.out.write(`tune: note: ${p.param} is also set at ${where}, which overrides it there\n`);
    }
  } else {
    const resolved = templateSweeps(options.sweeps, loadTemplate(base.scenario.nginx.template)!);
    if (!resolved.ok) throw new UsageError(resolved.error, 'e.g. --sweep proxy_read_timeout=200ms,500ms,1s');
    swept = resolved.value;
    points = sweepPoints(input, swept);
  }
  const params = swept.map((s) => s.param);

  const docker = await connectDocker();
  const backends = points.flatMap((p) => p.plan.backends);
  const images = options.nginxVersion === undefined
    ? options.images
    : { ...options.images, nginx: (await nginxVersionImages(docker, [options.nginxVersion], (line) => io.err.write(`${line}\n`)))[options.nginxVersion]! };
  await ensureImages(docker, images, backends.filter((b) => b.app).map((b) => b.app!.image), appServerImages(backends, images));
  const runId = newRunId();
  spawnReaper(runId);
  const interrupts = catchInterrupts(io.err);
  const runtime = new DockerRuntime({ docker, runId, images, backendBundle: join(packageRoot(), 'dist', 'backend', 'server.cjs') });
  const budgetLine = `${budgetTexts.join(', ')}${budget.added ? ` (and ${budget.added}: requests without a complete response count too)` : ''}`;
  io.out.write(`tune: ${params.join(' × ')} over ${points.length} point(s) against ${base.scenario.summary}${options.nginxVersion !== undefined ? ` on nginx ${options.nginxVersion} (${images.nginx})` : ''}\n`);
  io.out.write(`tune: budget ${budgetLine}; every point starts its own nginx and backends (no upstream state shared between points)\n`);
  let results: SweepPoint[];
  try {
    results = await runSweep({
      points, runtime, driver: () => new DefaultDriver(), images, signal: interrupts.signal, confidence: DEFAULT_CONFIDENCE,
      onPoint: (p, i) => io.out.write(`[${i + 1}/${points.length}] ${params.map((n) => `${n} ${p.values[n]}`).join(', ')}: ${p.requests} requests, failed ${Number(p.failedShare.toFixed(2))}% (${p.requests ? formatInterval(p.failedInterval) : 'nothing measured'}), ${p.result}${p.upstreamHeaderSamples ? `, upstream p99 ${formatMs(p.upstreamHeaderP99Ms)}` : ''}\n`),
    });
  } finally {
    interrupts.dispose();
    await runtime.dispose().catch(() => undefined);
    await removeLabelled(docker, runId);
  }
  if (interrupts.signal.aborted) {
    io.err.write('interrupted: every container and network of this sweep is removed\n');
    return EXIT.interrupted;
  }
  const recommendation = recommend(results, swept, {
    budget: budgetLine,
    ...(backendTimeoutMs !== undefined ? { backendTimeoutMs } : {}),
    ...(backendIdleTimeoutMs !== undefined ? { backendIdleTimeoutMs } : {}),
  });
  const dir = join(options.outDir, runId);
  await mkdir(dir, { recursive: true });
  let diff: string | undefined;
  if (recommendation.values && placed.length > 0) {
    const made = recommendationDiff(placed, recommendation.values, (file) => readFileSync(file, 'utf8'));
    diff = made.ok ? made.value : `# ${made.error}\n`;
    await writeFile(join(dir, 'tune.diff'), diff);
  }
  await writeFile(join(dir, 'tune.svg'), renderSweepSvg(results, params, recommendation));
  await writeFile(join(dir, 'tune.json'), JSON.stringify({ runId, params, budget: budgetTexts, pointBudget: budget.expect, points: results, recommendation, ...(diff !== undefined ? { diff } : {}) }, null, 2) + '\n');
  io.out.write(`\n${renderSweepTable(results, params)}\n\nfailed share and its interval against ${params.join(' × ')}:\n${renderSweepChart(results, params)}\n\n`);
  for (const p of results.filter((r) => r.result !== 'pass')) io.out.write(`${params.map((n) => `${n} ${p.values[n]}`).join(', ')}: ${p.result}: ${p.reasons.join('; ')}\n`);
  io.out.write(`\nrecommendation: ${recommendation.text}\n`);
  if (diff !== undefined) io.out.write(diff === '' ? 'your config already has the recommended value\n' : `\n${diff}\n`);
  io.out.write(`report: ${join(dir, 'tune.json')}\nchart: ${join(dir, 'tune.svg')}\n${diff ? `diff: ${join(dir, 'tune.diff')}\n` : ''}`);
  return recommendation.values === null ? EXIT.expectationFailed : EXIT.ok;
}

function duration(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new UsageError(`${flag} ${text} is not a duration`, `e.g. ${flag} 30s`);
  return ms;
}

/** The backends' idle timeout when the scenario declares one (a fake backend's, or an app server's keep-alive), the shortest. */
function idleTimeoutOf(scenario: Scenario): number | undefined {
  const found = scenario.backends.flatMap((b) => {
    const behavior = b.behavior;
    if (behavior?.kind === 'keepalive-close') return [behavior.idle_timeout];
    const server = b.server as Record<string, unknown> | undefined;
    const keep = server?.keep_alive ?? server?.keep_alive_timeout ?? server?.timeout_keep_alive;
    return typeof keep === 'string' ? [keep] : [];
  }).map((d) => parseDurationMs(d)!).filter((ms) => ms > 0);
  return found.length > 0 ? Math.min(...found) : undefined;
}
