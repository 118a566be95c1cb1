/**
 * gunicorn: Gunicorn serves the project's small WSGI app (wsgi_app.py). Defaults are Gunicorn's
 * own: 1 sync worker, --timeout 30 (a worker busy longer is killed: its connection closes without
 * a response), --keep-alive 2 (only workers that keep connections: gthread).
 */
import { z } from 'zod';
import { durationSchema, LIMITS } from '../../../harness/scenario/schema-parts.js';

export const gunicornSchema = z.strictObject({
  kind: z.literal('gunicorn'),
  worker_class: z.enum(['sync', 'gthread']).default('sync').describe('--worker-class: sync answers one request per worker and closes the connection; gthread keeps connections alive.'),
  workers: z.int().min(1).max(16).default(1).describe('--workers.'),
  threads: z.int().min(1).max(32).default(1).describe('--threads (gthread).'),
  timeout: durationSchema(3_600_000).default('30s').describe('--timeout: a worker silent longer than this is killed (whole seconds).'),
  keep_alive: durationSchema(3_600_000).default('2s').describe('--keep-alive: how long a kept connection may stay idle (whole seconds).'),
  app: z
    .strictObject({ delay: durationSchema(LIMITS.maxBackendDelayMs).default('0s').describe('How long the view works (time.sleep) before it answers.') })
    .default({ delay: '0s' })
    .describe('The WSGI app: delay, how long the view works (time.sleep, holding its worker) before it answers.'),
});

export type GunicornServer = z.output<typeof gunicornSchema>;
