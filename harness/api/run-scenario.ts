/**
 * runScenario(): the library's `badgateway run`. Runs every (selected) variant of a scenario for
 * real, exactly as the CLI does (the same runner), and resolves to the typed result: each
 * variant's outcome, verdicts and observation, and the RunReport. Failed expectations are
 * results; bad input and infrastructure faults throw typed errors (ScenarioError,
 * DockerUnavailableError, ...). Nothing is written unless `outDir` is given.
 */
import { resolveImages, type Images } from '../config/images.js';
import { UsageError } from '../errors.js';
import { DEFAULT_CONFIDENCE } from '../expect/verdict.js';
import { MAX_JOBS } from '../matrix/run-order.js';
import { selectPlans } from '../matrix/select-plans.js';
import type { RunReport, VariantResult } from '../report/run-report.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/write-reports.js';
import { runPlans } from '../run-plans.js';
import { isLoadFrom, LOAD_FROM, type LoadFrom } from '../runtime/load-placement.js';
import type { ScenarioSource, SourceOptions } from './scenario-input.js';
import { plansFromSource } from './scenario-source.js';

export interface RunScenarioOptions extends SourceOptions {
  /** only scenarios whose name matches one of these shell-style globs */
  scenarios?: string[];
  /** only variants whose name matches one of these shell-style globs */
  variants?: string[];
  /** nginx and Node images; default: BADGATEWAY_NGINX_IMAGE / BADGATEWAY_NODE_IMAGE, then `badgateway setup`'s choice, then nginx:1.27 and node:20-slim */
  images?: Partial<Images>;
  /** run everything this many times; the report then lists flakes (default 1) */
  repeat?: number;
  /** level of the intervals shares are decided on, from 0.5 to 0.9999 (default 0.95); inside it a verdict is inconclusive */
  confidence?: number;
  /** write the reports and each variant's evidence to <outDir>/<runId>/ */
  outDir?: string;
  /** report formats written to outDir (default: all four) */
  formats?: ReportFormat[];
  /** aborts the run: everything it created is removed, then runScenario rejects with RunInterrupted */
  signal?: AbortSignal;
  /** publish nginx on this port of 127.0.0.1 (default: a free port) */
  nginxHostPort?: number;
  /**
   * where the load runs: `auto` (the default) from this machine, or from a container on the run's
   * network when the Docker Engine is tcp:// at an address other than loopback; `host`, `container`
   * to choose
   */
  loadFrom?: LoadFrom;
  /** scenarios at once, each on its own network, nginx and backends (default 1; see `badgateway run --help`) */
  jobs?: number;
  /** called as each variant ends */
  onVariant?: (result: VariantResult) => void;
}

export interface ScenarioRun {
  /** true when every variant passed (every expectation held; an inconclusive one is not a pass) */
  passed: boolean;
  /** one per variant (per repeat), in the scenario's order (with jobs, also when they ran out of order) */
  results: VariantResult[];
  /** the whole run, as report.json holds it */
  report: RunReport;
  /** the report files written (empty without outDir) */
  reportPaths: string[];
}

export async function runScenario(source: ScenarioSource, options: RunScenarioOptions = {}): Promise<ScenarioRun> {
  const repeat = options.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 100) throw new UsageError(`repeat ${repeat} is not a whole number from 1 to 100`, 'e.g. { repeat: 3 }');
  const jobs = options.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) throw new UsageError(`jobs ${jobs} is not a whole number from 1 to ${MAX_JOBS}`, 'e.g. { jobs: 2 }');
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!(confidence >= 0.5 && confidence <= 0.9999)) throw new UsageError(`confidence ${confidence} is not a level from 0.5 to 0.9999`, 'e.g. { confidence: 0.99 }');
  const plans = selectPlans(await plansFromSource(source, { ...options, cwd: process.cwd() }), { scenarioPatterns: options.scenarios ?? [], variantPatterns: options.variants ?? [] });
  if (plans.length === 0) throw new UsageError('no variant matches the scenarios and variants given', 'Check the scenarios and variants options against the scenario\'s names.');
  const { report, reportPaths } = await runPlans(plans, {
    images: resolveImages(process.env, options.images),
    repeat,
    jobs,
    judge: { confidence },
    signal: options.signal ?? new AbortController().signal,
    ...(options.outDir !== undefined ? { outDir: options.outDir, formats: options.formats ?? [...REPORT_FORMATS] } : {}),
    ...(options.nginxHostPort !== undefined ? { nginxHostPort: options.nginxHostPort } : {}),
    ...(options.onVariant ? { hooks: { variantEnded: options.onVariant } } : {}),
    ...(options.loadFrom ? { loadFrom: checkedLoadFrom(options.loadFrom) } : {}),
  });
  return { passed: report.results.every((r) => r.outcome === 'passed'), results: report.results, report, reportPaths };
}

function checkedLoadFrom(value: string): LoadFrom {
  if (!isLoadFrom(value)) throw new UsageError(`loadFrom ${JSON.stringify(value)} is not one of ${LOAD_FROM.join(', ')}`, "e.g. { loadFrom: 'container' }");
  return value;
}
