/** slow: waits before sending the headers, a fixed delay or a log-normal one (median, p99). */
import type { Behavior } from '../../harness/scenario/schema.js';
import { parseDurationMs } from '../../harness/scenario/units.js';
import { logNormalSampler } from '../random.js';
import type { BehaviorFactory } from './behavior.js';

type SlowConfig = Extract<Behavior, { kind: 'slow' }>;

export const slow: BehaviorFactory<SlowConfig> = (config, context) => {
  const fixedMs = config.delay === undefined ? undefined : parseDurationMs(config.delay)!;
  const sample = fixedMs === undefined
    ? logNormalSampler(parseDurationMs(config.median!)!, parseDurationMs(config.p99!)!, context.random)
    : () => fixedMs;
  const body = 'x'.repeat(Math.max(config.body_bytes - 1, 0)) + (config.body_bytes > 0 ? '\n' : '');
  return (_req, res) => {
    const delayMs = sample();
    const timer = setTimeout(() => {
      res.status(config.status).set('X-Backend-Instance', context.instance).type('text/plain').send(body);
    }, delayMs);
    // nginx gave up (proxy_read_timeout): stop the timer so abandoned requests cost nothing.
    res.on('close', () => clearTimeout(timer));
  };
};
