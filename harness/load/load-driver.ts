/** Drives HTTP load at nginx and counts what the client saw. */
import type { ClientObservation } from '../observe/observation.js';

export interface LoadPlan {
  /** nginx's base URL on loopback, e.g. http://127.0.0.1:32768 */
  baseUrl: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  connections: number;
  /** stop sending after this long (in-flight requests are awaited) */
  durationMs?: number;
  /** stop after this many requests in all */
  requests?: number;
  /** fixed total rate, requests per second */
  ratePerSecond?: number;
  /** traffic shape: stages run one after another on one clock (each drains before the next) */
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
  /** responses so far, kept up to date per response (for actions after N requests) */
  live?: { responses: number };
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
}

export const PROGRESS_INTERVAL_MS = 250;

export interface LoadDriver {
  run(plan: LoadPlan, signal: AbortSignal, hooks?: LoadHooks): Promise<ClientObservation>;
}

/** The longest a plan may run: sending time, then one client timeout to drain, then a margin. */
export function hardStopMs(plan: Pick<LoadPlan, 'durationMs' | 'clientTimeoutMs'>, maxSendMs: number): number {
  return (plan.durationMs ?? maxSendMs) + plan.clientTimeoutMs + 2_000;
}

/** The sending time of a plan: its duration, or its stages together. */
export function plannedSendMs(plan: LoadPlan): number | undefined {
  return plan.stages ? plan.stages.reduce((sum, s) => sum + s.durationMs, 0) : plan.durationMs;
}
