/**
 * One access-log line in any format diagnose reads (pure): the harness's JSON (parsed by
 * harness/nginx/parse-access-log.ts), other JSON formats (escape=json, keys named after nginx
 * variables or their usual short forms), a log_format taken from nginx.conf, combined with
 * optional key=value pairs after it (rt=, uct=, uht=, urt=, ua=, us=, or the variable names), and
 * ingress-nginx's upstreaminfo. The status is always the field right after the request line.
 */
import { parseAccessLogLine, parseJsonObjectLine } from '../nginx/parse-access-log.js';
import { recordFromFields, type AccessFormat, type AccessRecord } from './access-record.js';
import { readUpstreamInfo } from './ingress-upstreaminfo.js';
import { msecSeconds } from './time-key.js';

export interface ParsedAccessLine {
  record: AccessRecord;
  format: AccessFormat;
}

/**
 * remote_addr (IPv4, IPv6, unix:), remote_user, [time_local], "request" (escaped quotes allowed),
 * status, body_bytes_sent, then optionally "referer" "user agent" and anything after.
 */
const COMBINED = /^\S+ \S+ (?:\S+|"[^"]*") \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (?:\d+|-)(?: "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*")?(.*)$/;
/** The same, for request lines with raw quotes in them (log_format escape=none): up to the first `" NNN N`. */
const COMBINED_LOOSE = /^\S+ \S+ (?:\S+|"[^"]*") \[([^\]]+)\] "(.*?)" (\d{3}) (?:\d+|-)(?: "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*")?(.*)$/;
const PAIR = /(\w+)=("(?:[^"\\]|\\.)*"|\S*)/g;

export function parseAccessLine(line: string, custom?: FieldReader): ParsedAccessLine | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  if (text.startsWith('{')) return parseJsonLine(text);
  if (custom) {
    const get = custom(text);
    const record = get && recordFromFields(get);
    if (record) return { record, format: 'log-format' };
  }
  return parseCombined(text);
}

function parseJsonLine(text: string): ParsedAccessLine | undefined {
  const ours = parseAccessLogLine(text);
  if (ours) {
    const record: AccessRecord = {
      timeS: msecSeconds(ours.msec),
      status: ours.status,
      method: ours.method,
      uri: ours.uri,
      requestTimeMs: ours.requestTimeMs,
      upstream: ours.upstream,
      hasUpstreamFields: true,
    };
    return { record, format: 'badgateway-json' };
  }
  const object = parseJsonObjectLine(text);
  if (!object) return undefined;
  const record = recordFromFields((name) => {
    const v = object[name];
    return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
  });
  return record ? { record, format: 'json' } : undefined;
}

function parseCombined(text: string): ParsedAccessLine | undefined {
  const match = COMBINED.exec(text) ?? COMBINED_LOOSE.exec(text);
  if (!match) return undefined;
  const [, timeLocal = '', request = '', status = '', rest = ''] = match;
  const pairs = new Map<string, string>([['time_local', timeLocal], ['request', request], ['status', status]]);
  const info = readUpstreamInfo(rest);
  if (info) {
    for (const [key, value] of info) pairs.set(key, value);
    const record = recordFromFields((name) => pairs.get(name));
    return record && { record, format: 'ingress-upstreaminfo' };
  }
  if (rest.includes('=')) {
    for (const [, key = '', raw = ''] of rest.matchAll(PAIR)) {
      if (!pairs.has(key)) pairs.set(key, raw.startsWith('"') ? raw.slice(1, -1) : raw);
    }
  }
  const record = recordFromFields((name) => pairs.get(name));
  if (!record) return undefined;
  return { record, format: record.hasUpstreamFields ? 'combined+upstream' : 'combined' };
}

/**
 * An nginx `log_format` string compiled into a line parser: literal text must match as written,
 * each variable captures up to the next literal. Used when --nginx-config names the format the
 * access log is written in, so custom formats need no guessing.
 */
export type FieldReader = (line: string) => ((name: string) => string | undefined) | undefined;

const VARIABLE = /\$(?:\{(\w+)\}|(\w+))/g;
/** Variables whose values have a known shape: tighter captures parse faster and match less by mistake. */
const SHAPES: Record<string, string> = {
  status: '(\\d{3})',
  msec: '(\\d+(?:\\.\\d+)?)',
  request_time: '(\\d+(?:\\.\\d+)?|-)',
  body_bytes_sent: '(\\d+|-)',
  bytes_sent: '(\\d+|-)',
  time_local: '([^\\]]*?)',
};

export function compileLogFormat(format: string): FieldReader | undefined {
  const names: string[] = [];
  let source = '^';
  let last = 0;
  const matches = [...format.matchAll(VARIABLE)];
  if (matches.length === 0) return undefined;
  matches.forEach((match, index) => {
    const name = match[1] ?? match[2] ?? '';
    source += escapeRegExp(format.slice(last, match.index));
    const atEnd = index === matches.length - 1 && match.index + match[0].length === format.length;
    source += SHAPES[name] ?? (atEnd ? '(.*)' : '(.*?)');
    names.push(name);
    last = match.index + match[0].length;
  });
  source += `${escapeRegExp(format.slice(last))}$`;
  const pattern = new RegExp(source);
  return (line: string) => {
    const match = pattern.exec(line);
    if (!match) return undefined;
    const values = new Map<string, string>();
    names.forEach((name, i) => {
      if (!values.has(name)) values.set(name, match[i + 1] ?? '');
    });
    return (name: string) => values.get(name);
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
