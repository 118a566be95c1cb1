/** refused: the process runs, but nothing accepts connections on the service port. */
import { z } from 'zod';
import { BACKEND_CONTROL_PORT, BACKEND_PORT } from '../../../harness/runtime/runtime.js';

export const refusedSchema = z
  .strictObject({
    kind: z.literal('refused'),
    listen: z
      .enum(['nothing', 'loopback', 'other-port'])
      .default('nothing')
      .describe('nothing: the app opens no port at all (stuck in startup); loopback: it serves on 127.0.0.1 only, unreachable from nginx in another container; other-port: it serves on other_port instead of the one nginx uses.'),
    other_port: z
      .int()
      .min(1024)
      .max(65535)
      .default(3000)
      .describe('With listen other-port: the port the app serves on by mistake.'),
  })
  .superRefine((b, ctx) => {
    if (b.listen === 'other-port' && (b.other_port === BACKEND_PORT || b.other_port === BACKEND_CONTROL_PORT)) {
      ctx.addIssue({ code: 'custom', path: ['other_port'], message: `${b.other_port} is the service or control port; choose another (e.g. 3000)` });
    }
  });

export type RefusedBehavior = z.output<typeof refusedSchema>;
