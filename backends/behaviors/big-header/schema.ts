/** big-header: a valid response whose header block is larger than nginx's header buffer. */
import { z } from 'zod';
import { LIMITS, sizeSchema } from '../../../harness/scenario/schema-parts.js';

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export const bigHeaderSchema = z.strictObject({
  kind: z.literal('big-header'),
  header: z
    .string()
    .regex(TOKEN, 'must be a valid header name (e.g. Set-Cookie)')
    .max(64)
    .default('Set-Cookie')
    .describe('Name of the big header (a session cookie, a Link or CSP header, a JWT echoed back, ...).'),
  value_bytes: sizeSchema(1, LIMITS.maxBodyBytes)
    .default('8k')
    .describe('Size of each header value (e.g. 6k). The whole header block is about 150 bytes more (status line, other headers), plus the name and 4 bytes per big header line.'),
  count: z.int().min(1).max(64).default(1).describe('How many such header lines the response carries (several Set-Cookie lines, say).'),
  status: z.int().min(200).max(599).default(200).describe('Status code of the response.'),
  body_bytes: z.int().min(0).max(LIMITS.maxBodyBytes).default(2).describe('Size of the response body.'),
});

export type BigHeaderBehavior = z.output<typeof bigHeaderSchema>;
