/** slow: a delay before the response headers, or before the body (headers sent at once). */
import { z } from 'zod';
import { durationSchema, LIMITS } from '../../../harness/scenario/schema-parts.js';
import { parseDurationMs } from '../../../harness/scenario/units.js';

export const slowSchema = z
  .strictObject({
    kind: z.literal('slow'),
    delay: durationSchema(LIMITS.maxBackendDelayMs).optional().describe('Fixed delay.'),
    median: durationSchema(LIMITS.maxBackendDelayMs).optional().describe('Median delay of a log-normal distribution (with p99).'),
    p99: durationSchema(LIMITS.maxBackendDelayMs).optional().describe('99th percentile delay of a log-normal distribution (with median).'),
    phase: z.enum(['header', 'body']).default('header').describe('header: nothing is sent until the delay is over; body: headers at once, the body after the delay.'),
    worker_timeout: durationSchema(LIMITS.maxBackendDelayMs).optional().describe("The app server's own request timeout (like Gunicorn's): a request still running then is killed and its connection closed."),
    status: z.int().min(200).max(599).default(200).describe('Status code of the response.'),
    body_bytes: z.int().min(0).max(LIMITS.maxBodyBytes).default(2).describe('Size of the response body.'),
  })
  .superRefine((b, ctx) => {
    const fixed = b.delay !== undefined;
    const distributed = b.median !== undefined || b.p99 !== undefined;
    if (fixed && distributed) ctx.addIssue({ code: 'custom', path: ['delay'], message: 'give either delay, or median and p99, not both' });
    else if (!fixed && (b.median === undefined || b.p99 === undefined)) {
      ctx.addIssue({ code: 'custom', path: distributed ? [b.median === undefined ? 'median' : 'p99'] : [], message: distributed ? 'median and p99 go together' : 'needs delay, or median and p99' });
    } else if (distributed && parseDurationMs(b.p99!)! < parseDurationMs(b.median!)!) {
      ctx.addIssue({ code: 'custom', path: ['p99'], message: `p99 (${b.p99}) must not be below median (${b.median})` });
    }
  });

export type SlowBehavior = z.output<typeof slowSchema>;
