/** ok: a healthy backend that answers at once. */
import { z } from 'zod';
import { LIMITS } from '../../../harness/scenario/schema-parts.js';

export const okSchema = z.strictObject({
  kind: z.literal('ok'),
  status: z.int().min(200).max(599).default(200).describe('Status code of the response.'),
  body_bytes: z.int().min(0).max(LIMITS.maxBodyBytes).default(2).describe('Size of the response body.'),
});

export type OkBehavior = z.output<typeof okSchema>;
