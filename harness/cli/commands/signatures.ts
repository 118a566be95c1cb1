/**
 * `badgateway signatures [--json]`: the catalog of nginx error-log signatures, the ids that
 * `error_log` expectations and diagnose speak of: level, the status the client gets, what it
 * means, and an example line as nginx writes it.
 */
import { SIGNATURES, UNKNOWN_SIGNATURE, type Signature } from '../../nginx/signatures.js';
import { EXIT } from '../exit-codes.js';

export interface SignatureListing {
  id: string;
  level: string;
  /** the status the client gets when this failure ends the request; null when it decides none */
  clientStatus: number | null;
  /** whether a request failed because of the backend or nginx's own limits */
  failure: boolean;
  summary: string;
  /** one full error-log line as nginx writes it */
  example: string;
  /** the regular expression the message (after `*CID `, before `, client:`) must match */
  pattern: string;
}

export function listSignatures(signatures: readonly Signature[]): SignatureListing[] {
  return signatures.map((s) => ({ id: s.id, level: s.level, clientStatus: s.clientStatus, failure: s.failure, summary: s.summary, example: s.example, pattern: s.pattern.source }));
}

export function renderSignatures(signatures: readonly Signature[]): string {
  const blocks = listSignatures(signatures).map((s) => {
    const client = s.clientStatus === null ? 'decides no client status' : `client gets ${s.clientStatus}`;
    return [`${s.id}  (${s.level}, ${client})`, `  ${s.summary}`, `  example: ${s.example}`].join('\n');
  });
  return `${blocks.join('\n\n')}\n\n${signatures.length} signatures. A line that matches none counts as "${UNKNOWN_SIGNATURE}" (expect ${UNKNOWN_SIGNATURE}: 0 to catch surprises).\n`;
}

export function signaturesCommand(out: NodeJS.WritableStream, options: { json: boolean }): number {
  out.write(options.json ? `${JSON.stringify(listSignatures(SIGNATURES), null, 2)}\n` : renderSignatures(SIGNATURES));
  return EXIT.ok;
}
