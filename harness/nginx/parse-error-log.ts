/**
 * Parses nginx's error log in its default (and only) format and classifies each line against the
 * signature catalog (pure).
 *
 *   2026/11/21 10:00:00 [error] 29#29: *1 <message>, client: 172.18.0.1, server: _,
 *     request: "GET / HTTP/1.1", upstream: "http://172.18.0.2:8080/", host: "127.0.0.1:32768"
 *
 * The `*CID ` connection number and the context suffix are optional (process-level lines have
 * neither). The suffix keys come in a fixed order (client, server, request, subrequest, upstream,
 * host, referrer); any of them after server may be absent, server may be empty, and nginx cuts
 * lines at 2047 bytes without a marker, so the suffix may end anywhere.
 */
import type { ErrorLogLine, ErrorLogSummary } from '../observe/observation.js';
import { classifyErrorMessage, UNKNOWN_SIGNATURE } from './signatures.js';

/** The level given to lines that are not in nginx's error-log format at all. */
export const UNPARSED_LEVEL = 'unparsed';
/** Examples kept per known signature; unknown lines are all kept. */
export const EXAMPLES_PER_SIGNATURE = 5;

const LINE = /^(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}) \[([a-z]+)\] \d+#\d+: (?:\*\d+ )?([\s\S]*)$/;
/** Where the context starts: the client address never holds a comma or a space. */
const CONTEXT_START = /, client: [^\s,]+, server: /;
const CLIENT_MARKER = ', client: ';
const QUOTED_KEYS = ['request', 'subrequest', 'upstream', 'host', 'referrer'] as const;
type QuotedKey = (typeof QUOTED_KEYS)[number];

export function parseErrorLogLine(line: string): ErrorLogLine | undefined {
  const raw = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (raw.trim() === '') return undefined;
  const match = LINE.exec(raw);
  if (!match) return { time: '', level: UNPARSED_LEVEL, message: raw, signature: UNKNOWN_SIGNATURE, raw };
  const [, time = '', level = '', rest = ''] = match;
  const { message, context } = splitContext(rest);
  const parsed: ErrorLogLine = { time, level, message, signature: classifyErrorMessage(message), raw };
  const fields = readQuotedFields(context);
  if (fields.upstream !== undefined) parsed.upstream = fields.upstream;
  if (fields.request !== undefined) parsed.request = fields.request;
  return parsed;
}

export function summarizeErrorLog(text: string): ErrorLogSummary {
  const signatureCounts: Record<string, number> = {};
  const levelCounts: Record<string, number> = {};
  const lines: ErrorLogLine[] = [];
  let total = 0;
  for (const line of text.split('\n')) {
    const parsed = parseErrorLogLine(line);
    if (!parsed) continue;
    total += 1;
    const seen = (signatureCounts[parsed.signature] ?? 0) + 1;
    signatureCounts[parsed.signature] = seen;
    levelCounts[parsed.level] = (levelCounts[parsed.level] ?? 0) + 1;
    if (parsed.signature === UNKNOWN_SIGNATURE || seen <= EXAMPLES_PER_SIGNATURE) lines.push(parsed);
  }
  return { total, signatureCounts, levelCounts, lines };
}

/** Splits "<message>, client: …" into the message and the context (which starts with ", client: "). */
function splitContext(rest: string): { message: string; context: string } {
  const full = CONTEXT_START.exec(rest);
  const at = full ? full.index : rest.indexOf(CLIENT_MARKER);
  if (at >= 0) return { message: rest.slice(0, at), context: rest.slice(at) };
  return { message: withoutCutMarker(rest), context: '' };
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
    const end = found[i + 1]?.at ?? context.length;
    const value = context.slice(field.valueAt, end);
    fields[field.key] = value.endsWith('"') ? value.slice(0, -1) : value;
  });
  return fields;
}
