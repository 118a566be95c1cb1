/**
 * `badgateway tune --sweep proxy_read_timeout=200ms..2s/10`: what each value of an nginx parameter
 * (or a grid of two) does to the error rate under load, and the smallest value that meets the
 * budget and the timeout rule, with the measured upstream p99 it rests on.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Images } from '../../config/images.js';
import { UsageError } from '../../errors.js';
import { DefaultDriver } from '../../load/default-driver.js';
import { parseBudgets } from '../../matrix/budget.js';
import { loadTemplate } from '../../nginx/template-registry.js';
import { parseComparator } from '../../expect/comparator.js';
import { removeLabelled } from '../../runtime/cleanup.js';
import { connectDocker } from '../../runtime/docker-client.js';
import { DockerRuntime } from '../../runtime/docker-runtime.js';
import { ensureImages } from '../../runtime/ensure-images.js';
import { appServerImages } from '../../runtime/backend-container.js';
import { spawnReaper } from '../../runtime/reaper.js';
import { packageRoot } from '../../package-root.js';
import { parseDurationMs, formatMs } from '../../scenario/units.js';
import { recommend, type SweepPoint } from '../../tune/recommend.js';
import { renderSweepChart, renderSweepSvg, renderSweepTable } from '../../tune/render-sweep.js';
import { runSweep } from '../../tune/run-sweep.js';
import { latencyScenario, sweepPoints, type SweptParam } from '../../tune/sweep-plan.js';
import { sweepValues } from '../../tune/sweep-values.js';
import { EXIT } from '../exit-codes.js';
import { newRunId, type Io } from '../execute-plans.js';
import { catchInterrupts } from '../interrupts.js';
import { loadScenarios } from '../load-plans.js';

export interface TuneOptions {
  scenarioFile?: string;
  sweeps: string[];
  backendP50: string;
  backendP99: string;
  backendTimeout?: string;
  budget: string;
  connections: number;
  duration: string;
  outDir: string;
  images: Images;
}

export async function tuneCommand(options: TuneOptions, io: Io): Promise<number> {
  if (options.sweeps.length === 0 || options.sweeps.length > 2) throw new UsageError('tune needs one --sweep NAME=VALUES, or two for a grid', 'e.g. --sweep proxy_read_timeout=200ms..2s/10');
  const budget = parseBudgets([options.budget]);
  const share = budget.ok ? parseComparator(String(budget.value.status?.['5xx'] ?? '')) : undefined;
  if (!budget.ok || !share?.ok || share.value.unit !== 'share') throw new UsageError(`--budget ${options.budget}: write a 5xx share (e.g. 5xx<=1%)`, 'See badgateway --help.');
  const backendTimeoutMs = options.backendTimeout === undefined ? undefined : parseDurationMs(options.backendTimeout);
  if (options.backendTimeout !== undefined && backendTimeoutMs === undefined) throw new UsageError(`--backend-timeout ${options.backendTimeout} is not a duration`, 'e.g. --backend-timeout 30s');

  const base = options.scenarioFile
    ? (await loadScenarios([options.scenarioFile]))[0]!
    : { file: 'tune', scenario: latencyScenario(options.backendP50, options.backendP99, { connections: options.connections, duration: options.duration }) };
  const template = loadTemplate(base.scenario.nginx.template)!;
  const swept: SweptParam[] = options.sweeps.map((text) => {
    const [param, values] = [text.slice(0, text.indexOf('=')), text.slice(text.indexOf('=') + 1)];
    const spec = Object.hasOwn(template.params, param) ? template.params[param] : undefined;
    if (!spec || !values) throw new UsageError(`--sweep ${text}: write NAME=VALUES with a parameter of ${template.name} (${Object.keys(template.params).join(', ')})`, 'e.g. --sweep proxy_read_timeout=200ms,500ms,1s');
    const parsed = sweepValues(param, spec, values);
    if (!parsed.ok) throw new UsageError(parsed.error, 'e.g. --sweep proxy_read_timeout=200ms..2s/10');
    return { param, values: parsed.value };
  });
  const points = sweepPoints(base.file, base.scenario, swept);
  const params = swept.map((s) => s.param);

  const docker = await connectDocker();
  const backends = points.flatMap((p) => p.plan.backends);
  await ensureImages(docker, options.images, backends.filter((b) => b.app).map((b) => b.app!.image), appServerImages(backends, options.images));
  const runId = newRunId();
  spawnReaper(runId);
  const interrupts = catchInterrupts(io.err);
  const runtime = new DockerRuntime({ docker, runId, images: options.images, backendBundle: join(packageRoot(), 'dist', 'backend', 'server.cjs') });
  io.out.write(`tune: ${params.join(' × ')} over ${points.length} point(s) against ${base.scenario.summary}\n`);
  let results: SweepPoint[];
  try {
    results = await runSweep({
      points, runtime, driver: new DefaultDriver(), signal: interrupts.signal,
      onPoint: (p, i) => io.out.write(`[${i + 1}/${points.length}] ${params.map((n) => `${n} ${p.values[n]}`).join(', ')}: ${p.requests} requests, 5xx ${Number(p.share5xx.toFixed(2))}%, upstream p99 ${formatMs(p.upstreamHeaderP99Ms)}\n`),
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
  const recommendation = recommend(params[0]!, results, share.value.value, backendTimeoutMs);
  const dir = join(options.outDir, runId);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'tune.svg'), renderSweepSvg(results, params, recommendation));
  await writeFile(join(dir, 'tune.json'), JSON.stringify({ runId, params, budget: options.budget, points: results, recommendation }, null, 2) + '\n');
  io.out.write(`\n${renderSweepTable(results, params)}\n\n5xx share against ${params.join(' × ')}:\n${renderSweepChart(results, params)}\n\n`);
  io.out.write(`recommendation: ${recommendation.text}\nreport: ${join(dir, 'tune.json')}\nchart: ${join(dir, 'tune.svg')}\n`);
  return recommendation.value === null ? EXIT.expectationFailed : EXIT.ok;
}
