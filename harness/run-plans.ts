/**
 * Runs variant plans one after another, or with `jobs` several scenarios at once, each on its own
 * runtime (matrix/run-order.ts says which run alone), repeated when asked, and builds the RunReport
 * with the results in the plans' order. Removes what it created on success,
 * failure and abort; with an output folder, writes each variant's evidence (nginx.conf,
 * access.log, error.log) and, last, the reports. The one runner behind `run`, `gate` and the
 * library's runScenario(); what the CLI prints comes through the hooks. An abort rejects with
 * RunInterrupted once the run's containers and networks are removed.
 */
import { randomBytes } from 'node:crypto';
import { arch, cpus, hostname, platform } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Images } from './config/images.js';
import type { JudgeContext } from './expect/verdict.js';
import type { GateReport } from './gate/gate-report.js';
import { DefaultDriver } from './load/default-driver.js';
import type { LoadProgress } from './load/load-driver.js';
import { findFlakes } from './matrix/flakes.js';
import { aloneAfterBeside, runPhases, runsAgainAlone, runUnits } from './matrix/run-order.js';
import { packageRoot, packageVersion } from './package-root.js';
import { EngineFaultError, ReportsFolderError, UsageError } from './errors.js';
import { runtimeFault } from './runtime/runtime-fault.js';
import { ensureWritable, writeEvidence } from './report/reports-folder.js';
import { buildRunReport, toVariantError, type Interruption, type RunReport, type ShardFacts, type VariantResult } from './report/run-report.js';
import { writeReports, type ReportFormat } from './report/write-reports.js';
import { RunAborted, runVariant, versionOf, type VariantDeps, type VariantRun } from './run-variant.js';
import { RunInterrupted } from './run-interrupted.js';
import { orphanedRunIds, removeLabelled, type Removed } from './runtime/cleanup.js';
import { connectDocker, currentDockerEndpoint } from './runtime/docker-client.js';
import { loadPlacement, type LoadFrom } from './runtime/load-placement.js';
import { DockerRuntime } from './runtime/docker-runtime.js';
import { ensureImages } from './runtime/ensure-images.js';
import { nginxVersionImages } from './runtime/nginx-version-images.js';
import { appServerImages } from './runtime/backend-container.js';
import { isProcessAlive, spawnReaper } from './runtime/reaper.js';
import { acquireLease } from './runtime/run-lease.js';
import { watchResources } from './run-resources.js';
import type { VariantPlan } from './scenario/expand.js';

export interface RunHooks {
  /** an nginx version's image is being pulled or built before the run starts */
  imageProgress?(line: string): void;
  /** leftovers of a crashed earlier run on this host were removed */
  orphansRemoved?(runId: string, removed: Removed): void;
  /** a variant starts; `again`: it runs again alone, after it did not pass beside other scenarios (--jobs) */
  variantStarted?(label: string, again?: boolean): void;
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
  /** where the load runs: auto (the default) decides from the Docker Engine's address (load-placement.ts) */
  loadFrom?: LoadFrom;
  /** scenarios at once, each on its own runtime (1 when omitted; see matrix/run-order.ts) */
  jobs?: number;
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
  const jobs = options.jobs ?? 1;
  // The one check of --port beside --jobs, for the CLI and the library alike: before Docker is asked.
  if (jobs > 1 && options.nginxHostPort !== undefined) {
    throw new UsageError(`--port ${options.nginxHostPort} publishes one nginx, and --jobs ${jobs} runs several at once`, 'Leave out --port (each nginx gets a free port of 127.0.0.1) or leave out --jobs (in the library: nginxHostPort, jobs).');
  }
  let plans = given;
  const docker = await connectDocker();
  await ensureImages(docker, options.images, plans.flatMap((p) => p.backends.filter((b) => b.app).map((b) => b.app!.image)), appServerImages(plans.flatMap((p) => p.backends), options.images));
  await removeOrphans(docker, hooks);
  plans = await withNginxImages(docker, plans, hooks);

  const runId = newRunId();
  const runDir = options.outDir === undefined ? undefined : join(options.outDir, runId);
  // A folder that cannot take the report fails the run before any container starts.
  if (runDir !== undefined) await ensureWritable(runDir);
  const startedAt = new Date().toISOString();
  // The reaper before anything is created: a SIGKILL between the lease's creation and the
  // reaper's start left the lease behind (measured). Once this process is gone it removes what
  // carries the run's id, if anything.
  const reaper = spawnReaper(runId);
  // The lease first: while it runs, no other run on this engine takes this one for a crashed one.
  const lease = await acquireLease(docker, runId, options.images.nginx);
  const signal = AbortSignal.any([options.signal, lease.lost]);
  const placement = loadPlacement(currentDockerEndpoint(), options.loadFrom);
  // One runtime per job: its own network, nginx and backends, kept from variant to variant.
  const runtimes: DockerRuntime[] = [];
  const runtimeOf = (lane: number) => (runtimes[lane] ??= new DockerRuntime({ docker, runId, images: options.images, backendBundle: join(packageRoot(), 'dist', 'backend', 'server.cjs'), loadFrom: placement.from }));
  const items = Array.from({ length: options.repeat }, (_, r) => plans.map((plan) => ({ plan, repeat: r + 1 }))).flat();
  const done: (VariantResult | undefined)[] = items.map(() => undefined);
  // A fault in one job stops the others at their next step.
  const failed = new AbortController();
  const runSignal = AbortSignal.any([signal, failed.signal]);
  /** `next`: the item most likely to run next on this lane's runtime (its containers may start during this one's load) */
  const runItem = async (index: number, lane: number, next?: number) => {
    const { plan, repeat } = items[index]!;
    hooks.variantStarted?.(`${plan.scenario.name} / ${plan.variant.name}${options.repeat > 1 ? ` (repeat ${repeat})` : ''}`, done[index] !== undefined);
    const variantDir = runDir === undefined ? undefined : join(runDir, ...(options.repeat > 1 ? [`repeat-${repeat}`] : []), plan.scenario.name, plan.variant.name);
    const runtime = runtimeOf(lane);
    const deps = {
      runtime, images: options.images, signal: runSignal,
      ...(hooks.loadProgress ? { onProgress: hooks.loadProgress } : {}),
      ...(options.nginxHostPort !== undefined ? { nginxHostPort: options.nginxHostPort } : {}),
      ...(options.judge ? { judge: options.judge } : {}),
      ...(next !== undefined ? { next: items[next]!.plan } : {}),
      // what this job's variant depends on: its own network and nginx (another job's come and go)
      watchResources: () => watchResources(docker, runId, runtime.environmentLabel()),
    };
    const result = await runOne(plan, variantDir, deps);
    const beside = done[index];
    const kept = { ...(beside !== undefined ? aloneAfterBeside(result, beside) : result), ...(options.repeat > 1 ? { repeat } : {}) };
    done[index] = kept;
    hooks.variantEnded?.(kept);
  };
  let fault: unknown;
  try {
    const units = runUnits(items.map((i) => i.plan), (i) => `${items[i]!.repeat}\u0000${items[i]!.plan.scenario.name}`);
    for (const phase of runPhases(units, jobs)) {
      const queue = [...phase.units];
      const lanes = Array.from({ length: Math.min(phase.jobs, queue.length) }, async (_, lane) => {
        for (let unit = queue.shift(); unit; unit = queue.shift()) {
          // next: the variant after this one, when variants run one at a time. Not beside other
          // scenarios (--jobs): the cores are shared already, and starting containers there made
          // more variants run again alone (3 and 6 of 115 in two catalog runs, 0 without) than it saved.
          for (const [k, index] of unit.items.entries()) await runItem(index, lane, phase.jobs === 1 ? unit.items[k + 1] ?? queue[0]?.items[0] : undefined);
        }
      });
      const settled = await Promise.allSettled(lanes.map((l) => l.catch((error: unknown) => { failed.abort(); throw error; })));
      const first = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof RunAborted))
        ?? settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (first) throw first.reason;
      // What did not pass beside other scenarios runs again alone (unless its input decided it): that run decides.
      if (phase.jobs > 1) {
        for (const unit of phase.units.filter((u) => runsAgainAlone(u.items.map((i) => done[i])))) {
          for (const index of unit.items) await runItem(index, 0);
        }
      }
    }
  } catch (error) {
    fault = error;
  }
  // What finished, by repeat, in the plans' order (with --jobs they ended out of order).
  const repeats = Array.from({ length: options.repeat }, (_, r) => done.filter((d, i): d is VariantResult => d !== undefined && items[i]!.repeat === r + 1));
  const finished = repeats.flat();
  const finish = (interrupted?: Interruption) => buildRunReport({
    runId, startedAt, finishedAt: new Date().toISOString(), badgateway: packageVersion(),
    host: { platform: platform(), arch: arch(), node: process.version, cpus: cpus().length },
    results: finished,
    ...(options.repeat > 1 && !interrupted ? { flakes: findFlakes(repeats) } : {}),
    notes: [...new Set(plans.flatMap((p) => p.configNotes))],
    ...(options.gate && !interrupted ? { gate: options.gate(finished) } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(interrupted ? { interrupted } : {}),
  });
  const engineLost = lease.lost.aborted && !options.signal.aborted;
  // Everything the run created goes, whatever happened: what the runtime keeps between variants
  // first, then whatever the labels find; the lease last, once nothing is left.
  await Promise.all(runtimes.map((runtime) => runtime.dispose().catch(() => undefined)));
  const left = await removeLabelled(docker, runId).then(() => removeLabelled(docker, runId)).catch(() => undefined);
  // Released on every path: an attached lease would keep the process from ever exiting.
  await lease.release().catch(() => undefined);
  // What could not be removed (the engine down) is left to the reaper: once this process is gone
  // it waits for the engine (up to 2 minutes) and removes it.
  if (left !== undefined) reaper?.dismiss();
  // A fault while a signal stops the run (a container removed under a call in flight) is the stop.
  if (fault !== undefined && !(fault instanceof RunAborted) && options.signal.aborted) fault = new RunAborted();

  if (fault === undefined && !engineLost) {
    const report = finish();
    const reportPaths = runDir === undefined ? [] : await writeReports(report, runDir, options.formats ?? []);
    return { report, reportPaths };
  }
  if (!(fault === undefined || fault instanceof RunAborted || engineLost)) throw fault;
  // Stopped part-way: what finished is kept, in a report that says it is not a complete run.
  const reason = engineLost ? await engineFaultReason(docker) : 'stopped by a signal (Ctrl-C or SIGTERM)';
  const report = finish({ reason, planned: plans.length * options.repeat, finished: finished.length });
  const reportPaths = runDir === undefined ? [] : await writeReports(report, runDir, options.formats ?? []).catch(() => []);
  if (engineLost) {
    const where = reportPaths.length > 0 ? `the ${finished.length} variant(s) that finished are in ${reportPaths.at(-1)}, marked interrupted` : 'no report was written';
    throw new EngineFaultError(`${reason}; the run stopped after ${finished.length} of ${plans.length * options.repeat} variant(s): ${where}.`, left
      ? 'Run again once the Docker Engine answers; nothing of this run was left behind.'
      : 'What this run left is removed once the Docker Engine answers again (within 2 minutes; after that `badgateway clean` removes it); then run again.');
  }
  throw new RunInterrupted(left ?? { containers: -1, networks: -1, volumes: -1 }, reportPaths, report);
}

/** Why a run's lease went: the engine does not answer, or something removed the run's lease. */
async function engineFaultReason(docker: Docker): Promise<string> {
  const answers = await Promise.race([docker.ping().then(() => true, () => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000).unref())]);
  return answers
    ? 'the Docker Engine restarted during the run, or something outside badgateway removed its containers (docker rm -f, docker system prune, badgateway clean --all)'
    : 'the Docker Engine stopped answering during the run (it was stopped, killed or is restarting)';
}

async function runOne(plan: VariantPlan, dir: string | undefined, deps: Omit<VariantDeps, 'driver'>): Promise<VariantResult> {
  if (dir !== undefined) await writeEvidence(dir, 'nginx.conf', plan.nginxConfig);
  let run: VariantRun;
  try {
    run = await runVariant(plan, { ...deps, driver: new DefaultDriver(), ...(dir !== undefined ? { evidenceDir: dir } : {}) });
  } catch (error) {
    if (error instanceof RunAborted || deps.signal.aborted) throw new RunAborted();
    // the reports folder failed while nginx's logs streamed into it: the run cannot keep evidence
    if (error instanceof ReportsFolderError) throw error;
    return { scenario: plan.scenario.name, variant: plan.variant.name, file: plan.file, ...versionOf(plan), outcome: 'error', verdicts: [], error: toVariantError(runtimeFault(error, `${plan.scenario.name}/${plan.variant.name}`)) };
  }
  return run.result;
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
