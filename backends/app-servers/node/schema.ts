/**
 * node: Node's own http server (no framework) runs the project's small app (server.cjs), with
 * server.keepAliveTimeout as Node sets it: 5 s.
 */
import { z } from 'zod';
import { durationSchema, LIMITS } from '../../../harness/scenario/schema-parts.js';

export const nodeServerSchema = z.strictObject({
  kind: z.literal('node'),
  keep_alive_timeout: durationSchema(3_600_000).default('5s').describe("server.keepAliveTimeout: how long an idle kept connection stays open (0s: Node's timer is off)."),
  delay: durationSchema(LIMITS.maxBackendDelayMs).default('0s').describe('How long the handler waits (setTimeout) before it answers.'),
});

export type NodeServer = z.output<typeof nodeServerSchema>;
