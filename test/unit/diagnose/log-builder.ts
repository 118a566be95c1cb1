/** Builders of realistic nginx log lines for the diagnose tests (the formats real nginx writes). */

export const BASE_S = Date.UTC(2026, 10, 21, 10, 0, 0) / 1000;

/** "2026/11/21 10:00:05" for BASE_S + 5 */
export function errorTime(offsetS: number): string {
  const iso = new Date((BASE_S + offsetS) * 1000).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '/')} ${iso.slice(11, 19)}`;
}

export interface ErrorContext {
  method?: string;
  uri?: string;
  upstream?: string;
  client?: string;
  level?: string;
  cid?: number;
}

export function errorLine(offsetS: number, message: string, c: ErrorContext = {}): string {
  const method = c.method ?? 'GET';
  const uri = c.uri ?? '/api/items';
  const upstream = c.upstream ?? '172.18.0.2:8080';
  return `${errorTime(offsetS)} [${c.level ?? 'error'}] 29#29: *${c.cid ?? 1} ${message}, client: ${c.client ?? '172.18.0.1'}, server: _, request: "${method} ${uri} HTTP/1.1", upstream: "http://${upstream}${uri}", host: "example.test"`;
}

export const MESSAGES = {
  readTimeout: 'upstream timed out (110: Connection timed out) while reading response header from upstream',
  connectTimeout: 'upstream timed out (110: Connection timed out) while connecting to upstream',
  sendTimeout: 'upstream timed out (110: Connection timed out) while sending request to upstream',
  refused: 'connect() failed (111: Connection refused) while connecting to upstream',
  closed: 'upstream prematurely closed connection while reading response header from upstream',
  closedBody: 'upstream prematurely closed connection while reading upstream',
  resetHeader: 'recv() failed (104: Connection reset by peer) while reading response header from upstream',
  noLive: 'no live upstreams while connecting to upstream',
  disabled: 'upstream server temporarily disabled while reading response header from upstream',
  tooBig: 'upstream sent too big header while reading response header from upstream',
  invalid: 'upstream sent invalid header: "X-Bad\\x01: 1" while reading response header from upstream',
  garbage: 'upstream sent no valid HTTP/1.0 header while reading response header from upstream',
  limited: 'limiting requests, excess: 20.500 by zone "perclient"',
} as const;

export interface Attempt {
  addr?: string;
  status: number | '-';
  connect?: number | '-';
  header?: number | '-';
  response?: number | '-';
}

/** One line of the harness's JSON access log. */
export function accessJson(offsetMs: number, status: number, attempts: Attempt[], request: { method?: string; uri?: string } = {}): string {
  const list = (pick: (a: Attempt) => string) => attempts.map(pick).join(', ');
  const secs = (v: number | '-' | undefined) => (v === undefined || v === '-' ? '-' : (v / 1000).toFixed(3));
  const msec = (BASE_S + offsetMs / 1000).toFixed(3);
  return JSON.stringify({
    msec, request_id: 'r', status: String(status), method: request.method ?? 'GET', uri: request.uri ?? '/api/items',
    request_time: secs(Math.max(0, ...attempts.map((a) => (typeof a.response === 'number' ? a.response : 0)))),
    upstream_addr: attempts.length === 0 ? '' : list((a) => a.addr ?? '172.18.0.2:8080'),
    upstream_status: attempts.length === 0 ? '' : list((a) => String(a.status)),
    upstream_connect_time: attempts.length === 0 ? '' : list((a) => secs(a.connect ?? 0)),
    upstream_header_time: attempts.length === 0 ? '' : list((a) => secs(a.header)),
    upstream_response_time: attempts.length === 0 ? '' : list((a) => secs(a.response)),
    bytes_sent: '200', connection: '1', connection_requests: '1',
  });
}

/** A combined-format line with optional key=value extras. */
export function combinedLine(offsetS: number, status: number, request: { method?: string; uri?: string; client?: string } = {}, extras = ''): string {
  const d = new Date((BASE_S + offsetS) * 1000);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  return `${request.client ?? '203.0.113.9'} - - [${time}] "${request.method ?? 'GET'} ${request.uri ?? '/api/items'} HTTP/1.1" ${status} 157 "-" "curl/8.5.0"${extras ? ` ${extras}` : ''}`;
}

/** A minimal nginx.conf with the given location directives and upstream block content. */
export function nginxConf(location: string, upstream = 'server 10.0.0.1:8080;', http = ''): string {
  return `worker_processes 1;\nevents { worker_connections 1024; }\nhttp {\n  ${http}\n  upstream backend {\n    ${upstream}\n  }\n  server {\n    listen 80;\n    location / {\n      proxy_pass http://backend;\n      ${location}\n    }\n  }\n}\n`;
}
