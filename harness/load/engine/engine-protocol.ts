/**
 * How a load engine running elsewhere (a child process here; a `node` container on the run's
 * network when the Docker engine is remote) talks to the harness: the plan goes in as one JSON
 * line on stdin, then `stop` (send no more) and `abort` lines may follow; messages come out as JSON
 * lines on stdout.
 */
import type { ClientObservation } from '../../observe/observation.js';
import type { LoadPlan, LoadProgress } from '../load-driver.js';

/** report: which running reports the harness listens to (both when omitted); nobody listening, none is sent */
export type EngineInput = { type: 'plan'; plan: LoadPlan; report?: EngineReports } | { type: 'stop' } | { type: 'abort' };

export interface EngineReports {
  live: boolean;
  progress: boolean;
}

/** The running reports a load's hooks listen to. */
export function reportsFor(hooks: { live?: unknown; onProgress?: unknown }): EngineReports {
  return { live: hooks.live !== undefined, progress: hooks.onProgress !== undefined };
}

export type EngineMessage =
  /** the first request goes out now (ms since the epoch, sub-millisecond) */
  | { type: 'start'; startEpochMs: number }
  /** responses so far (for chaos actions after N requests) */
  | { type: 'live'; responses: number }
  | { type: 'progress'; progress: LoadProgress }
  | { type: 'result'; observation: ClientObservation }
  | { type: 'error'; message: string };

/** How often the engine reports its response count while it changes. */
export const LIVE_INTERVAL_MS = 5;

export function encode(message: EngineMessage | EngineInput): string {
  return `${JSON.stringify(message)}\n`;
}
