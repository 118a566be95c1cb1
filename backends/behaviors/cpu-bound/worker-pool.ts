/**
 * The busy loop, and a fixed pool of worker threads that run it: each task goes to an idle worker,
 * or waits in a first-in-first-out queue until one is free, so the event loop only hands work
 * over. A worker that fails fails its task (the request gets a 500) and leaves the pool.
 * The worker's source is a string run with `eval`, so the bundled backend (one .cjs file) needs no
 * second file for it; it holds busyLoop's own text, which is why busyLoop uses nothing but globals.
 */
import { Worker } from 'node:worker_threads';

/** Keeps the calling thread busy for `ms` milliseconds of wall-clock time. */
export function busyLoop(ms: number): number {
  const end = performance.now() + ms;
  let spins = 0;
  while (performance.now() < end) spins++;
  return spins;
}

/** A worker that runs busyLoop for each { ms } message and answers when it is done. */
const BUSY_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const loop = (${busyLoop.toString()});
parentPort.on('message', (task) => {
  loop(task.ms);
  parentPort.postMessage('done');
});
`;

interface Task {
  ms: number;
  done: () => void;
  fail: (error: Error) => void;
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Task[] = [];
  private readonly running = new Map<Worker, Task>();
  private size = 0;

  constructor(size: number, private readonly onError: (error: Error) => void) {
    for (let i = 0; i < size; i++) this.add();
  }

  /** Resolves when a worker has run the busy loop for `ms`. */
  run(ms: number): Promise<void> {
    if (this.size === 0) return Promise.reject(new Error('no worker thread left in the pool'));
    return new Promise((done, fail) => {
      this.queue.push({ ms, done, fail });
      this.dispatch();
    });
  }

  /** Ends every worker thread; what waits for one fails. */
  close(): void {
    const closed = new Error('the worker pool was closed');
    this.size = 0;
    this.queue.splice(0).forEach((task) => task.fail(closed));
    for (const [worker, task] of this.running) {
      task.fail(closed);
      void worker.terminate();
    }
    this.running.clear();
    this.idle.splice(0).forEach((worker) => void worker.terminate());
  }

  private add(): void {
    const worker = new Worker(BUSY_WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', () => {
      this.running.get(worker)?.done();
      this.running.delete(worker);
      this.idle.push(worker);
      this.dispatch();
    });
    worker.on('error', (error) => {
      this.onError(error);
      this.size--;
      this.running.get(worker)?.fail(error);
      this.running.delete(worker);
      if (this.size === 0) this.queue.splice(0).forEach((task) => task.fail(error));
    });
    this.size++;
    this.idle.push(worker);
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.running.set(worker, task);
      worker.postMessage({ ms: task.ms });
    }
  }
}
