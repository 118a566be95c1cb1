/**
 * The context nginx appends to a message (pure). The HTTP module writes
 * `, client: ADDR, server: NAME[, request: "…"][, subrequest: "…"][, upstream: "…"][, host: "…"][, referrer: "…"]`
 * in that fixed order (any after server may be absent, server may be empty); the stream module
 * `, [udp ]client: ADDR, server: LISTEN[, upstream: "…"], bytes from/to client:N/N, bytes from/to upstream:N/N`;
 * the resolver `, resolver: ADDR`. nginx cuts lines at 2047 bytes without a marker, so the context
 * may end anywhere.
 */

export interface ErrorLogContext {
  client?: string;
  server?: string;
  request?: string;
  upstream?: string;
  host?: string;
  referrer?: string;
  /** which nginx module wrote it: http (request context), stream (TCP/UDP proxy), or core (no client) */
  module: 'http' | 'stream' | 'core';
}

/** Where the context may start: the client address never holds a comma or a space. */
const CONTEXT_START = /, (?:udp )?client: [^\s,]+, server: |, resolver: \S+$/g;
/** What may follow the server name: the next key, the stream module's counts, or the end. */
const AFTER_SERVER = /^[^"]*?(?:, (?:request|subrequest|upstream|host|referrer): "|, bytes from\/to |$)/;
const CLIENT_MARKER = ', client: ';
const QUOTED_KEYS = ['request', 'subrequest', 'upstream', 'host', 'referrer'] as const;
type QuotedKey = (typeof QUOTED_KEYS)[number];
const STREAM_TAIL = ', bytes from/to ';

/**
 * Splits "<message>, client: …" into the message and the context (which starts with ", "). The
 * message can hold user-controlled text that looks like a context (a user name, a path), and so can
 * the request and referrer: nginx appends the real context last, so the last place where one
 * starts with a well-formed server name (no quote in it) is taken.
 */
export function splitContext(rest: string): { message: string; context: string } {
  let full = -1;
  for (const match of rest.matchAll(CONTEXT_START)) {
    const after = rest.slice(match.index + match[0].length);
    if (match[0].startsWith(', resolver: ') || AFTER_SERVER.test(after)) full = match.index;
  }
  const at = full >= 0 ? full : rest.indexOf(CLIENT_MARKER);
  if (at >= 0) return { message: rest.slice(0, at), context: rest.slice(at) };
  return { message: withoutCutMarker(rest), context: '' };
}

export function readContext(context: string): ErrorLogContext {
  const found: ErrorLogContext = { module: 'core' };
  const client = /^, (?:udp )?client: ([^\s,]+)(?:, server: )?/.exec(context);
  if (!client) return found;
  found.client = client[1]!;
  const afterServer = client[0].endsWith(', server: ') ? client[0].length : -1;
  const fields = readQuotedFields(context);
  Object.assign(found, fields);
  if (afterServer >= 0) {
    const rest = context.slice(afterServer);
    const next = [...QUOTED_KEYS.map((key) => `, ${key}: "`), STREAM_TAIL].map((m) => rest.indexOf(m)).filter((i) => i >= 0);
    found.server = rest.slice(0, next.length > 0 ? Math.min(...next) : rest.length);
  }
  found.module = context.includes(STREAM_TAIL) || context.startsWith(', udp client: ') ? 'stream' : 'http';
  return found;
}

/** A line cut inside ", client: " leaves a piece of it behind the message; drop that piece. */
function withoutCutMarker(message: string): string {
  for (let length = CLIENT_MARKER.length - 1; length >= 1; length -= 1) {
    if (message.endsWith(CLIENT_MARKER.slice(0, length))) return message.slice(0, -length);
  }
  return message;
}

/**
 * The quoted context values, each ending where the next key starts (request lines may hold
 * quotes and commas). A value cut by truncation is kept as far as it goes.
 */
function readQuotedFields(context: string): Partial<Record<QuotedKey, string>> {
  const found: { key: QuotedKey; at: number; valueAt: number }[] = [];
  let from = 0;
  for (const key of QUOTED_KEYS) {
    const marker = `, ${key}: "`;
    const at = context.indexOf(marker, from);
    if (at < 0) continue;
    found.push({ key, at, valueAt: at + marker.length });
    from = at + marker.length;
  }
  const fields: Partial<Record<QuotedKey, string>> = {};
  found.forEach((field, i) => {
    let end = found[i + 1]?.at ?? context.length;
    const tail = context.indexOf(`"${STREAM_TAIL}`, field.valueAt);
    if (tail >= 0 && tail < end) end = tail + 1;
    const value = context.slice(field.valueAt, end);
    fields[field.key] = value.endsWith('"') ? value.slice(0, -1) : value;
  });
  return fields;
}
