/** Building blocks of the scenario schema, shared with the backend behaviours' own schemas. */
import { z } from 'zod';
import { MAX_SEND_MS } from '../load/load-driver.js';
import { parseDurationMs, parseSizeBytes } from './units.js';

export const LIMITS = {
  maxLoadDurationMs: MAX_SEND_MS,
  maxRequests: 1_000_000,
  maxConnections: 1_000,
  maxRate: 100_000,
  maxReplicas: 8,
  maxBackends: 8,
  maxBackendDelayMs: 120_000,
  maxBodyBytes: 1_048_576,
  maxRequestBodyBytes: 16 * 1_048_576,
  maxBackendMemoryBytes: 4 * 1024 * 1_048_576,
  minBackendMemoryBytes: 16 * 1_048_576,
} as const;

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const nameSchema = z
  .string({ error: 'must be a name (e.g. slow-backend)' })
  .regex(NAME, 'must be lowercase letters, digits and dashes, starting with a letter or digit (e.g. slow-backend)');

export function durationSchema(maxMs: number) {
  return z.string({ error: 'must be a duration with a unit (e.g. 500ms, 2s)' }).superRefine((text, ctx) => {
    const ms = parseDurationMs(text);
    if (ms === undefined) ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration; write it with a unit (e.g. 500ms, 2s)` });
    else if (ms > maxMs) ctx.addIssue({ code: 'custom', message: `${text} is longer than the limit of ${maxMs / 1000}s` });
  });
}

export function sizeSchema(minBytes: number, maxBytes: number) {
  return z.string({ error: 'must be a size (e.g. 64m, 16k)' }).superRefine((text, ctx) => {
    const bytes = parseSizeBytes(text);
    if (bytes === undefined) ctx.addIssue({ code: 'custom', message: `"${text}" is not a size (e.g. 64m, 16k, 4096)` });
    else if (bytes < minBytes || bytes > maxBytes) ctx.addIssue({ code: 'custom', message: `${text} is outside ${minBytes} to ${maxBytes} bytes` });
  });
}

export const probabilitySchema = z.number({ error: 'must be a probability from 0 to 1 (e.g. 0.1)' }).min(0).max(1);
