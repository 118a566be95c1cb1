/**
 * The Observation: one plain data record of everything measured for one variant. Assertions and
 * reports read only this; nothing downstream re-measures or touches Docker.
 */

/** Percentiles of a set of durations, in milliseconds. count 0 means nothing was measured. */
export interface TimingSummary {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

/** Counts per status code ("200", "504"). */
export type StatusCounts = Record<string, number>;

export interface IntervalCounts {
  /** start of the interval, milliseconds since load start */
  startMs: number;
  statuses: StatusCounts;
  /** requests that ended without a status (timeouts, resets) */
  transportErrors: number;
  /** client latency of the responses that ended in this interval (within 5%) */
  latency?: { p50Ms: number; p99Ms: number; maxMs: number };
}

export interface ClientObservation {
  /** responses that carried a status */
  responses: number;
  statusCounts: StatusCounts;
  /** requests that ended without a status, by kind ("timeout", "ECONNRESET", ...) */
  transportErrors: Record<string, number>;
  /** requests still unanswered at the hard stop (nginx logs these as 499) */
  cutOffAtStop: number;
  /**
   * requests written on a keep-alive connection that then closed with neither a response nor an
   * error (the server closed it as the request went out); nginx never logged them
   */
  unanswered: number;
  /** responses (counted in statusCounts too) whose body was cut: the connection ended before it did */
  truncatedResponses: StatusCounts;
  intervalMs: number;
  series: IntervalCounts[];
  latency: TimingSummary;
  /** from first request to last response */
  elapsedMs: number;
  /** wall-clock time the load started (ms since the epoch): time zero of every series and action */
  startedAtEpochMs: number;
  requestsPerSecond: number;
  clientTimeoutMs: number;
}

/** One line of the nginx error log, classified. */
export interface ErrorLogLine {
  /** "2026/11/21 10:00:00" as nginx wrote it */
  time: string;
  level: string;
  message: string;
  /** signature id from the catalog, or "unknown" */
  signature: string;
  upstream?: string;
  request?: string;
  raw: string;
}

export interface AccessLogSummary {
  lines: number;
  statusCounts: StatusCounts;
  /** "$upstream_status" values as logged ("502, 200") with their counts */
  upstreamStatusSequences: Record<string, number>;
  /** attempts to an upstream across all requests (a retried request counts twice) */
  upstreamAttempts: number;
  upstreamConnectTime: TimingSummary;
  upstreamHeaderTime: TimingSummary;
  upstreamResponseTime: TimingSummary;
  requestTime: TimingSummary;
  /** lines that were not the expected JSON, kept as they were */
  unparsed: string[];
}

/** Error-log lines per signature in one second (nginx logs whole seconds), from the load's start. */
export interface ErrorLogInterval {
  startMs: number;
  signatures: Record<string, number>;
}

export interface ErrorLogSummary {
  /** per second since the load started, from the lines' own timestamps */
  series?: ErrorLogInterval[];
  total: number;
  signatureCounts: Record<string, number>;
  levelCounts: Record<string, number>;
  /** every line whose signature is unknown, and up to 5 examples of each known signature */
  lines: ErrorLogLine[];
}

export interface StatusDifference {
  status: string;
  client: number;
  accessLog: number;
}

export interface Reconciliation {
  /** true when client and access log agree on every status (499 from cut-off requests excepted) */
  agrees: boolean;
  differences: StatusDifference[];
  notes: string[];
}

export interface ContainerFacts {
  name: string;
  role: 'nginx' | 'backend';
  backend?: string;
  replica?: number;
  image: string;
  running: boolean;
  exitCode: number | null;
  oomKilled: boolean;
  restartCount: number;
  /** exit codes of every time the process died during the load (Docker resets exitCode on a restart) */
  exitCodes: number[];
  /** lines in the application's own log (the harness's marked lines excluded) */
  appLogLines: number;
  /** the last lines the container printed */
  logTail: string[];
  /** what a backend served during the load, from its control port; null when it could not say */
  served: ServedDuringLoad | null;
}

export interface ServedDuringLoad {
  connections: number;
  requests: number;
  cpuSeconds: number;
}

export interface PhaseTimings {
  /** backends, nginx -t, nginx with readiness (containers kept from the previous variant are reset) */
  startMs: number;
  /**
   * parts of startMs (nginx starts while the backends boot, so they overlap): backends started or
   * reset and ready, nginx -t, a new nginx master answering; and what was kept from the previous variant
   */
  start: { backendsMs: number; nginxCheckMs: number; nginxMs: number; reused: { nginx: boolean; backends: number } };
  loadMs: number;
  collectMs: number;
  stopMs: number;
}

/** A chaos action: when it was planned, asked for, and took effect (ms from the load's start). */
export interface TimelineEntry {
  name: string;
  action: string;
  target: string;
  /** the declared offset, or null for an action after N requests */
  plannedAtMs: number | null;
  requestedAtMs: number | null;
  tookEffectAtMs: number | null;
  /** why it did not take effect (a failed Docker call, or the load ended first) */
  error?: string;
}

/** What the Docker Engine reported about a container during the load (die, oom, start, ...). */
export interface ContainerEvent {
  atMs: number;
  container: string;
  event: string;
  exitCode?: number;
}

export interface Observation {
  scenario: string;
  variant: string;
  startedAt: string;
  nginxVersion: string;
  images: { nginx: string; node: string };
  nginxConfig: string;
  client: ClientObservation;
  accessLog: AccessLogSummary;
  errorLog: ErrorLogSummary;
  reconciliation: Reconciliation;
  containers: ContainerFacts[];
  /** chaos actions of the variant, in the order they were declared */
  timeline: TimelineEntry[];
  containerEvents: ContainerEvent[];
  timings: PhaseTimings;
}
