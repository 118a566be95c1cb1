/**
 * cpu-bound: a share of requests does synchronous CPU work (a busy loop). With worker_threads 0
 * the loop runs on the event loop, so every request on the server, cheap or heavy, waits until
 * the heavy ones ahead of it are done: one core busy, requests served one after another. With
 * worker_threads N, each heavy request hands its loop to a pool of N threads and cheap requests
 * are answered at once.
 */
import { parseDurationMs } from '../../../harness/scenario/units.js';
import type { BehaviorImplementation } from '../behavior.js';
import type { CpuBoundBehavior } from './schema.js';
import { busyLoop, WorkerPool } from './worker-pool.js';

/** Request n (from 0) is heavy when it carries the running share past a whole number. */
function evenlySpread(share: number): () => boolean {
  let n = 0;
  return () => {
    const heavy = Math.floor((n + 1) * share) > Math.floor(n * share);
    n++;
    return heavy;
  };
}

export const cpuBound: BehaviorImplementation<CpuBoundBehavior> = {
  handler(config, context) {
    const cpuMs = parseDurationMs(config.cpu_time)!;
    const nextIsHeavy = evenlySpread(config.heavy_share);
    const body = 'x'.repeat(Math.max(config.body_bytes - 1, 0)) + (config.body_bytes > 0 ? '\n' : '');
    const pool = config.worker_threads > 0
      ? new WorkerPool(config.worker_threads, (error) => context.log(`[ERROR] worker thread failed: ${error.message}`))
      : undefined;
    if (pool) context.onClose(() => pool.close());
    return (_req, res) => {
      const heavy = nextIsHeavy();
      const send = () => {
        res.status(config.status).set('X-Backend-Instance', context.instance).set('X-Backend-Work', heavy ? 'heavy' : 'cheap');
        res.type('text/plain').send(body);
      };
      if (!heavy) return send();
      if (pool) {
        pool.run(cpuMs).then(send, () => res.status(500).type('text/plain').send('internal error\n'));
        return;
      }
      busyLoop(cpuMs);
      send();
    };
  },
};
