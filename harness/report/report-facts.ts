/**
 * Facts every report format shows the same way, derived from a RunReport without re-measuring:
 * request counts, the status mix, durations, the failed verdicts and how to say them in a line.
 */
import type { Verdict } from '../expect/verdict.js';
import type { Observation } from '../observe/observation.js';
import { formatMs } from '../scenario/units.js';
import type { RunReport, VariantResult } from './run-report.js';

/** One part of a variant's outcome mix: a status code, or a kind of failed request. */
export interface MixEntry {
  /** "504", or a failure kind: "truncated", "no-response", "timeout", "ECONNRESET", ... */
  label: string;
  count: number;
  kind: 'status' | 'failed';
}

/** Every request the client sent. */
export function requestCount(observation: Observation): number {
  return observation.client.sent;
}

export function statusMix(observation: Observation): MixEntry[] {
  const c = observation.client;
  return [
    ...positiveEntries(c.statusCounts).map(([label, count]): MixEntry => ({ label, count, kind: 'status' })),
    ...positiveEntries(c.failed).map(([label, count]): MixEntry => ({ label, count, kind: 'failed' })),
  ];
}

/** "200×11 504×989", or "" when nothing ended. */
export function statusMixText(observation: Observation): string {
  return statusMix(observation).map((entry) => `${entry.label}×${entry.count}`).join(' ');
}

/** Wall time of the variant: start, load, collect and stop; 0 when it never got an observation. */
export function variantDurationMs(result: VariantResult): number {
  const t = result.observation?.timings;
  if (t === undefined) return 0;
  return Math.max(0, t.startMs + t.loadMs + t.collectMs + t.stopMs);
}

/** Wall time of the run from its ISO timestamps; undefined when they do not make sense. */
export function runDurationMs(report: RunReport): number | undefined {
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** Seconds with millisecond precision, as JUnit's time attribute wants them. */
export function seconds(ms: number): string {
  return (Math.round(ms) / 1000).toFixed(3);
}

/** Verdicts that did not pass: failed and inconclusive ones. */
export function failedVerdicts(result: VariantResult): Verdict[] {
  return result.verdicts.filter((verdict) => !verdict.pass);
}

/** "pass", "FAIL", "INCONCLUSIVE" */
export function resultLabel(verdict: Verdict): string {
  return verdict.result === 'pass' ? 'pass' : verdict.result === 'fail' ? 'FAIL' : 'INCONCLUSIVE';
}

export function variantTitle(result: VariantResult): string {
  return `${result.scenario} / ${result.variant}`;
}

/** "status.504: expected >= 99%, measured 98.9% (989 of 1000)", and what would decide an undecided one */
export function verdictLine(verdict: Verdict): string {
  const decide = verdict.requestsToDecide !== undefined ? `; about ${verdict.requestsToDecide} requests would decide it` : verdict.interval ? '; the share is too close to the threshold for a count a scenario can send to decide it' : '';
  const undecided = verdict.result === 'inconclusive' ? ` (inconclusive${decide})` : '';
  return `${verdict.expectation}: expected ${verdict.expected}, measured ${verdict.measured}${undecided}`;
}

/** "2 of 5 expectations failed", "1 of 5 expectations inconclusive" */
export function failureHeadline(result: VariantResult): string {
  const failed = result.verdicts.filter((v) => v.result === 'fail').length;
  const undecided = result.verdicts.filter((v) => v.result === 'inconclusive').length;
  const total = result.verdicts.length;
  const of = `of ${total} ${total === 1 ? 'expectation' : 'expectations'}`;
  if (failed === 0) return `${undecided} ${of} inconclusive`;
  return `${failed} ${of} failed${undecided > 0 ? `, ${undecided} inconclusive` : ''}`;
}

/** "160 requests in 3.04s (52.6 req/s)", and why it stopped early when it did */
export function loadLine(observation: Observation): string {
  const n = requestCount(observation);
  const c = observation.client;
  return `${n} ${n === 1 ? 'request' : 'requests'} in ${formatMs(c.elapsedMs)} (${c.requestsPerSecond.toFixed(1)} req/s)${c.stoppedEarly ? `; ${stoppedEarlyText(c.stoppedEarly)}` : ''}`;
}

/** "stopped sending once the budget was broken: failed 10 of 10 ..." */
export function stoppedEarlyText(stop: { reason: string }): string {
  return `stopped sending once the budget was broken: ${stop.reason}`;
}

/** Record entries with a positive count, in key order (numeric codes sort numerically). */
export function positiveEntries(record: Record<string, number>): [string, number][] {
  return Object.entries(record)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
