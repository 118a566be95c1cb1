/**
 * Folds access-log lines, one at a time, into bounded counts and fixed-size histograms (pure):
 * the status mix overall, per method, endpoint and upstream, over time, retries, and the upstream
 * timings diagnose reads its causes from. Per-line data is never kept.
 */
import type { TimingSummary } from '../observe/observation.js';
import { TimingRecorder } from '../observe/timing-recorder.js';
import type { AccessFormat } from './access-record.js';
import { BoundedTally, bump, Examples, type Counts } from './bounded-tally.js';
import { endpointKey } from './endpoint.js';
import { parseAccessLine, type FieldReader, type ParsedAccessLine } from './parse-access-line.js';
import { TimeSeries, type SeriesSnapshot } from './time-series.js';

export interface AccessTimings {
  /** header time of attempts that got a response (status below 500) */
  okHeader: TimingSummary;
  /** response time of attempts logged 504 (nginx timed out) */
  timedOut: TimingSummary;
  /** response time of 504 attempts that never connected (connect timeout) */
  timedOutConnecting: TimingSummary;
  /** response time of attempts logged 502 that had connected (closed, reset, bad header: not refused) */
  failed502: TimingSummary;
}

export interface AccessLogFacts {
  lines: number;
  parsed: number;
  unparsed: number;
  unparsedExamples: string[];
  formats: Partial<Record<AccessFormat, number>>;
  /** lines whose format logs $upstream_* */
  withUpstreamFields: number;
  statusCounts: Counts;
  /** method → final status counts */
  byMethod: Record<string, Counts>;
  /** "METHOD /path" → final status counts */
  perEndpoint: Record<string, Counts>;
  /** upstream address → status counts of the attempts made to it */
  perUpstream: Record<string, Counts>;
  /** $upstream_status sequences of requests with more than one attempt, with counts */
  retrySequences: Counts;
  /** requests with more than one attempt, per method */
  retriedByMethod: Counts;
  /** final 5xx statuses the backend itself sent (its last attempt has that status and a header time) */
  backend5xx: Counts;
  timings: AccessTimings;
  firstS: number | undefined;
  lastS: number | undefined;
  /** per bucket: "req", each final status ("502"), "okHdrSumMs" and "okHdrN" (for trends) */
  series: SeriesSnapshot;
}

const MAX_METHODS = 20;
const MAX_ENDPOINTS = 300;
const MAX_UPSTREAMS = 200;
const MAX_SEQUENCES = 100;

export class AccessLogAggregate {
  private lines = 0;
  private parsed = 0;
  private readonly unparsedExamples = new Examples(5);
  private readonly formats: Counts = {};
  private withUpstreamFields = 0;
  private readonly statusCounts: Counts = {};
  private readonly byMethod = new BoundedTally<Counts>(MAX_METHODS, () => ({}));
  private readonly perEndpoint = new BoundedTally<Counts>(MAX_ENDPOINTS, () => ({}));
  private readonly perUpstream = new BoundedTally<Counts>(MAX_UPSTREAMS, () => ({}));
  private readonly retrySequences = new BoundedTally<{ n: number }>(MAX_SEQUENCES, () => ({ n: 0 }));
  private readonly retriedByMethod: Counts = {};
  private readonly backend5xx: Counts = {};
  private readonly okHeader = new TimingRecorder();
  private readonly timedOut = new TimingRecorder();
  private readonly timedOutConnecting = new TimingRecorder();
  private readonly failed502 = new TimingRecorder();
  private readonly series = new TimeSeries();
  private firstS: number | undefined;
  private lastS: number | undefined;

  constructor(private readonly customFormat?: FieldReader) {}

  add(line: string): void {
    if (line.trim() === '') return;
    const parsed = parseAccessLine(line, this.customFormat);
    if (parsed) this.addParsed(parsed);
    else this.addUnparsed(line);
  }

  /** A line that is neither an access-log line nor nginx's error-log line. */
  addUnparsed(line: string): void {
    this.lines += 1;
    this.unparsedExamples.add(line);
  }

  addParsed(parsed: ParsedAccessLine): void {
    this.lines += 1;
    this.parsed += 1;
    bump(this.formats, parsed.format);
    const r = parsed.record;
    const status = String(r.status).padStart(3, '0');
    bump(this.statusCounts, status);
    bump(this.byMethod.get(r.method || '(none)'), status);
    bump(this.perEndpoint.get(endpointKey(r.method, r.uri)), status);
    if (r.hasUpstreamFields) this.withUpstreamFields += 1;
    if (r.timeS !== undefined) {
      if (this.firstS === undefined || r.timeS < this.firstS) this.firstS = r.timeS;
      if (this.lastS === undefined || r.timeS > this.lastS) this.lastS = r.timeS;
      this.series.add(r.timeS, 'req');
      this.series.add(r.timeS, status);
    }
    if (r.upstream.length > 1) {
      this.retrySequences.get(r.upstream.map((a) => a.status ?? '-').join(', ')).n += 1;
      bump(this.retriedByMethod, r.method || '(none)');
    }
    const last = r.upstream[r.upstream.length - 1];
    if (r.status >= 500 && last && last.status === r.status && last.headerTimeMs !== null) bump(this.backend5xx, status);
    for (const attempt of r.upstream) {
      const attemptStatus = attempt.status === null ? '-' : String(attempt.status);
      if (attempt.addr !== '') bump(this.perUpstream.get(attempt.addr), attemptStatus);
      if (attempt.status !== null && attempt.status < 500 && attempt.headerTimeMs !== null) {
        this.okHeader.record(attempt.headerTimeMs);
        if (r.timeS !== undefined) {
          this.series.add(r.timeS, 'okHdrSumMs', attempt.headerTimeMs);
          this.series.add(r.timeS, 'okHdrN');
        }
      } else if (attempt.status === 504 && attempt.responseTimeMs !== null) {
        (attempt.connectTimeMs === null ? this.timedOutConnecting : this.timedOut).record(attempt.responseTimeMs);
      } else if (attempt.status === 502 && attempt.responseTimeMs !== null && attempt.connectTimeMs !== null) {
        this.failed502.record(attempt.responseTimeMs);
      }
    }
  }

  result(): AccessLogFacts {
    return {
      lines: this.lines,
      parsed: this.parsed,
      unparsed: this.lines - this.parsed,
      unparsedExamples: this.unparsedExamples.items,
      formats: { ...this.formats },
      withUpstreamFields: this.withUpstreamFields,
      statusCounts: { ...this.statusCounts },
      byMethod: this.byMethod.map((c) => ({ ...c })),
      perEndpoint: this.perEndpoint.map((c) => ({ ...c })),
      perUpstream: this.perUpstream.map((c) => ({ ...c })),
      retrySequences: this.retrySequences.map((s) => s.n),
      retriedByMethod: { ...this.retriedByMethod },
      backend5xx: { ...this.backend5xx },
      timings: {
        okHeader: this.okHeader.summary(),
        timedOut: this.timedOut.summary(),
        timedOutConnecting: this.timedOutConnecting.summary(),
        failed502: this.failed502.summary(),
      },
      firstS: this.firstS,
      lastS: this.lastS,
      series: this.series.snapshot(),
    };
  }
}
