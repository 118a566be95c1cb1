/**
 * One thread of a load that runs on several (engine-shards.ts): its share of the plan, started on
 * the load's clock when the main thread says go; it hands back everything it counted, and ends
 * once the main thread has it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadHooks } from '../load-driver.js';
import type { ShardControl, ShardData, ShardMessage } from './engine-shards.js';
import { runEngineSeries } from './run-engine.js';
import { warmUp } from './warm-up.js';

export function runShard(): void {
  const port = parentPort!;
  const { plan, index, live } = workerData as ShardData;
  const counts = new Int32Array(live);
  const send = (message: ShardMessage) => port.postMessage(message);
  const abort = new AbortController();
  const stop = new AbortController();
  const hooks: LoadHooks = {
    stopSending: stop.signal,
    live: {
      get responses() { return counts[index]!; },
      set responses(n: number) { counts[index] = n; },
    },
    onProgress: (progress) => send({ type: 'progress', progress }),
  };
  port.on('message', (message: ShardControl) => {
    if (message.type === 'abort') abort.abort();
    else if (message.type === 'stop') stop.abort();
    else if (message.type === 'close') port.close();
    else if (message.type === 'go') {
      runEngineSeries(plan, abort.signal, hooks, message.startEpochMs)
        .then(({ series }) => send({ type: 'done', state: series.state() }))
        .catch((error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
    }
  });
  warmUp();
  send({ type: 'ready' });
}
