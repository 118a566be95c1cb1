/** keepalive-close: a backend that closes idle keep-alive connections, on a timer or as a request arrives. */
import { z } from 'zod';
import { durationSchema, LIMITS } from '../../../harness/scenario/schema-parts.js';
import { parseDurationMs } from '../../../harness/scenario/units.js';

const MAX_IDLE_MS = 3_600_000;

export const keepaliveCloseSchema = z
  .strictObject({
    kind: z.literal('keepalive-close'),
    idle_timeout: durationSchema(MAX_IDLE_MS)
      .default('5s')
      .describe("How long the backend keeps an idle keep-alive connection before it closes it (like Node's server.keepAliveTimeout, 5s by default; 0s: never). Shorter than nginx's upstream keepalive_timeout, a request nginx sends as the close is on its way fails."),
    drop_idle_after: durationSchema(MAX_IDLE_MS)
      .optional()
      .describe('The race made deterministic: a request that arrives on a reused connection idle at least this long is not answered; the connection is closed as it arrives, as if the idle timer had fired at that moment.'),
    delay: durationSchema(LIMITS.maxBackendDelayMs)
      .default('0s')
      .describe('How long each request waits before its answer. A burst at arrival rate r then holds about r × delay connections at once, which all sit idle together before the next burst.'),
    close_with: z
      .enum(['fin', 'rst'])
      .default('fin')
      .describe('How the backend closes: fin, an orderly close (socket.destroy()); rst, a reset (socket.resetAndDestroy()).'),
    status: z.int().min(200).max(599).default(200).describe('Status code of the response.'),
    body_bytes: z.int().min(0).max(LIMITS.maxBodyBytes).default(2).describe('Size of the response body.'),
  })
  .superRefine((b, ctx) => {
    if (b.drop_idle_after === undefined) return;
    const dropMs = parseDurationMs(b.drop_idle_after);
    const idleMs = parseDurationMs(b.idle_timeout);
    if (dropMs === undefined || idleMs === undefined) return;
    if (dropMs === 0) ctx.addIssue({ code: 'custom', path: ['drop_idle_after'], message: 'must be above 0s (0s would drop every reused connection)' });
    else if (idleMs > 0 && dropMs >= idleMs) {
      ctx.addIssue({ code: 'custom', path: ['drop_idle_after'], message: `must be below idle_timeout (${b.idle_timeout}): the timer closes the connection first, so no request could arrive on it` });
    }
  });

export type KeepaliveCloseBehavior = z.output<typeof keepaliveCloseSchema>;
