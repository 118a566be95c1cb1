/**
 * Parses nginx error-log lines and classifies each against the signature catalog (pure).
 *
 *   2026/11/21 10:00:00 [error] 29#29: *1 <message>, client: 172.18.0.1, server: _,
 *     request: "GET / HTTP/1.1", upstream: "http://172.18.0.2:8080/", host: "127.0.0.1:32768"
 *
 * Lines are read as people paste them: inside a shipper's envelope or behind its prefix (see
 * log-envelope.ts), with the `YYYY/MM/DD HH:MM:SS` date or the whole `[level] pid#tid: *cid`
 * prefix missing (classified, without a time), or as nginx prints to the console
 * (`nginx: [emerg] …`). A line without nginx's prefix is taken as nginx's only when its message is
 * in the catalog or it carries nginx's context. The context is read by error-log-context.ts.
 */
import type { ErrorLogLine, ErrorLogSummary } from '../observe/observation.js';
import { readContext, splitContext, type ErrorLogContext } from './error-log-context.js';
import { unwrapEnvelope, withoutPrefixes } from './log-envelope.js';
import { classifyErrorMessage, signatureById, UNKNOWN_SIGNATURE } from './signatures.js';

/** The level given to lines that are not nginx error-log lines at all. */
export const UNPARSED_LEVEL = 'unparsed';
/** The level of a line pasted without nginx's `[level]` and not in the catalog. */
export const NO_LEVEL = 'none';
/** Examples kept per known signature; unknown lines are all kept. */
export const EXAMPLES_PER_SIGNATURE = 5;

const LEVELS = 'debug|info|notice|warn|error|crit|alert|emerg';
const FULL = new RegExp(`(\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}) \\[(${LEVELS})\\] (\\d+)#(\\d+): (?:\\*(\\d+) )?`);
const NO_DATE = new RegExp(`(?:^|\\s)\\[(${LEVELS})\\] (\\d+)#(\\d+): (?:\\*(\\d+) )?`);
const CONSOLE = new RegExp(`(?:^|\\s)nginx: \\[(${LEVELS})\\] `);

/** One line as diagnose reads it: the harness's ErrorLogLine and what else the line says. */
export interface ErrorLogRecord extends ErrorLogLine, ErrorLogContext {
  /** "2026/11/21 10:00:00", or "" when the line was pasted without its date */
  time: string;
  /** nginx's connection number (*cid), when logged */
  connection?: number;
  /** what a log shipper had wrapped around the line */
  shipper: 'json' | 'prefix' | null;
}

export function readErrorLogLine(line: string): ErrorLogRecord | undefined {
  const { text, shipper: envelope } = unwrapEnvelope(line);
  if (text.trim() === '') return undefined;
  const head = findHead(text);
  const shipper = envelope ?? (head && head.at > 0 ? 'prefix' : null);
  if (head) return record(text.slice(head.end), line, head.time, head.level, head.connection, shipper);
  const bare = withoutPrefixes(text.trim());
  const { message, context } = splitContext(bare);
  const signature = classifyErrorMessage(message);
  if (signature === UNKNOWN_SIGNATURE && !/^, (?:udp )?client: \S+, server: /.test(context)) {
    return { time: '', level: UNPARSED_LEVEL, message: text, signature: UNKNOWN_SIGNATURE, raw: line, module: 'core', shipper: envelope };
  }
  return record(bare, line, '', signatureById(signature)?.level ?? NO_LEVEL, undefined, envelope ?? (bare === text ? null : 'prefix'));
}

/** The harness's own reading of a line (its nginx writes plain lines). */
export function parseErrorLogLine(line: string): ErrorLogLine | undefined {
  const r = readErrorLogLine(line);
  if (!r) return undefined;
  const parsed: ErrorLogLine = { time: r.time, level: r.level, message: r.message, signature: r.signature, raw: r.raw.endsWith('\r') ? r.raw.slice(0, -1) : r.raw };
  if (r.upstream !== undefined) parsed.upstream = r.upstream;
  if (r.request !== undefined) parsed.request = r.request;
  return parsed;
}

/** The error-log summary built line by line, so a log is never held whole: add() each line, summary() at the end. */
export class ErrorLogTally {
  private readonly signatureCounts: Record<string, number> = {};
  private readonly levelCounts: Record<string, number> = {};
  private readonly lines: ErrorLogLine[] = [];
  private total = 0;

  /** the line as parsed (undefined for a blank one), for other tallies of the same line */
  add(line: string): ErrorLogLine | undefined {
    const parsed = parseErrorLogLine(line);
    if (!parsed) return undefined;
    this.total += 1;
    const seen = (this.signatureCounts[parsed.signature] ?? 0) + 1;
    this.signatureCounts[parsed.signature] = seen;
    this.levelCounts[parsed.level] = (this.levelCounts[parsed.level] ?? 0) + 1;
    if (parsed.signature === UNKNOWN_SIGNATURE || seen <= EXAMPLES_PER_SIGNATURE) this.lines.push(parsed);
    return parsed;
  }

  summary(): ErrorLogSummary {
    return { total: this.total, signatureCounts: { ...this.signatureCounts }, levelCounts: { ...this.levelCounts }, lines: [...this.lines] };
  }
}

/** The summary of a whole log given as text (see ErrorLogTally). */
export function summarizeErrorLog(text: string): ErrorLogSummary {
  const tally = new ErrorLogTally();
  for (const line of text.split('\n')) tally.add(line);
  return tally.summary();
}

interface Head {
  at: number;
  end: number;
  time: string;
  level: string;
  connection: number | undefined;
}

/** nginx's prefix, wherever a shipper put it in the line: full, without the date, or the console's. */
function findHead(text: string): Head | undefined {
  const full = FULL.exec(text);
  if (full) return { at: full.index, end: full.index + full[0].length, time: full[1]!, level: full[2]!, connection: full[5] === undefined ? undefined : Number(full[5]) };
  const noDate = NO_DATE.exec(text);
  if (noDate) {
    const at = noDate.index + (noDate[0].startsWith('[') ? 0 : 1);
    return { at, end: noDate.index + noDate[0].length, time: '', level: noDate[1]!, connection: noDate[4] === undefined ? undefined : Number(noDate[4]) };
  }
  const console = CONSOLE.exec(text);
  if (console) return { at: console.index, end: console.index + console[0].length, time: '', level: console[1]!, connection: undefined };
  return undefined;
}

function record(rest: string, raw: string, time: string, level: string, connection: number | undefined, shipper: ErrorLogRecord['shipper']): ErrorLogRecord {
  const { message, context } = splitContext(rest);
  const parsed: ErrorLogRecord = { time, level, message, signature: classifyErrorMessage(message), raw, shipper, ...readContext(context) };
  if (connection !== undefined) parsed.connection = connection;
  return parsed;
}
