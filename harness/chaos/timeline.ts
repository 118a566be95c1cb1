/**
 * Runs a variant's chaos actions on the load's clock: each at its offset from the load's start, or
 * once N responses have come back. Records when each was asked for and when it took effect. The
 * timeline ends with the load: an action whose time never came is recorded as not reached.
 */
import type { LoadClock } from '../load/load-driver.js';
import type { TimelineEntry } from '../observe/observation.js';
import type { ActionTarget, PlannedAction } from './planned-action.js';

const POLL_MS = 5;

export function runTimeline(
  actions: readonly PlannedAction[],
  target: ActionTarget,
  clock: LoadClock,
  live: { responses: number },
  loadEnded: AbortSignal,
): Promise<TimelineEntry[]> {
  const now = () => performance.now() - clock.startPerf;
  return Promise.all(
    actions.map(async (action): Promise<TimelineEntry> => {
      const entry: TimelineEntry = { name: action.name, action: action.action, target: action.target, plannedAtMs: action.atMs ?? null, requestedAtMs: null, tookEffectAtMs: null };
      const reached = await waitFor(action, now, live, loadEnded);
      if (!reached) return { ...entry, error: 'not reached: the load ended first' };
      entry.requestedAtMs = now();
      try {
        await target.act(action);
        entry.tookEffectAtMs = now();
      } catch (error) {
        entry.error = error instanceof Error ? error.message : String(error);
      }
      return entry;
    }),
  );
}

/** Resolves true when the action's time has come, false when the load ended first. */
function waitFor(action: PlannedAction, now: () => number, live: { responses: number }, loadEnded: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (loadEnded.aborted) return resolve(false);
    const finish = (reached: boolean) => {
      clearTimeout(timer);
      clearInterval(poller);
      loadEnded.removeEventListener('abort', onEnd);
      resolve(reached);
    };
    const onEnd = () => finish(false);
    loadEnded.addEventListener('abort', onEnd, { once: true });
    const timer = action.atMs !== undefined ? setTimeout(() => finish(true), Math.max(action.atMs - now(), 0)) : undefined;
    const poller = action.afterRequests !== undefined
      ? setInterval(() => { if (live.responses >= action.afterRequests!) finish(true); }, POLL_MS)
      : undefined;
  });
}
