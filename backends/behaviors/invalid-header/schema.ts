/** invalid-header: a response whose header block has a line nginx refuses to parse. */
import { z } from 'zod';
import { LIMITS, probabilitySchema } from '../../../harness/scenario/schema-parts.js';

/**
 * The defects nginx 1.22 rejects with "upstream sent invalid header" (each checked against it),
 * and two whose fate depends on the nginx version (see scenarios/duplicate-content-length.yaml):
 * a Content-Length sent twice, and Content-Length beside Transfer-Encoding: chunked.
 * Bytes nginx lets through instead, and so are not offered here: other control characters in a
 * value (\x01), non-ASCII or "(" in a name, a line without a colon, a lone LF as line end.
 */
export const HEADER_DEFECTS = ['space-in-name', 'space-before-colon', 'bare-cr', 'nul-in-value', 'folded-line', 'empty-name', 'duplicate-content-length', 'content-length-and-chunked'] as const;

export const invalidHeaderSchema = z.strictObject({
  kind: z.literal('invalid-header'),
  defect: z
    .enum(HEADER_DEFECTS)
    .default('space-in-name')
    .describe('space-in-name: "X Powered By: …"; space-before-colon: "X-Cache : HIT"; bare-cr: a value holding a lone CR (unsanitised input in Location); nul-in-value: a NUL byte in a value; folded-line: an obsolete folded continuation line; empty-name: a line starting with ":"; duplicate-content-length: Content-Length twice (the same value); content-length-and-chunked: Content-Length beside Transfer-Encoding: chunked.'),
  probability: probabilitySchema
    .default(1)
    .describe('Share of responses that carry the bad line, drawn from the seeded generator (the same ones on every run); the others are valid.'),
  status: z.int().min(200).max(599).default(200).describe('Status code of the response.'),
  body_bytes: z.int().min(0).max(LIMITS.maxBodyBytes).default(2).describe('Size of the response body.'),
});

export type InvalidHeaderBehavior = z.output<typeof invalidHeaderSchema>;
