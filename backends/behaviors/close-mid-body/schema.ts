/** close-mid-body: headers with a Content-Length, part of the body, then the connection closes. */
import { z } from 'zod';
import { durationSchema, LIMITS } from '../../../harness/scenario/schema-parts.js';

export const closeMidBodySchema = z
  .strictObject({
    kind: z.literal('close-mid-body'),
    body_bytes: z
      .int()
      .min(2)
      .max(LIMITS.maxBodyBytes)
      .default(4096)
      .describe('The body size the response announces in Content-Length.'),
    sent_bytes: z
      .int()
      .min(0)
      .max(LIMITS.maxBodyBytes)
      .optional()
      .describe('How much of the body is sent before the close (default: half of body_bytes); less than body_bytes.'),
    close_after: durationSchema(LIMITS.maxBackendDelayMs)
      .default('20ms')
      .describe('Time between the partial body and the close (a worker dying while it streams the rest).'),
    close: z
      .enum(['fin', 'reset'])
      .default('fin')
      .describe('fin: an orderly close (the process exited, its socket closed); reset: an abortive close (RST).'),
    status: z.int().min(200).max(599).default(200).describe('Status code of the response.'),
  })
  .superRefine((b, ctx) => {
    if (b.sent_bytes !== undefined && b.sent_bytes >= b.body_bytes) {
      ctx.addIssue({ code: 'custom', path: ['sent_bytes'], message: `must be less than body_bytes (${b.body_bytes}), or the body is not cut` });
    }
  });

export type CloseMidBodyBehavior = z.output<typeof closeMidBodySchema>;
