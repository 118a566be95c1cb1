/**
 * What the cause rules read (the aggregated logs, the settings, the temporal pattern) and the
 * small helpers they share to word their evidence (pure).
 */
import { SIGNATURES } from '../../nginx/signatures.js';
import { formatMs } from '../../scenario/units.js';
import type { AccessLogFacts } from '../access-log-aggregate.js';
import { topEntries, type Counts } from '../bounded-tally.js';
import type { CauseId, Confidence } from '../diagnosis.js';
import type { ErrorLogFacts } from '../error-log-aggregate.js';
import type { NginxSettings, Setting } from '../nginx-settings.js';
import type { TemporalPattern } from '../temporal-pattern.js';

export interface CauseInput {
  errors: ErrorLogFacts;
  access: AccessLogFacts | null;
  settings: NginxSettings;
  pattern: TemporalPattern;
  /** error-log lines of failure signatures (every known one but the warnings) */
  failureLines: number;
  /** first and last second seen in either log */
  spanStartS: number | undefined;
  spanEndS: number | undefined;
  /** "1.22.1", when known */
  nginxVersion?: string | undefined;
}

export interface CauseCandidate {
  id: CauseId;
  title: string;
  confidence: Confidence;
  explains: number;
  evidence: string[];
  fixes: string[];
  reproducible: boolean;
  /** the one fact that would confirm or rule it out */
  decidedBy?: string;
  /** what must hold for this cause: false drops it (listed as excluded), undefined (unknown) caps it at low */
  precondition?: { holds: boolean | undefined; why: string };
}

export type CauseRule = (input: CauseInput) => CauseCandidate[];

export const NON_IDEMPOTENT = ['POST', 'PATCH', 'LOCK'];

export function count(input: CauseInput, ...ids: string[]): number {
  return ids.reduce((sum, id) => sum + (input.errors.signatureCounts[id] ?? 0), 0);
}

/** `160 lines "upstream timed out … reading response header" (100% of failure lines): <summary>` */
export function linesEvidence(input: CauseInput, id: string): string {
  const n = count(input, id);
  const signature = SIGNATURES.find((s) => s.id === id);
  const share = input.failureLines > 0 ? ` (${percent(n / input.failureLines)} of failure lines)` : '';
  return `${n} error-log line${n === 1 ? '' : 's'} ${id}${share}${signature ? `: ${signature.summary}` : ''}`;
}

export function percent(share: number): string {
  if (share > 0 && share < 0.001) return '<0.1%';
  return `${Number((share * 100).toFixed(share < 0.1 ? 1 : 0))}%`;
}

export function setting(s: Setting<number>, format: (v: number) => string = formatMs): string {
  return `${format(s.value)} (${s.fromConfig ? 'nginx.conf' : 'nginx default'})`;
}

/** Methods of the lines of these signatures, merged. */
export function methodsOf(input: CauseInput, ...ids: string[]): Counts {
  const merged: Counts = {};
  for (const id of ids) {
    for (const [method, n] of Object.entries(input.errors.signatures[id]?.methods ?? {})) merged[method] = (merged[method] ?? 0) + n;
  }
  return merged;
}

export function describeCounts(counts: Counts, n = 4): string {
  return topEntries(counts, n).map(([key, value]) => `${key} ${value}`).join(', ');
}

/** Endpoints (or upstreams) where these signatures occur, largest first: "POST /orders (40)". */
export function whereFrom(per: Record<string, Counts>, ids: string[], n = 3): string {
  const totals: Counts = {};
  for (const [key, counts] of Object.entries(per)) {
    const total = ids.reduce((sum, id) => sum + (counts[id] ?? 0), 0);
    if (total > 0) totals[key] = total;
  }
  return topEntries(totals, n).map(([key, value]) => `${key} (${value})`).join(', ');
}

/** First to last line of these signatures, in seconds (1 when they all fall in one second). */
export function extentS(input: CauseInput, ...ids: string[]): number | undefined {
  const facts = ids.map((id) => input.errors.signatures[id]).filter((f) => f !== undefined && f.firstS !== undefined);
  if (facts.length === 0) return undefined;
  const first = Math.min(...facts.map((f) => f!.firstS!));
  const last = Math.max(...facts.map((f) => f!.lastS!));
  return last - first + 1;
}

export function observedSpanS(input: CauseInput): number {
  return input.spanStartS === undefined || input.spanEndS === undefined ? 0 : input.spanEndS - input.spanStartS + 1;
}

/** The signatures happen in a brief burst of a longer observation. */
export function isBurst(input: CauseInput, ...ids: string[]): boolean {
  const extent = extentS(input, ...ids);
  const span = observedSpanS(input);
  return extent !== undefined && span >= 4 && extent <= Math.max(2, 0.3 * span);
}

/** Requests that got a 2xx/3xx answer, from the access log (null without one). */
export function successes(input: CauseInput): number | null {
  if (!input.access) return null;
  return Object.entries(input.access.statusCounts).reduce((sum, [status, n]) => (status < '400' && status >= '100' ? sum + n : sum), 0);
}

export function requests(input: CauseInput): number | null {
  return input.access ? input.access.parsed : null;
}

export function confidenceFrom(points: number, high: number, medium: number): Confidence {
  return points >= high ? 'high' : points >= medium ? 'medium' : 'low';
}

/** Requests answered (status below 400) in access-log buckets that start after second s (null without an access log). */
export function answeredAfter(input: CauseInput, s: number): number | null {
  if (!input.access || input.access.series.buckets.length === 0) return null;
  let answered = 0;
  for (const bucket of input.access.series.buckets) {
    if (bucket.startS <= s) continue;
    for (const [status, n] of Object.entries(bucket.counts)) if (/^[123]\d\d$/.test(status)) answered += n;
  }
  return answered;
}

/** Answered requests before, during and after the time these signatures span (from the access log). */
export interface Episode {
  before: number;
  during: number;
  after: number;
  requestsDuring: number;
}

export function episodeOf(input: CauseInput, ...ids: string[]): Episode | null {
  const facts = ids.map((id) => input.errors.signatures[id]).filter((f) => f?.firstS !== undefined);
  if (!input.access || input.access.series.buckets.length === 0 || facts.length === 0) return null;
  const first = Math.min(...facts.map((f) => f!.firstS!));
  const last = Math.max(...facts.map((f) => f!.lastS!));
  const episode: Episode = { before: 0, during: 0, after: 0, requestsDuring: 0 };
  const width = input.access.series.widthS;
  for (const bucket of input.access.series.buckets) {
    const answered = Object.entries(bucket.counts).reduce((sum, [status, n]) => (/^[123]\d\d$/.test(status) ? sum + n : sum), 0);
    const end = bucket.startS + width - 1;
    if (end < first) episode.before += answered;
    else if (bucket.startS > last) episode.after += answered;
    else if (bucket.startS > first && end < last) {
      // only buckets wholly inside: the edge ones also hold what came just before and after
      episode.during += answered;
      episode.requestsDuring += bucket.counts.req ?? 0;
    }
  }
  return episode;
}

/** Healthy before and after, (almost) nothing answered during: an outage that ended by itself. */
export function isEpisode(e: Episode | null): boolean {
  return e !== null && e.before > 0 && e.after > 0 && e.during <= 0.2 * e.requestsDuring;
}
