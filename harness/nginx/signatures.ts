/**
 * The catalog of nginx error-log signatures: one table that serves both assertions (count lines
 * per id) and diagnosis (what a line means, what the client saw, whether it is a failure). Each
 * pattern is matched against the message only: what follows `pid#tid: *cid ` with the context
 * (`, client: …`, `, resolver: …`) stripped (see parse-error-log.ts). Patterns are anchored and
 * mutually exclusive: a message matches at most one of them, so the order never decides.
 *
 * Patterns match what nginx means, not one system's wording: the errno number of a meaning on
 * Linux, the BSDs/macOS and Windows with any text (errno.ts), and the phase nginx names after
 * "while". Message formats checked in nginx's source for 1.22.1, 1.26.3 and 1.30.x.
 */
import { CONTEXT_SIGNATURES } from './signatures/context-signatures.js';
import { CORE_SIGNATURES } from './signatures/core-signatures.js';
import { PROTOCOL_SIGNATURES } from './signatures/protocol-signatures.js';
import { REACH_SIGNATURES } from './signatures/reach-signatures.js';
import type { Signature } from './signature-pattern.js';

export type { Signature, SignatureLevel } from './signature-pattern.js';

/** The id of every message that matches no signature. */
export const UNKNOWN_SIGNATURE = 'unknown';

export const SIGNATURES: readonly Signature[] = [...CORE_SIGNATURES, ...REACH_SIGNATURES, ...PROTOCOL_SIGNATURES, ...CONTEXT_SIGNATURES];

export const SIGNATURE_IDS: readonly string[] = SIGNATURES.map((s) => s.id);

const KNOWN_IDS: ReadonlySet<string> = new Set([...SIGNATURE_IDS, UNKNOWN_SIGNATURE]);
const BY_ID: ReadonlyMap<string, Signature> = new Map(SIGNATURES.map((s) => [s.id, s]));

/** True for every catalog id and for "unknown" (which scenarios may count too). */
export function isKnownSignature(id: string): boolean {
  return KNOWN_IDS.has(id);
}

export function signatureById(id: string): Signature | undefined {
  return BY_ID.get(id);
}

/** Messages repeat (a failing backend writes the same line thousands of times): recent ones are remembered. */
const recent = new Map<string, string>();
const MAX_RECENT = 2000;

/** The id of the signature the message (context suffix already stripped) matches, or "unknown". */
export function classifyErrorMessage(message: string): string {
  const known = recent.get(message);
  if (known !== undefined) return known;
  let id = UNKNOWN_SIGNATURE;
  for (const signature of SIGNATURES) {
    if (signature.pattern.test(message)) {
      id = signature.id;
      break;
    }
  }
  if (message.length <= 300) {
    if (recent.size >= MAX_RECENT) recent.clear();
    // a copy: a slice of the line would keep the whole chunk it was read from alive
    recent.set(Buffer.from(message, 'utf8').toString('utf8'), id);
  }
  return id;
}
