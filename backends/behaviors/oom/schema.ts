/** oom: a memory leak: every request leaves memory behind until the kernel kills the process. */
import { z } from 'zod';
import { LIMITS, sizeSchema } from '../../../harness/scenario/schema-parts.js';
import { parseSizeBytes } from '../../../harness/scenario/units.js';

const MAX_GROWTH_BYTES = 64 * 1_048_576;

export const oomSchema = z
  .strictObject({
    kind: z.literal('oom'),
    grow_per_request: sizeSchema(1024, MAX_GROWTH_BYTES)
      .default('1m')
      .describe('Memory each request leaves behind: allocated, written (so the pages are really used) and kept.'),
    retain_max: sizeSchema(1024, LIMITS.maxBackendMemoryBytes)
      .optional()
      .describe('Bound on the memory kept (the oldest is dropped first), like a cache with a size limit; without it the leak grows until the memory limit kills the process.'),
    status: z.int().min(200).max(599).default(200).describe('Status code of the response.'),
    body_bytes: z.int().min(0).max(LIMITS.maxBodyBytes).default(2).describe('Size of the response body.'),
  })
  .superRefine((b, ctx) => {
    const grow = parseSizeBytes(b.grow_per_request);
    const max = b.retain_max === undefined ? undefined : parseSizeBytes(b.retain_max);
    if (grow !== undefined && max !== undefined && max < grow) {
      ctx.addIssue({ code: 'custom', path: ['retain_max'], message: `retain_max (${b.retain_max}) must be at least grow_per_request (${b.grow_per_request})` });
    }
  });

export type OomBehavior = z.output<typeof oomSchema>;
