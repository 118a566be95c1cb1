/**
 * oom: a leak. Every request allocates grow_per_request outside the V8 heap (a Buffer), writes
 * every page of it so the kernel really backs it with memory, and keeps it, then answers
 * normally. Nothing is logged: when the container reaches its memory limit the kernel kills the
 * process with SIGKILL (exit 137, OOMKilled), and a killed process writes nothing. With
 * retain_max the app keeps at most that much, like a bounded cache: once full, the oldest entry
 * is evicted and its memory rewritten with the new one.
 */
import { parseSizeBytes } from '../../../harness/scenario/units.js';
import type { BehaviorImplementation } from '../behavior.js';
import type { OomBehavior } from './schema.js';

/** A buffer with every byte written, so every page of it is resident (a fresh mapping is not). */
function touchedBuffer(bytes: number, seed: number): Buffer {
  return Buffer.allocUnsafe(bytes).fill(seed & 0xff);
}

export const oom: BehaviorImplementation<OomBehavior> = {
  handler(config, context) {
    const growBytes = parseSizeBytes(config.grow_per_request)!;
    const maxBytes = config.retain_max === undefined ? Infinity : parseSizeBytes(config.retain_max)!;
    const retained: Buffer[] = [];
    let retainedBytes = 0;
    let served = 0;
    const body = 'x'.repeat(Math.max(config.body_bytes - 1, 0)) + (config.body_bytes > 0 ? '\n' : '');
    return (_req, res) => {
      served++;
      if (retainedBytes + growBytes <= maxBytes) {
        retained.push(touchedBuffer(growBytes, served));
        retainedBytes += growBytes;
      } else {
        // Full: the oldest entry's memory is reused for the new one (evicted and rewritten), so
        // the bound holds without waiting for a garbage collection to free anything.
        const oldest = retained.shift()!;
        retained.push(oldest.fill(served & 0xff));
      }
      res.status(config.status).set('X-Backend-Instance', context.instance).type('text/plain').send(body);
    };
  },
};
