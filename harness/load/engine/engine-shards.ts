/**
 * The closed model at full speed on several threads. One event loop cannot write and read as many
 * requests as nginx answers on a machine with more than one core, so the connections (and a
 * request bound) are split between worker threads, each an engine with its own event loop, all on
 * one clock (the load's time zero, given to each). What they counted is merged exactly: every
 * count, every interval and every latency histogram (see StatusSeries.merge). The open model
 * stays on one thread: its schedule and its in-flight bound are one, by definition.
 */
import { Worker } from 'node:worker_threads';
import type { ClientObservation, StatusCounts } from '../../observe/observation.js';
import { prepareRequest } from '../http1/request-bytes.js';
import { requestsOf, whenAborted, type LoadHooks, type LoadPlan, type LoadProgress } from '../load-driver.js';
import { StatusSeries, type SeriesState } from '../status-series.js';
import { LIVE_INTERVAL_MS } from './engine-protocol.js';

/** What a shard's thread is given (workerData). */
export interface ShardData {
  plan: LoadPlan;
  index: number;
  /** one Int32 per shard: its responses so far (for chaos actions after N requests) */
  live: SharedArrayBuffer;
}

/** main thread → shard: `go` carries the load's time zero */
export type ShardControl = { type: 'go'; startEpochMs: number } | { type: 'stop' } | { type: 'abort' } | { type: 'close' };

/** shard → main thread */
export type ShardMessage =
  | { type: 'ready' }
  | { type: 'progress'; progress: LoadProgress }
  | { type: 'done'; state: SeriesState }
  | { type: 'error'; message: string };

/** How many threads a plan runs on (pure): the closed model at full speed only, never more than its connections or requests. */
export function shardsFor(plan: LoadPlan, threads: number): number {
  if (plan.arrival || plan.ratePerSecond !== undefined || plan.stages) return 1;
  return Math.max(1, Math.min(threads, plan.connections, plan.requests ?? Infinity));
}

/** Shard i of n: its share of the connections and of the request bound (the shares add up exactly). */
export function shardPlan(plan: LoadPlan, i: number, n: number): LoadPlan {
  const share = (total: number) => Math.floor(total / n) + (i < total % n ? 1 : 0);
  return { ...plan, connections: share(plan.connections), ...(plan.requests !== undefined ? { requests: share(plan.requests) } : {}) };
}

/** Runs the plan on n threads of `program` (a module that calls runShard() off the main thread). */
export async function runEngineShards(plan: LoadPlan, signal: AbortSignal, hooks: LoadHooks, n: number, program: string): Promise<ClientObservation> {
  // Refuse a foreign origin before any thread starts.
  for (const request of requestsOf(plan)) prepareRequest(request, plan.baseUrl);
  const live = new SharedArrayBuffer(4 * n);
  const counts = new Int32Array(live);
  const workers = Array.from({ length: n }, (_, index) => new Worker(program, { workerData: { plan: shardPlan(plan, index, n), index, live } satisfies ShardData }));
  const progress: (LoadProgress | undefined)[] = new Array<LoadProgress | undefined>(n);
  const states: (SeriesState | undefined)[] = new Array<SeriesState | undefined>(n);
  let delivered = 0;
  let ready = 0;
  let startEpochMs = 0;
  const post = (message: ShardControl) => { for (const worker of workers) worker.postMessage(message); };
  const unlisten: (() => void)[] = [];
  const listener = hooks.live;
  // nobody listening, the main thread stays asleep while the shards run
  const liveTimer = listener ? setInterval(() => { listener.responses = counts.reduce((a, b) => a + b, 0); }, LIVE_INTERVAL_MS) : undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => { for (const worker of workers) void worker.terminate(); reject(error); };
      workers.forEach((worker, index) => {
        worker.on('message', (message: ShardMessage) => {
          if (message.type === 'ready' && ++ready === n) {
            startEpochMs = performance.timeOrigin + performance.now();
            hooks.onStart?.({ startPerf: startEpochMs - performance.timeOrigin, startEpochMs });
            post({ type: 'go', startEpochMs });
            unlisten.push(whenAborted(signal, () => post({ type: 'abort' })), whenAborted(hooks.stopSending, () => post({ type: 'stop' })));
          } else if (message.type === 'progress') {
            progress[index] = message.progress;
            if (hooks.onProgress) hooks.onProgress(mergeProgress(progress));
          } else if (message.type === 'done') {
            states[index] = message.state;
            worker.postMessage({ type: 'close' } satisfies ShardControl);
            if (++delivered === n) resolve();
          } else if (message.type === 'error') {
            fail(new Error(message.message));
          }
        });
        worker.on('error', fail);
        worker.on('exit', (code) => { if (!states[index]) fail(new Error(`a load thread exited (code ${code}) without its count`)); });
      });
    });
  } finally {
    clearInterval(liveTimer);
    for (const stop of unlisten) stop();
  }
  const series = new StatusSeries(plan.intervalMs, 'send');
  for (const state of states) series.merge(state!);
  if (hooks.live) hooks.live.responses = series.responsesSoFar;
  return series.finish(plan.clientTimeoutMs, startEpochMs);
}

/** The progress of the whole load: the latest of each shard, added up. */
function mergeProgress(parts: readonly (LoadProgress | undefined)[]): LoadProgress {
  const statusCounts: StatusCounts = {};
  let elapsedMs = 0;
  let responses = 0;
  let failed = 0;
  let plannedMs: number | undefined;
  for (const part of parts) {
    if (!part) continue;
    elapsedMs = Math.max(elapsedMs, part.elapsedMs);
    responses += part.responses;
    failed += part.failed;
    plannedMs ??= part.plannedMs;
    for (const [status, count] of Object.entries(part.statusCounts)) statusCounts[status] = (statusCounts[status] ?? 0) + count;
  }
  return { elapsedMs, ...(plannedMs !== undefined ? { plannedMs } : {}), responses, statusCounts, failed };
}
