/** reset: the backend reads the request, then resets the connection (RST) before any header. */
import { z } from 'zod';
import { durationSchema, LIMITS, probabilitySchema } from '../../../harness/scenario/schema-parts.js';

export const resetSchema = z.strictObject({
  kind: z.literal('reset'),
  delay: durationSchema(LIMITS.maxBackendDelayMs)
    .default('0ms')
    .describe('Time between the whole request having arrived and the reset (the work done before the process gives up on the connection).'),
  probability: probabilitySchema
    .default(1)
    .describe('Share of requests that are reset, drawn from the seeded generator (the same requests on every run); the others get a 200 at once.'),
});

export type ResetBehavior = z.output<typeof resetSchema>;
