/**
 * uvicorn: uvicorn serves the project's small ASGI app (asgi_app.py) on one event loop. Its async
 * handler either makes a blocking call (time.sleep: the whole loop stalls, requests are served one
 * at a time) or awaits (asyncio.sleep: they overlap). --timeout-keep-alive is uvicorn's 5 s.
 */
import { z } from 'zod';
import { durationSchema, LIMITS } from '../../../harness/scenario/schema-parts.js';

export const uvicornSchema = z.strictObject({
  kind: z.literal('uvicorn'),
  handler: z.enum(['blocking', 'awaiting']).default('blocking').describe('blocking: the async handler calls time.sleep (the event loop stalls); awaiting: it awaits asyncio.sleep.'),
  delay: durationSchema(LIMITS.maxBackendDelayMs).default('0s').describe('How long the handler sleeps.'),
  workers: z.int().min(1).max(16).default(1).describe('--workers.'),
  timeout_keep_alive: durationSchema(3_600_000).default('5s').describe('--timeout-keep-alive (whole seconds).'),
});

export type UvicornServer = z.output<typeof uvicornSchema>;
