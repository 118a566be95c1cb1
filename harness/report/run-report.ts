/**
 * The RunReport: every variant's result of one run, as plain data. Reporters (console, JSON, ...)
 * only render it. Building it is pure: the caller passes in the clock readings and host facts.
 */
import { BadgatewayError } from '../errors.js';
import type { Flake } from '../matrix/flakes.js';
import type { GateReport } from '../gate/gate-report.js';
import type { Verdict } from '../expect/verdict.js';
import type { Observation } from '../observe/observation.js';

export interface VariantError {
  /** input: the scenario or arguments; infrastructure: Docker, images, nginx -t; internal: a bug */
  kind: 'input' | 'infrastructure' | 'internal';
  message: string;
  hint?: string;
}

/** inconclusive: no expectation failed, but at least one could not be decided (never a pass) */
export type VariantOutcome = 'passed' | 'failed' | 'inconclusive' | 'error';

export interface VariantResult {
  scenario: string;
  variant: string;
  /** the scenario file the variant came from */
  file: string;
  /** the nginx version line the variant was asked to run on (nginx.versions, --nginx-version) */
  nginxVersion?: string;
  outcome: VariantOutcome;
  verdicts: Verdict[];
  observation?: Observation;
  error?: VariantError;
  /** 1-based repeat number, with --repeat N > 1 */
  repeat?: number;
  /**
   * with --jobs: the scenario did not pass while it ran beside others, so it ran again alone and
   * this result is the alone run's; here is the outcome it had beside the others
   */
  besideOthers?: VariantOutcome;
  /** with besideOthers: the verdicts that did not pass beside the others (what made it run again) */
  besideOthersNotPassed?: Verdict[];
}

export interface HostFacts {
  platform: string;
  arch: string;
  node: string;
  cpus: number;
}

/** Which of n parallel shards a run was (`--shard i/n`). */
export interface ShardFacts {
  index: number;
  count: number;
}

/** A report that `badgateway merge` folded into this one. */
export interface MergedReport {
  runId: string;
  startedAt: string;
  finishedAt: string;
  host: HostFacts;
  shard?: ShardFacts;
  /** how many results it held */
  results: number;
}

export interface RunSummary {
  variants: number;
  passed: number;
  failed: number;
  inconclusive: number;
  errored: number;
}

/**
 * report.json. Documented field by field in docs/report-schema.md; the machine-readable truth of
 * a run, from which every other report format is rendered.
 */
export interface RunReport {
  /**
   * Version of this shape. It changes only when a field is removed or renamed, or changes its
   * type, unit or meaning; new fields may appear within a version, so readers ignore unknown ones.
   */
  schemaVersion: 2;
  runId: string;
  /** ISO 8601 */
  startedAt: string;
  /** ISO 8601 */
  finishedAt: string;
  /** badgateway's version */
  badgateway: string;
  host: HostFacts;
  results: VariantResult[];
  summary: RunSummary;
  /** with --repeat: verdicts that changed between repeats (none is the target) */
  flakes?: Flake[];
  /** what adapting the user's own nginx config changed, file:line each */
  notes?: string[];
  /** `badgateway gate`: the verdict per failure mode */
  gate?: GateReport;
  /** with --shard i/n: which shard this run was */
  shard?: ShardFacts;
  /** written by `badgateway merge`: the shard reports this one was merged from, in shard order */
  mergedFrom?: MergedReport[];
  /**
   * Present only when the run stopped before every planned variant ran (Ctrl-C, SIGTERM, the
   * Docker Engine went away, the run's lease was removed): results holds the variants that
   * finished, and nothing about the others. Such a report is never a complete run.
   */
  interrupted?: Interruption;
}

export interface Interruption {
  /** what stopped the run, in words */
  reason: string;
  /** variants planned (repeats included) */
  planned: number;
  /** variants that finished and are in results */
  finished: number;
}

/** A report before its schema version and summary are filled in. */
export type RunReportInput = Omit<RunReport, 'schemaVersion' | 'summary'>;

/** A variant passes when every verdict passes; one failed verdict fails it; else an undecided one leaves it inconclusive. */
export function outcomeOf(verdicts: Verdict[]): 'passed' | 'failed' | 'inconclusive' {
  if (verdicts.some((verdict) => verdict.result === 'fail')) return 'failed';
  return verdicts.some((verdict) => verdict.result === 'inconclusive') ? 'inconclusive' : 'passed';
}

export function summarize(results: VariantResult[]): RunSummary {
  const summary: RunSummary = { variants: results.length, passed: 0, failed: 0, inconclusive: 0, errored: 0 };
  for (const result of results) {
    if (result.outcome === 'passed') summary.passed++;
    else if (result.outcome === 'failed') summary.failed++;
    else if (result.outcome === 'inconclusive') summary.inconclusive++;
    else summary.errored++;
  }
  return summary;
}

export function buildRunReport(input: RunReportInput): RunReport {
  return {
    schemaVersion: 2,
    runId: input.runId,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    badgateway: input.badgateway,
    host: { ...input.host },
    results: [...input.results],
    summary: summarize(input.results),
    ...(input.flakes !== undefined ? { flakes: input.flakes } : {}),
    ...(input.notes !== undefined && input.notes.length > 0 ? { notes: input.notes } : {}),
    ...(input.gate !== undefined ? { gate: input.gate } : {}),
    ...(input.shard !== undefined ? { shard: { ...input.shard } } : {}),
    ...(input.mergedFrom !== undefined ? { mergedFrom: input.mergedFrom } : {}),
    ...(input.interrupted !== undefined ? { interrupted: { ...input.interrupted } } : {}),
  };
}

/** The report's view of anything thrown while running a variant. */
export function toVariantError(error: unknown): VariantError {
  if (error instanceof BadgatewayError) {
    return error.hint === undefined
      ? { kind: error.kind, message: error.message }
      : { kind: error.kind, message: error.message, hint: error.hint };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message, hint: 'This is a bug in badgateway; please report it with the JSON report attached.' };
}
