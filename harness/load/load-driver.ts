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
  clientTimeoutMs: number;
  intervalMs: number;
}

export interface LoadDriver {
  run(plan: LoadPlan, signal: AbortSignal): Promise<ClientObservation>;
}

/** The longest a plan may run: sending time, then one client timeout to drain, then a margin. */
export function hardStopMs(plan: LoadPlan, maxSendMs: number): number {
  return (plan.durationMs ?? maxSendMs) + plan.clientTimeoutMs + 2_000;
}
