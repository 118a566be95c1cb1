/** What `badgateway diagnose` finds: plain data, rendered as text or JSON. */
import type { AccessTimings } from './access-log-aggregate.js';
import type { Counts } from './bounded-tally.js';
import type { FileReading } from './log-line-router.js';
import type { TemporalPattern } from './temporal-pattern.js';

export type Confidence = 'high' | 'medium' | 'low';

export const CAUSE_IDS = [
  'timeout-below-latency', 'backend-stall', 'slowing-backend', 'app-server-timeout', 'connect-timeout', 'send-timeout',
  'keepalive-race', 'backend-crash', 'backend-resets', 'backend-restart', 'backend-down', 'max-fails-cascade',
  'header-too-big', 'invalid-header', 'not-http', 'body-cut', 'backend-5xx', 'rate-limited', 'worker-connections',
  'unix-socket-permission', 'dns-failure', 'app-server-down', 'app-server-saturated', 'backend-unreachable',
  'ephemeral-ports-exhausted', 'upstream-tls', 'framing-conflict', 'wrong-protocol', 'file-descriptors',
] as const;

export type CauseId = (typeof CAUSE_IDS)[number];

export interface Cause {
  id: CauseId;
  title: string;
  confidence: Confidence;
  /** failure lines (or requests) this cause accounts for */
  explains: number;
  /** share of all failures explained, weighted by confidence: what the ranking sorts by */
  score: number;
  evidence: string[];
  fixes: string[];
  /** --emit-scenario can build a scenario that reproduces it */
  reproducible: boolean;
  /** the one fact (an input, a setting, a log) that would confirm or rule it out */
  decidedBy?: string;
}

/** One row of a breakdown: an upstream server or an endpoint. */
export interface BreakdownRow {
  key: string;
  /** requests (endpoints) or attempts (upstreams) in the access log; null without one */
  requests: number | null;
  statuses: Counts;
  /** error-log lines per signature id */
  signatures: Counts;
}

export interface TimelineRow {
  startS: number;
  at: string;
  requests: number | null;
  /** 502, 503, 504 and "5xx" (other 5xx) from the access log, or failure lines per status class from the error log */
  statuses: Counts;
  errorLines: number;
}

export interface Diagnosis {
  inputs: { errorLogs: string[]; accessLogs: string[]; nginxConfig: string | null };
  /** what was read, per file and in all: error and access lines wherever they were, comments, lines of neither */
  reading: {
    files: FileReading[];
    lines: number;
    errorLines: number;
    accessLines: number;
    comments: number;
    unreadable: number;
    unknown: number;
    /** (unknown error lines + unreadable lines) / lines that are not comments */
    unknownShare: number;
  };
  window: { from: string | null; to: string | null; spanS: number };
  errorLog: {
    lines: number;
    unparsed: number;
    levels: Counts;
    signatures: Counts;
    /** lines the catalog does not know, grouped, largest first */
    unknown: { message: string; level: string; count: number; example: string }[];
  };
  accessLog: { lines: number; parsed: number; unparsed: number; formats: Counts; withUpstreamFields: number } | null;
  /** client statuses: from the access log, else inferred from error lines (each failure line's client status) */
  statusMix: { source: 'access-log' | 'error-log'; requests: number | null; counts: Counts };
  timeline: { bucketS: number; rows: TimelineRow[] };
  perUpstream: BreakdownRow[];
  perEndpoint: BreakdownRow[];
  pattern: TemporalPattern;
  /** upstream timings from the access log (null without one, or without $upstream_* fields) */
  upstreamTimings: AccessTimings | null;
  /** the settings compared with the logs: name → value, "(default)" when nginx's own */
  settings: Record<string, string>;
  causes: Cause[];
  /** when nothing in the inputs decides between the leading causes: which they are, and what would decide */
  undecided: { between: CauseId[]; decidedBy: string[] } | null;
  /** causes the signatures suggest but whose precondition fails, and why (e.g. no upstream keepalive) */
  excluded: { id: CauseId; why: string }[];
  /** the nginx version the logs come from (--nginx-version, or its startup notice in the log) */
  nginxVersion: string | null;
  notes: string[];
}
