/**
 * backlog-full: the process listens but never accepts, so its accept queue is full and the kernel
 * drops further SYNs: nginx's connect times out ("while connecting to upstream", 504).
 */
import { z } from 'zod';

export const backlogFullSchema = z.strictObject({
  kind: z.literal('backlog-full'),
  backlog: z
    .int()
    .min(1)
    .max(128)
    .default(1)
    .describe('The listen backlog. Linux queues backlog + 1 completed connections before it drops SYNs.'),
  prefill: z
    .boolean()
    .default(true)
    .describe(
      'Fill the accept queue before the backend reports ready (as earlier clients would have), so every connection nginx opens times out while connecting. '
        + "With false, nginx's own first connections fill it: those requests are sent and wait for a response that never comes (proxy_read_timeout).",
    ),
});

export type BacklogFullBehavior = z.output<typeof backlogFullSchema>;
