/** Drives HTTP load at nginx and counts what the client saw. */
import type { ClientObservation } from '../observe/observation.js';

/** One request of a load: what is sent (origin-form path only). */
export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A request of a mix, chosen in proportion to its weight. */
export interface WeightedRequest extends LoadRequest {
  weight: number;
}

/**
 * The open model: requests start at their intended times whatever the responses do. Segments run
 * one after another on one clock; each goes linearly from one rate to another (equal: constant).
 */
export interface ArrivalPlan {
  /** constant: evenly spaced; poisson: exponential gaps with the same mean (seeded) */
  process: 'constant' | 'poisson';
  segments: ArrivalSegment[];
  /** requests in flight at most (one connection each); a start beyond it is dropped */
  maxInFlight: number;
  seed: number;
}

export interface ArrivalSegment {
  durationMs: number;
  fromPerSecond: number;
  toPerSecond: number;
}

/**
 * A load, as plain data (JSON): the same plan runs in the harness's process or in another one.
 * The request is path/method/headers/body, or a weighted mix.
 */
export interface LoadPlan extends LoadRequest {
  /** nginx's base URL on loopback, e.g. http://127.0.0.1:32768 */
  baseUrl: string;
  /** a weighted mix of requests, instead of the one request */
  mix?: WeightedRequest[];
  /** the open model (arrival rate); without it, the closed model on `connections` */
  arrival?: ArrivalPlan;
  connections: number;
  /** stop sending after this long (in-flight requests are awaited) */
  durationMs?: number;
  /** stop after this many requests in all */
  requests?: number;
  /** closed model: fixed total rate, requests per second, in bursts (autocannon's) */
  ratePerSecond?: number;
  /** closed model: stages run one after another on one clock (each drains before the next) */
  stages?: LoadStage[];
  clientTimeoutMs: number;
  intervalMs: number;
}

export interface LoadStage {
  durationMs: number;
  ratePerSecond?: number;
  connections?: number;
}

/** Time zero of a load: its series and the chaos timeline both count from here. */
export interface LoadClock {
  startPerf: number;
  startEpochMs: number;
}

export interface LoadHooks {
  onProgress?: (progress: LoadProgress) => void;
  /** called once, as the first request goes out */
  onStart?: (clock: LoadClock) => void;
  /** responses so far, kept up to date (for actions after N requests) */
  live?: { responses: number };
  /**
   * aborted: send no further request, as at the end of the duration (the ones in flight are
   * awaited and counted); a gate mode whose budget is already broken (gate/early-decision.ts)
   */
  stopSending?: AbortSignal;
}

/** Calls `act` once `signal` is aborted (at once when it already is); returns what stops listening. */
export function whenAborted(signal: AbortSignal | undefined, act: () => void): () => void {
  if (signal === undefined) return () => {};
  if (signal.aborted) {
    act();
    return () => {};
  }
  signal.addEventListener('abort', act, { once: true });
  return () => signal.removeEventListener('abort', act);
}

/** What a running load looks like so far, for live progress. */
export interface LoadProgress {
  elapsedMs: number;
  /** the planned sending time, when the plan has a duration */
  plannedMs?: number;
  responses: number;
  statusCounts: Record<string, number>;
  /** requests without a complete, valid response so far */
  failed: number;
  /** open model: requests in flight now */
  inFlight?: number;
}

export const PROGRESS_INTERVAL_MS = 250;

/** The longest any load sends; the scenario format's duration limit is this one. */
export const MAX_SEND_MS = 300_000;

export interface LoadDriver {
  run(plan: LoadPlan, signal: AbortSignal, hooks?: LoadHooks): Promise<ClientObservation>;
}

/** The longest a plan may run: sending time, then one client timeout to drain, then a margin. */
export function hardStopMs(plan: Pick<LoadPlan, 'durationMs' | 'clientTimeoutMs'>, maxSendMs: number): number {
  return (plan.durationMs ?? maxSendMs) + plan.clientTimeoutMs + 2_000;
}

/** The sending time of a plan: its duration, or its stages together. */
export function plannedSendMs(plan: LoadPlan): number | undefined {
  if (plan.arrival) return plan.arrival.segments.reduce((sum, s) => sum + s.durationMs, 0);
  return plan.stages ? plan.stages.reduce((sum, s) => sum + s.durationMs, 0) : plan.durationMs;
}

/** The requests of a plan with their weights: its mix, or its one request. */
export function requestsOf(plan: LoadPlan): WeightedRequest[] {
  if (plan.mix && plan.mix.length > 0) return plan.mix;
  return [{ method: plan.method, path: plan.path, headers: plan.headers, ...(plan.body !== undefined ? { body: plan.body } : {}), weight: 1 }];
}
