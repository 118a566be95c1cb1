/** cpu-bound: synchronous CPU work per request, on the event loop or handed to worker threads. */
import { z } from 'zod';
import { durationSchema, LIMITS, probabilitySchema } from '../../../harness/scenario/schema-parts.js';
import { parseDurationMs } from '../../../harness/scenario/units.js';

export const MAX_WORKER_THREADS = 16;
const MAX_CPU_TIME_MS = 10_000;

export const cpuBoundSchema = z
  .strictObject({
    kind: z.literal('cpu-bound'),
    cpu_time: durationSchema(MAX_CPU_TIME_MS).default('100ms').describe(
      'How long a heavy request keeps its thread busy in a busy loop (timed by the wall clock, so a loaded machine does not stretch it).',
    ),
    heavy_share: probabilitySchema
      .default(1)
      .describe('Share of requests that are heavy, spread evenly (0.2 = every fifth); the others answer at once.'),
    worker_threads: z
      .int()
      .min(0)
      .max(MAX_WORKER_THREADS)
      .default(0)
      .describe('0: the work runs on the event loop and every request waits behind it (the incident); N: a pool of N worker threads does it and the event loop stays free (the fix).'),
    status: z.int().min(200).max(599).default(200).describe('Status code of the response.'),
    body_bytes: z.int().min(0).max(LIMITS.maxBodyBytes).default(2).describe('Size of the response body.'),
  })
  .superRefine((b, ctx) => {
    if (parseDurationMs(b.cpu_time) === 0) ctx.addIssue({ code: 'custom', path: ['cpu_time'], message: 'must be above 0 (use kind ok for a backend without work)' });
    if (b.heavy_share === 0) ctx.addIssue({ code: 'custom', path: ['heavy_share'], message: 'must be above 0 (use kind ok for a backend without heavy requests)' });
  });

export type CpuBoundBehavior = z.output<typeof cpuBoundSchema>;
