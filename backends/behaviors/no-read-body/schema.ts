/**
 * no-read-body: takes the request head and then does not read the body, never or for a while, so a
 * body larger than the socket buffers stalls nginx's write (proxy_send_timeout: 504).
 */
import { z } from 'zod';
import { durationSchema, LIMITS } from '../../../harness/scenario/schema-parts.js';

export const noReadBodySchema = z.strictObject({
  kind: z.literal('no-read-body'),
  read_after: durationSchema(LIMITS.maxBackendDelayMs)
    .optional()
    .describe(
      'When the app starts reading the body (after a busy worker frees up, a lock or a slow auth call); it answers once it has read it all. '
        + 'Left out: it never reads and never answers. 0ms: it reads at once, a healthy app.',
    ),
  status: z.int().min(200).max(599).default(200).describe('Status code of the answer, sent once the whole body has been read.'),
});

export type NoReadBodyBehavior = z.output<typeof noReadBodySchema>;
