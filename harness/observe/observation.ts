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
  /** complete responses per status */
  statuses: StatusCounts;
  /** requests that ended in this interval without a complete, valid response */
  failed: number;
  /** client latency of the responses that ended in this interval (as `latency`, within 1%) */
  latency?: { p50Ms: number; p99Ms: number; maxMs: number };
  /** open model: requests started in this interval (by intended start) */
  started?: number;
  /** open model: of those, started later than their intended time (see LATE_START_MS) */
  late?: number;
  /** open model: intended starts never sent (see ScheduleObservation.dropped) */
  dropped?: number;
  /** open model: the most requests in flight at once in this interval */
  peakInFlight?: number;
}

/** Latency of the requests that ended one way: from the intended start and from the send. */
export interface OutcomeLatency {
  /** the same basis as ClientObservation.latency */
  latency: TimingSummary;
  /** from the moment the request was written (uncorrected) */
  fromSend: TimingSummary;
}

/**
 * The open model's schedule: what the scenario promised and what was delivered. A run that
 * dropped a start, or started more than 1% of them late, did not deliver its declared traffic.
 */
export interface ScheduleObservation {
  process: 'constant' | 'poisson';
  /** requests the schedule intended to start (its arrivals) */
  intended: number;
  /** of those, started (sent) */
  started: number;
  /** started more than lateThresholdMs after their intended time (they waited for a connection, or the engine was behind) */
  late: number;
  /** never sent: waited for a connection (the in-flight bound) longer than the client timeout, or still waiting at the hard stop */
  dropped: number;
  lateThresholdMs: number;
  /** the declared mean rate over the schedule, requests per second */
  declaredPerSecond: number;
  /** intended starts that were sent, per second of the schedule */
  deliveredPerSecond: number;
  maxInFlight: number;
  peakInFlight: number;
  connectionsOpened: number;
  /** late starts, in ms after their intended time */
  lateness: TimingSummary;
}

/**
 * How a request without a complete, valid response ended. Besides these, a socket error code
 * ("ECONNRESET", "EPIPE", ...) names the kind.
 */
export const FAILURE_KINDS = {
  /** the client's own timeout elapsed (nginx logs 499 when it notices) */
  timeout: 'timeout',
  /** still in flight when the load's hard stop came (nginx logs 499) */
  cutOff: 'cut-off',
  /** sent on a connection that closed before any byte of an answer came back (nginx never logged it) */
  noResponse: 'no-response',
  /** bytes that are not HTTP (nginx passes a backend's garbage on as HTTP/0.9, logged as 009) */
  invalidResponse: 'invalid-response',
  /** the status and headers came, the body was cut (the connection ended first) */
  truncated: 'truncated',
} as const;

/**
 * What the client saw. Every request it sent ends exactly one way: a complete, valid response
 * (counted per status) or a failure (counted per kind), so sent = responses + the failures.
 */
export interface ClientObservation {
  /** every request the client sent */
  sent: number;
  /** complete, valid responses */
  responses: number;
  /** complete, valid responses per status */
  statusCounts: StatusCounts;
  /** requests without a complete, valid response, by how they ended (see FAILURE_KINDS) */
  failed: Record<string, number>;
  /** the statuses of truncated responses (their status line came before the cut) */
  truncatedStatuses: StatusCounts;
  intervalMs: number;
  series: IntervalCounts[];
  /**
   * Latency of complete responses. Open model: from each request's intended start (corrected for
   * coordinated omission, as wrk2); closed model: from when it was sent. See latencyBasis.
   */
  latency: TimingSummary;
  latencyBasis?: 'intended-start' | 'send';
  /** latency of complete responses from when each was sent (uncorrected) */
  latencyFromSend?: TimingSummary;
  /**
   * Latency per way a request ended: a status of a complete response ("200", "504"), or a
   * failure kind ("timeout", "truncated", ...), from its start to its end.
   */
  latencyByOutcome?: Record<string, OutcomeLatency>;
  /** open model only: intended vs delivered starts */
  schedule?: ScheduleObservation;
  /** from first request to last response */
  elapsedMs: number;
  /** wall-clock time the load started (ms since the epoch): time zero of every series and action */
  startedAtEpochMs: number;
  requestsPerSecond: number;
  clientTimeoutMs: number;
  /** closed model bounded by a request count only: the count the scenario declared (all must be sent) */
  declaredRequests?: number;
  /**
   * a gate mode whose budget was broken before its sized load ended: the load sent no further
   * request from then on (the ones in flight were awaited and are counted)
   */
  stoppedEarly?: {
    /** requests answered or failed when the load was told to stop sending */
    finished: number;
    /** what broke the budget, e.g. "failed 8 of 8: over the 401 planned at least 1.01% (95% CI), budget <= 1%" */
    reason: string;
  };
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
  /** true when client and access log agree on every status (requests the client abandoned: 499, or the status nginx had sent) */
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
  start: { backendsMs: number; nginxCheckMs: number; nginxMs: number; reused: { nginx: boolean; backends: number }; prepared?: { nginx: boolean; backends: number } };
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
