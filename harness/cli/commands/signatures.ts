/**
 * `badgateway signatures [--json]`: the catalog of nginx error-log signatures, the ids that
 * `error_log` expectations and diagnose speak of: level, the status the client gets, what it
 * means, and an example line as nginx writes it (where the catalog has one).
 */
import { SIGNATURES, UNKNOWN_SIGNATURE, type Signature } from '../../nginx/signatures.js';
import { EXIT } from '../exit-codes.js';

/** A catalog entry, with the example line a catalog may carry. */
export type ListedSignature = Signature & { example?: string };

export interface SignatureListing {
  id: string;
  level: string;
  /** the status the client gets when this failure ends the request; null when it decides none */
  clientStatus: number | null;
  summary: string;
  /** one full error-log line as nginx writes it */
  example?: string;
  /** the regular expression the message (after `*CID `, before `, client:`) must match */
  pattern: string;
}

export function listSignatures(signatures: readonly ListedSignature[]): SignatureListing[] {
  return signatures.map((s) => ({
    id: s.id, level: s.level, clientStatus: s.clientStatus, summary: s.summary,
    ...(typeof s.example === 'string' ? { example: s.example } : {}),
    pattern: s.pattern.source,
  }));
}

export function renderSignatures(signatures: readonly ListedSignature[]): string {
  const blocks = listSignatures(signatures).map((s) => {
    const client = s.clientStatus === null ? 'decides no client status' : `client gets ${s.clientStatus}`;
    return [`${s.id}  (${s.level}, ${client})`, `  ${s.summary}`, ...(s.example !== undefined ? [`  example: ${s.example}`] : [])].join('\n');
  });
  return `${blocks.join('\n\n')}\n\n${signatures.length} signatures. A line that matches none counts as "${UNKNOWN_SIGNATURE}" (expect ${UNKNOWN_SIGNATURE}: 0 to catch surprises).\n`;
}

export function signaturesCommand(out: NodeJS.WritableStream, options: { json: boolean }): number {
  const catalog: readonly ListedSignature[] = SIGNATURES;
  out.write(options.json ? `${JSON.stringify(listSignatures(catalog), null, 2)}\n` : renderSignatures(catalog));
  return EXIT.ok;
}
