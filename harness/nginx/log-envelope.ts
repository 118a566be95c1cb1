/**
 * A log line as people paste it, with what log shippers wrap around nginx's own text taken off
 * (pure): Docker's json-file records (`{"log":"…\n","stream":…}`) and other JSON envelopes
 * (`message`, `MESSAGE` from journalctl -o json, `msg`, `textPayload`), CRLF and a byte-order
 * mark, and leading prefixes: docker compose's `service  | `, kubectl's `[pod/…] ` and
 * `--timestamps`, CRI's `stdout F `, syslog and journald headers.
 */

export interface Unwrapped {
  /** nginx's own text */
  text: string;
  /** what was taken off ("json", "prefix"), or null */
  shipper: 'json' | 'prefix' | null;
}

const ENVELOPE_FIELDS = ['log', 'message', 'MESSAGE', 'msg', 'textPayload'];
const ENVELOPE_KEY = /"(?:log|message|MESSAGE|msg|textPayload)"\s*:/;

/** Prefixes taken off the start of a line, one after the other, as often as they match. */
const PREFIXES: RegExp[] = [
  /^<\d{1,3}>(?:1 )?/, // syslog priority (RFC 3164 / 5424)
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s+/, // RFC 3339 time (kubectl --timestamps, CRI, RFC 5424)
  /^(?:stdout|stderr) [FP] /, // CRI stream and tag
  /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}\s+/, // syslog time "Nov 21 10:00:00"
  /^\[pod\/[^\]\s]+(?: [^\]\s]+)?\] /, // kubectl logs --prefix
  /^[\w.-]+\s*\|\s?/, // docker compose "web-1  | "
  /^[\w.-]+ [\w./-]+(?:\[\d+\])?: /, // syslog / journald "host nginx[123]: "
  /^[\w./-]+\[\d+\]: /, // "nginx[123]: "
];

export function unwrapEnvelope(line: string): Unwrapped {
  let text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let shipper: Unwrapped['shipper'] = null;
  const inner = jsonEnvelope(text);
  if (inner !== undefined) {
    text = inner;
    shipper = 'json';
  }
  return { text, shipper };
}

/** The text with shipper prefixes taken off the start; the same text when there are none. */
export function withoutPrefixes(text: string): string {
  let rest = text;
  for (let round = 0; round < 6; round += 1) {
    const prefix = PREFIXES.find((p) => p.test(rest));
    if (!prefix) break;
    rest = rest.replace(prefix, '');
  }
  return rest;
}

function jsonEnvelope(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}') || !ENVELOPE_KEY.test(trimmed)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  // an access log written as JSON has a status: it is the line itself, not an envelope
  if ('status' in record || 'request' in record) return undefined;
  for (const field of ENVELOPE_FIELDS) {
    const inner = record[field];
    if (typeof inner === 'string') return inner.replace(/\r?\n$/, '');
  }
  return undefined;
}
