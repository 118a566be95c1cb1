/**
 * The load engine as a program: reads a plan from stdin, runs it, writes JSON lines to stdout
 * (see engine-protocol.ts). It stops when told to abort, or when its stdin closes (the harness
 * is gone), so it never outlives the run. The closed model at full speed runs on several threads
 * of this same program (engine-shards.ts); off the main thread, it is one of them.
 */
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { isMainThread } from 'node:worker_threads';
import type { LoadHooks } from '../load-driver.js';
import { encode, LIVE_INTERVAL_MS, type EngineInput, type EngineMessage } from './engine-protocol.js';
import { runEngineShards, shardsFor } from './engine-shards.js';
import { runShard } from './engine-shard-thread.js';
import { runEngine } from './run-engine.js';
import { warmUp } from './warm-up.js';

if (isMainThread) main();
else runShard();

function main(): void {
  const send = (message: EngineMessage) => process.stdout.write(encode(message));
  // Ctrl-C reaches the whole process group: the harness decides, and aborts the load through stdin
  // (so the requests in flight are still counted, as cut off).
  process.on('SIGINT', () => {});
  const abort = new AbortController();
  const stop = new AbortController();
  let started = false;

  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    let input: EngineInput;
    try {
      input = JSON.parse(line) as EngineInput;
    } catch {
      send({ type: 'error', message: `not a JSON line: ${line.slice(0, 80)}` });
      return;
    }
    if (input.type === 'abort') abort.abort();
    else if (input.type === 'stop') stop.abort();
    else if (input.type === 'plan' && !started) {
      started = true;
      void run(input);
    }
  });
  lines.on('close', () => abort.abort());

  async function run(input: Extract<EngineInput, { type: 'plan' }>): Promise<void> {
    const report = input.report ?? { live: true, progress: true };
    const live = { responses: 0 };
    let reported = 0;
    const liveTimer = report.live ? setInterval(() => {
      if (live.responses !== reported) send({ type: 'live', responses: (reported = live.responses) });
    }, LIVE_INTERVAL_MS) : undefined;
    const hooks: LoadHooks = {
      ...(report.live ? { live } : {}),
      onStart: (clock) => send({ type: 'start', startEpochMs: clock.startEpochMs }),
      ...(report.progress ? { onProgress: (progress) => send({ type: 'progress', progress }) } : {}),
      stopSending: stop.signal,
    };
    try {
      const shards = shardsFor(input.plan, availableParallelism());
      // on several threads, each compiles its own code before it says ready
      if (shards === 1) warmUp();
      const observation = shards > 1
        ? await runEngineShards(input.plan, abort.signal, hooks, shards, process.argv[1]!)
        : await runEngine(input.plan, abort.signal, hooks);
      send({ type: 'result', observation });
    } catch (error) {
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      clearInterval(liveTimer);
      lines.close();
      process.stdin.destroy();
    }
  }
}
