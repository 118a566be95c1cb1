/**
 * Parses the harness's JSON access log (see access-log-format.ts) and summarizes it (pure).
 * One pass over the lines, constant work per line, so 100k-line logs are fine.
 */
import { parseUpstreamAttempts, type UpstreamAttempt } from './upstream-attempts.js';
import type { AccessLogSummary } from '../observe/observation.js';
import { TimingRecorder } from '../observe/timing-recorder.js';
import type { AccessLogField } from './access-log-format.js';


export interface AccessLogEntry {
  /** $msec as logged: epoch seconds with millisecond resolution, taken when the request ended */
  msec: number;
  /** the same instant in epoch milliseconds */
  endedAtMs: number;
  requestId: string;
  status: number;
  method: string;
  uri: string;
  requestTimeMs: number | null;
  /** $upstream_status as logged ("502, 200"); "-" when the request never reached an upstream */
  upstreamStatusText: string;
  /** every attempt in order; empty when the request never reached an upstream */
  upstream: UpstreamAttempt[];
  bytesSent: number | null;
  connection: number | null;
  connectionRequests: number | null;
}

/** Lines that are not the expected JSON are kept up to this many. */
export const MAX_UNPARSED_LINES = 100;
/** The sequence key of requests without any upstream attempt. */
export const NO_UPSTREAM = '-';

const STATUS = /^\d{1,3}$/;
const SECONDS = /^\d+(?:\.\d+)?$/;
const INTEGER = /^\d+$/;

export type { UpstreamAttempt } from './upstream-attempts.js';

/** A log line that is one JSON object, as its fields; undefined for anything else. */
export function parseJsonObjectLine(line: string): Record<string, unknown> | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function parseAccessLogLine(line: string): AccessLogEntry | undefined {
  const record = parseJsonObjectLine(line);
  if (!record) return undefined;
  const field = (key: AccessLogField): string => {
    const v = record[key];
    return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
  };
  const status = field('status');
  const msecSeconds = seconds(field('msec'));
  if (!STATUS.test(status) || msecSeconds === null) return undefined;
  const upstreamStatusText = field('upstream_status');
  return {
    msec: msecSeconds,
    endedAtMs: Math.round(msecSeconds * 1000),
    requestId: field('request_id'),
    status: Number(status),
    method: field('method'),
    uri: field('uri'),
    requestTimeMs: milliseconds(field('request_time')),
    upstreamStatusText: isEmpty(upstreamStatusText) ? NO_UPSTREAM : upstreamStatusText,
    upstream: parseUpstreamAttempts({
      addr: field('upstream_addr'),
      status: field('upstream_status'),
      connect: field('upstream_connect_time'),
      header: field('upstream_header_time'),
      response: field('upstream_response_time'),
    }),
    bytesSent: integer(field('bytes_sent')),
    connection: integer(field('connection')),
    connectionRequests: integer(field('connection_requests')),
  };
}

/**
 * The access-log summary built line by line, so a log is never held whole: add() each line as it
 * is read, summary() at the end. `lines` counts every non-blank line, parsed or not, so lines minus
 * the sum of statusCounts is the number of unparsed lines even when more than MAX_UNPARSED_LINES of
 * them were dropped.
 */
export class AccessLogTally {
  private readonly statusCounts = new Map<string, number>();
  private readonly sequences = new Map<string, number>();
  private readonly connect = new TimingRecorder();
  private readonly header = new TimingRecorder();
  private readonly response = new TimingRecorder();
  private readonly request = new TimingRecorder();
  private readonly unparsed: string[] = [];
  private lines = 0;
  private upstreamAttempts = 0;

  add(rawLine: string): void {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') return;
    this.lines += 1;
    const entry = parseAccessLogLine(line);
    if (!entry) {
      if (this.unparsed.length < MAX_UNPARSED_LINES) this.unparsed.push(line);
      return;
    }
    increment(this.statusCounts, String(entry.status).padStart(3, '0'));
    increment(this.sequences, entry.upstreamStatusText);
    if (entry.requestTimeMs !== null) this.request.record(entry.requestTimeMs);
    this.upstreamAttempts += entry.upstream.length;
    for (const attempt of entry.upstream) {
      if (attempt.connectTimeMs !== null) this.connect.record(attempt.connectTimeMs);
      if (attempt.headerTimeMs !== null) this.header.record(attempt.headerTimeMs);
      if (attempt.responseTimeMs !== null) this.response.record(attempt.responseTimeMs);
    }
  }

  summary(): AccessLogSummary {
    return {
      lines: this.lines,
      statusCounts: Object.fromEntries(this.statusCounts),
      upstreamStatusSequences: Object.fromEntries(this.sequences),
      upstreamAttempts: this.upstreamAttempts,
      upstreamConnectTime: this.connect.summary(),
      upstreamHeaderTime: this.header.summary(),
      upstreamResponseTime: this.response.summary(),
      requestTime: this.request.summary(),
      unparsed: [...this.unparsed],
    };
  }
}

/** The summary of a whole log given as text (see AccessLogTally). */
export function summarizeAccessLog(text: string): AccessLogSummary {
  const tally = new AccessLogTally();
  for (const line of text.split('\n')) tally.add(line);
  return tally.summary();
}

function isEmpty(text: string): boolean {
  return text === '' || text === '-';
}

function seconds(text: string): number | null {
  return SECONDS.test(text) ? Number(text) : null;
}

/** nginx times are seconds with millisecond resolution; rounding drops floating-point noise. */
function milliseconds(text: string): number | null {
  const s = seconds(text);
  return s === null ? null : Math.round(s * 1000);
}

function integer(text: string): number | null {
  return INTEGER.test(text) ? Number(text) : null;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
