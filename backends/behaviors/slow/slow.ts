/**
 * slow: waits before sending the headers (phase header) or before the body (phase body), a fixed
 * delay or a log-normal one. With worker_timeout, a request still running then is killed the way
 * Gunicorn kills a worker: a log line, and the connection closed without a response.
 */
import { parseDurationMs } from '../../../harness/scenario/units.js';
import { logNormalSampler } from '../../random.js';
import type { BehaviorImplementation } from '../behavior.js';
import type { SlowBehavior } from './schema.js';

export const slow: BehaviorImplementation<SlowBehavior> = {
  handler(config, context) {
    const fixedMs = config.delay === undefined ? undefined : parseDurationMs(config.delay)!;
    const sample = fixedMs === undefined
      ? logNormalSampler(parseDurationMs(config.median!)!, parseDurationMs(config.p99!)!, context.random)
      : () => fixedMs;
    const workerTimeoutMs = config.worker_timeout === undefined ? undefined : parseDurationMs(config.worker_timeout)!;
    const body = 'x'.repeat(Math.max(config.body_bytes - 1, 0)) + (config.body_bytes > 0 ? '\n' : '');
    return (req, res) => {
      const delayMs = sample();
      const timers: NodeJS.Timeout[] = [];
      res.on('close', () => timers.forEach(clearTimeout));
      res.status(config.status).set('X-Backend-Instance', context.instance).type('text/plain');
      if (config.phase === 'body') {
        res.setHeader('Content-Length', Buffer.byteLength(body));
        res.flushHeaders();
      }
      if (workerTimeoutMs !== undefined && delayMs >= workerTimeoutMs) {
        // killed before it answers: in phase body after the headers went out, so mid-body
        timers.push(setTimeout(() => {
          context.log(`[CRITICAL] WORKER TIMEOUT (pid:${process.pid}) ${req.method} ${req.originalUrl}`);
          req.socket.destroy();
        }, workerTimeoutMs));
        return;
      }
      timers.push(setTimeout(() => (config.phase === 'body' ? res.end(body) : res.send(body)), delayMs));
    };
  },
};
