/**
 * Hand-written incidents, one per cause: the lines real nginx writes for each failure mode, with
 * the access log (harness JSON format) and nginx.conf that go with them.
 */
import type { CauseId } from '../../../harness/diagnose/diagnosis.js';
import type { LogTexts } from '../../../harness/diagnose/diagnose.js';
import { accessJson, errorLine, MESSAGES as M, nginxConf, type Attempt } from './log-builder.js';

export interface Case extends LogTexts {
  expected: CauseId;
}

const ok = (ms: number): Attempt => ({ status: 200, header: ms, response: ms });

/** n requests spread over spanS seconds; each gets an access line and its error lines. */
function incident(n: number, spanS: number, each: (i: number, atMs: number) => { access: string; errors?: string[] }): { errorLog: string; accessLog: string } {
  const errors: string[] = [];
  const access: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const atMs = Math.round((i * spanS * 1000) / n);
    const r = each(i, atMs);
    access.push(r.access);
    errors.push(...(r.errors ?? []));
  }
  return { errorLog: errors.join('\n'), accessLog: access.join('\n') };
}

const at = (ms: number) => Math.floor(ms / 1000);

export const CASES: Record<string, () => Case> = {
  'read timeout below latency': () => ({
    expected: 'timeout-below-latency',
    nginxConfig: nginxConf('proxy_read_timeout 300ms;'),
    ...incident(200, 20, (i, t) => i % 4 === 0
      ? { access: accessJson(t, 504, [{ status: 504, header: '-', response: 301 }], { uri: '/report' }), errors: [errorLine(at(t), M.readTimeout, { uri: '/report' })] }
      : { access: accessJson(t, 200, [ok(20 + (i % 7))]) }),
  }),
  'stall': () => ({
    expected: 'backend-stall',
    nginxConfig: nginxConf('proxy_read_timeout 500ms;'),
    ...incident(600, 120, (i, t) => i >= 300 && i < 320
      ? { access: accessJson(t, 504, [{ status: 504, header: '-', response: 500 }]), errors: [errorLine(at(t), M.readTimeout)] }
      : { access: accessJson(t, 200, [ok(40 + (i % 9))]) }),
  }),
  'slowing backend': () => ({
    expected: 'slowing-backend',
    nginxConfig: nginxConf('proxy_read_timeout 1s;'),
    ...incident(400, 120, (i, t) => {
      const latency = 50 + (i / 400) * 1300 * (0.5 + ((i * 7919) % 100) / 100);
      return latency >= 1000
        ? { access: accessJson(t, 504, [{ status: 504, header: '-', response: 1001 }]), errors: [errorLine(at(t), M.readTimeout)] }
        : { access: accessJson(t, 200, [ok(Math.round(latency))]) };
    }),
  }),
  'app server timeout': () => ({
    expected: 'app-server-timeout',
    nginxConfig: nginxConf('proxy_read_timeout 60s;'),
    ...incident(200, 60, (i, t) => i % 5 === 0
      ? { access: accessJson(t, 502, [{ status: 502, header: '-', response: 30_000 + (i % 3) }]), errors: [errorLine(at(t), M.closed)] }
      : { access: accessJson(t, 200, [ok(80)]) }),
  }),
  'connect timeout': () => ({
    expected: 'connect-timeout',
    ...incident(100, 30, (i, t) => i % 2 === 0
      ? { access: accessJson(t, 504, [{ addr: '10.0.0.9:8080', status: 504, connect: '-', header: '-', response: 60_000 }]), errors: [errorLine(at(t), M.connectTimeout, { upstream: '10.0.0.9:8080' })] }
      : { access: accessJson(t, 200, [ok(5)]) }),
  }),
  'send timeout': () => ({
    expected: 'send-timeout',
    ...incident(20, 10, (_i, t) => ({ access: accessJson(t, 504, [{ status: 504, header: '-', response: 60_000 }], { method: 'POST', uri: '/upload' }), errors: [errorLine(at(t), M.sendTimeout, { method: 'POST', uri: '/upload' })] })),
  }),
  'keepalive race': () => ({
    expected: 'keepalive-race',
    nginxConfig: nginxConf('proxy_http_version 1.1;\n proxy_set_header Connection "";', 'server 10.0.0.1:8080;\n keepalive 32;'),
    ...incident(1000, 600, (i, t) => {
      const post = i % 2 === 1;
      if (i % 40 !== 7 && i % 40 !== 8) return { access: accessJson(t, 200, [ok(12)], { method: post ? 'POST' : 'GET' }) };
      const line = errorLine(at(t), M.closed, { method: post ? 'POST' : 'GET', uri: post ? '/orders' : '/api/items' });
      return post
        ? { access: accessJson(t, 502, [{ status: 502, header: '-', response: 0 }], { method: 'POST', uri: '/orders' }), errors: [line] }
        : { access: accessJson(t, 200, [{ status: 502, header: '-', response: 0 }, ok(12)]), errors: [line] };
    }),
  }),
  'crash': () => ({
    expected: 'backend-crash',
    ...incident(600, 600, (i, t) => {
      if (i >= 300 && i < 306) return { access: accessJson(t, 502, [{ status: 502, header: '-', response: 40 }]), errors: [errorLine(at(t), i % 2 ? M.resetHeader : M.closed)] };
      if (i >= 306 && i < 310) return { access: accessJson(t, 502, [{ status: 502, connect: '-', header: '-', response: 0 }]), errors: [errorLine(at(t), M.refused)] };
      return { access: accessJson(t, 200, [ok(10)]) };
    }),
  }),
  'restart': () => ({
    expected: 'backend-restart',
    ...incident(600, 600, (i, t) => i >= 200 && i < 204
      ? { access: accessJson(t, 502, [{ status: 502, connect: '-', header: '-', response: 0 }]), errors: [errorLine(at(t), M.refused)] }
      : { access: accessJson(t, 200, [ok(10)]) }),
  }),
  'down': () => ({
    expected: 'backend-down',
    ...incident(100, 60, (_i, t) => ({ access: accessJson(t, 502, [{ status: 502, connect: '-', header: '-', response: 0 }]), errors: [errorLine(at(t), M.refused)] })),
  }),
  'max_fails cascade': () => ({
    expected: 'max-fails-cascade',
    nginxConfig: nginxConf('proxy_read_timeout 150ms;', 'server 10.0.0.1:8080;\n server 10.0.0.2:8080;'),
    ...incident(400, 20, (i, t) => {
      if (i < 40) return { access: accessJson(t, 200, [ok(20)]) };
      if (i === 40 || i === 41) {
        const upstream = i === 40 ? '10.0.0.1:8080' : '10.0.0.2:8080';
        return { access: accessJson(t, 504, [{ addr: upstream, status: 504, header: '-', response: 150 }]), errors: [errorLine(at(t), M.readTimeout, { upstream }), errorLine(at(t), M.disabled, { upstream, level: 'warn' })] };
      }
      return { access: accessJson(t, 502, [{ addr: 'backend', status: 502, connect: '-', header: '-', response: 0 }]), errors: [errorLine(at(t), M.noLive, { upstream: 'backend' })] };
    }),
  }),
  'header too big': () => faultCase('header-too-big', M.tooBig),
  'invalid header': () => faultCase('invalid-header', M.invalid),
  'not http': () => ({
    expected: 'not-http',
    ...incident(50, 10, (_i, t) => ({ access: accessJson(t, 9, [{ status: 9, header: 1, response: 1 }]), errors: [errorLine(at(t), M.garbage)] })),
  }),
  'body cut': () => ({
    expected: 'body-cut',
    ...incident(50, 10, (_i, t) => ({ access: accessJson(t, 200, [ok(5)]), errors: [errorLine(at(t), M.closedBody)] })),
  }),
  'backend 5xx': () => ({
    expected: 'backend-5xx',
    ...incident(50, 10, (i, t) => ({ access: accessJson(t, i % 2 ? 503 : 200, [{ status: i % 2 ? 503 : 200, header: 3, response: 3 }]) })),
  }),
  'rate limited': () => ({
    expected: 'rate-limited',
    nginxConfig: nginxConf('limit_req zone=perclient burst=5 nodelay;', 'server 10.0.0.1:8080;', 'limit_req_zone $binary_remote_addr zone=perclient:1m rate=20r/s;'),
    ...incident(300, 10, (i, t) => i % 3
      ? { access: accessJson(t, 503, []), errors: [errorLine(at(t), M.limited).replace(/, upstream: "[^"]*"/, '')] }
      : { access: accessJson(t, 200, [ok(4)]) }),
  }),
  'resets': () => ({
    expected: 'backend-resets',
    nginxConfig: nginxConf(''),
    ...incident(300, 300, (i, t) => i % 10 === 0
      ? { access: accessJson(t, 502, [{ status: 502, header: '-', response: 3 }]), errors: [errorLine(at(t), M.resetHeader)] }
      : { access: accessJson(t, 200, [ok(4)]) }),
  }),
  'oom kill': () => ({
    expected: 'backend-crash',
    nginxConfig: nginxConf('', 'server 10.0.0.1:8080;\n server 10.0.0.2:8080;'),
    ...incident(120, 12, (i, t) => {
      if (i < 50) return { access: accessJson(t, 200, [ok(5)]) };
      if (i < 54) return { access: accessJson(t, 502, [{ status: 502, header: '-', response: 30 }]), errors: [errorLine(at(t), i % 2 ? M.resetHeader : M.closed)] };
      return { access: accessJson(t, 502, [{ addr: 'backend', status: 502, connect: '-', header: '-', response: 0 }]), errors: [errorLine(at(t), M.noLive, { upstream: 'backend' })] };
    }),
  }),
};

function faultCase(expected: CauseId, message: string): Case {
  return {
    expected,
    ...incident(50, 10, (_i, t) => ({ access: accessJson(t, 502, [{ status: 502, header: '-', response: 2 }]), errors: [errorLine(at(t), message)] })),
  };
}
