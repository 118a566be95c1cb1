/** crash: the process exits in the middle of a request (an uncaught exception), before the headers or mid-body. */
import { z } from 'zod';
import { LIMITS, probabilitySchema } from '../../../harness/scenario/schema-parts.js';

export const crashSchema = z
  .strictObject({
    kind: z.literal('crash'),
    after_requests: z
      .int()
      .min(0)
      .max(LIMITS.maxRequests)
      .optional()
      .describe('Answer this many requests normally, then crash on the next one (0 = the first request crashes); counted from process start, so again after every restart. Give this or probability.'),
    probability: probabilitySchema
      .optional()
      .describe('Crash on each request with this probability, drawn from the seeded generator: the same requests crash on every run, and again after every restart. Give this or after_requests.'),
    point: z
      .enum(['before-headers', 'mid-body'])
      .default('before-headers')
      .describe('before-headers: the process dies before it sends anything; mid-body: it sends the headers and half the body, then dies.'),
    exit_code: z
      .int()
      .min(1)
      .max(255)
      .default(1)
      .describe("The process's exit code (1 is Node's own for an uncaught exception); a restart policy on-failure restarts on any of these."),
    error: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\x20-\x7e]+$/, 'must be one line of printable ASCII')
      .default("TypeError: Cannot read properties of undefined (reading 'id')")
      .describe('The uncaught exception, as the app logs it in its one line before it dies.'),
    status: z.int().min(200).max(599).default(200).describe('Status code of the requests that do not crash (and of the mid-body crash).'),
    body_bytes: z.int().min(0).max(LIMITS.maxBodyBytes).default(2).describe('Size of the response body (the mid-body crash sends half of it).'),
  })
  .superRefine((b, ctx) => {
    if ((b.after_requests === undefined) === (b.probability === undefined)) {
      ctx.addIssue({ code: 'custom', path: b.after_requests === undefined ? [] : ['probability'], message: 'give either after_requests or probability (one of them)' });
    }
    if (b.point === 'mid-body' && b.body_bytes < 2) {
      ctx.addIssue({ code: 'custom', path: ['body_bytes'], message: 'a mid-body crash needs body_bytes of at least 2 (half of it is sent before the crash)' });
    }
  });

export type CrashBehavior = z.output<typeof crashSchema>;
