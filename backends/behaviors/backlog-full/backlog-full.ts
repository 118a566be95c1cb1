/**
 * backlog-full: a server whose accept loop is stuck. The listening socket lives in a worker
 * thread that blocks for good (Atomics.wait: asleep, no CPU) right after listen(), so nothing ever
 * calls accept(): the kernel completes backlog + 1 handshakes into the accept queue and then drops
 * every further SYN (net.ipv4.tcp_abort_on_overflow is 0, so no RST), and the connecting side
 * times out. The main thread stays free, so the control port still answers (0 connections served).
 * With prefill, the main thread first opens backlog + 1 connections of its own to fill the queue.
 */
import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { BehaviorImplementation } from '../behavior.js';
import type { BacklogFullBehavior } from './schema.js';

/** Runs in the worker thread (CommonJS, evaluated from this string). */
const STUCK_LISTENER = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require('node:net').createServer();
server.on('error', (error) => parentPort.postMessage({ error: String(error && error.message) }));
server.listen({ port: workerData.port, backlog: workerData.backlog }, () => {
  parentPort.postMessage({ listening: true });
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(sleeper, 0, 0);
});
`;

interface WorkerMessage {
  listening?: boolean;
  error?: string;
}

/** Connections held open for the life of the process: they are what fills the queue. */
const held: Socket[] = [];

function fillQueue(port: number, count: number): Promise<void> {
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      held.push(socket);
      socket.once('connect', () => resolve());
      socket.on('error', reject);
    });
  return Promise.all(Array.from({ length: count }, one)).then(() => undefined);
}

export const backlogFull: BehaviorImplementation<BacklogFullBehavior> = {
  start(config, context) {
    const worker = new Worker(STUCK_LISTENER, { eval: true, workerData: { port: context.port, backlog: config.backlog } });
    worker.unref();
    worker.on('error', (error) => {
      throw error;
    });
    worker.on('message', (message: WorkerMessage) => {
      if (message.error !== undefined) throw new Error(`backlog-full: listen on :${context.port} failed: ${message.error}`);
      if (!message.listening) return;
      if (!config.prefill) return context.ready();
      // Linux takes backlog + 1 completed connections into the queue of a socket that never accepts.
      fillQueue(context.port, config.backlog + 1).then(context.ready, (error: unknown) => {
        throw error instanceof Error ? error : new Error(String(error));
      });
    });
  },
};
