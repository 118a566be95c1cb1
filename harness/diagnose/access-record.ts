/**
 * One access-log request as diagnose needs it, whatever format it was logged in, and the mapping
 * from nginx variable names (as JSON keys, log_format variables or key=value pairs) to it (pure).
 */
import type { UpstreamAttempt } from '../nginx/parse-access-log.js';
import { anyTimeSeconds } from './time-key.js';
import { parseUpstreamAttempts } from '../nginx/upstream-attempts.js';

export type AccessFormat = 'badgateway-json' | 'json' | 'log-format' | 'combined' | 'combined+upstream' | 'ingress-upstreaminfo';

export interface AccessRecord {
  /** seconds on nginx's wall clock (see time-key.ts); undefined when the line has no time */
  timeS: number | undefined;
  status: number;
  method: string;
  /** $request_uri as logged (query included) */
  uri: string;
  requestTimeMs: number | null;
  /** every upstream attempt in order; empty when the format does not log them or none was made */
  upstream: UpstreamAttempt[];
  /** true when the format logs $upstream_* at all (so an empty list means "no attempt") */
  hasUpstreamFields: boolean;
}

/** Canonical field → the names it is logged under (variable names, common short keys). */
const ALIASES = {
  status: ['status'],
  time: ['time_local', 'time_iso8601', 'msec', 'time', 'timestamp', '@timestamp'],
  request: ['request'],
  method: ['request_method', 'method'],
  uri: ['request_uri', 'uri', 'path'],
  request_time: ['request_time', 'rt', 'reqtime', 'duration'],
  upstream_addr: ['upstream_addr', 'ua', 'upstream'],
  upstream_status: ['upstream_status', 'us'],
  upstream_connect_time: ['upstream_connect_time', 'uct'],
  upstream_header_time: ['upstream_header_time', 'uht'],
  upstream_response_time: ['upstream_response_time', 'urt', 'upstream_time'],
} as const;

type Canonical = keyof typeof ALIASES;

export function pick(get: (name: string) => string | undefined, field: Canonical): string | undefined {
  for (const name of ALIASES[field]) {
    const value = get(name);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

const STATUS = /^\d{3}$/;
const SECONDS = /^\d+(?:\.\d+)?$/;

/** A record from named values; undefined without a three-digit status. */
export function recordFromFields(get: (name: string) => string | undefined): AccessRecord | undefined {
  const status = pick(get, 'status');
  if (status === undefined || !STATUS.test(status)) return undefined;
  const request = pick(get, 'request');
  const [requestMethod = '', requestUri = ''] = request === undefined ? [] : splitRequestLine(request);
  const time = pick(get, 'time');
  const requestTime = pick(get, 'request_time');
  const upstreamText = (field: Canonical) => pick(get, field) ?? '';
  const hasUpstreamFields = ['upstream_addr', 'upstream_status', 'upstream_response_time'].some((f) => pick(get, f as Canonical) !== undefined);
  return {
    timeS: time === undefined ? undefined : anyTimeSeconds(time),
    status: Number(status),
    method: pick(get, 'method') ?? requestMethod,
    uri: pick(get, 'uri') ?? requestUri,
    requestTimeMs: requestTime !== undefined && SECONDS.test(requestTime) ? Math.round(Number(requestTime) * 1000) : null,
    upstream: parseUpstreamAttempts({
      addr: upstreamText('upstream_addr'),
      status: upstreamText('upstream_status'),
      connect: upstreamText('upstream_connect_time'),
      header: upstreamText('upstream_header_time'),
      response: upstreamText('upstream_response_time'),
    }),
    hasUpstreamFields,
  };
}

/** "GET /a?b HTTP/1.1" → ["GET", "/a?b"]; a line that is not a request (TLS bytes) → ["", ""]. */
export function splitRequestLine(request: string): [string, string] {
  const first = request.indexOf(' ');
  if (first <= 0) return ['', ''];
  const last = request.lastIndexOf(' ');
  const uri = last > first && request.startsWith('HTTP/', last + 1) ? request.slice(first + 1, last) : request.slice(first + 1);
  const method = request.slice(0, first);
  return /^[A-Z]{2,16}$/.test(method) ? [method, uri] : ['', ''];
}
