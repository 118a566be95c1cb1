/** garbage: the service on the port speaks another protocol: its bytes are not an HTTP response. */
import { z } from 'zod';

export const garbageSchema = z
  .strictObject({
    kind: z.literal('garbage'),
    payload: z
      .string()
      .min(1)
      .max(4096)
      .regex(/^[\x00-\x7e]+$/, 'must be ASCII (control characters such as \\r\\n allowed)')
      .default("-ERR wrong number of arguments for 'get' command\r\n")
      .describe("What the service answers to the request, before it closes the connection; the default is Redis's answer to nginx's request line \"GET / HTTP/1.0\"."),
  })
  .superRefine((b, ctx) => {
    if (b.payload.startsWith('HTTP/')) {
      ctx.addIssue({ code: 'custom', path: ['payload'], message: 'starts like an HTTP status line, which nginx may parse in part: use invalid-header for a broken header, or a payload that is plainly not HTTP' });
    }
  });

export type GarbageBehavior = z.output<typeof garbageSchema>;
