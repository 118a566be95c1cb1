/**
 * The user's own nginx.conf values as reverse-proxy template parameters: only what the config
 * sets (the template's defaults are nginx's), clamped to the template's bounds, durations scaled.
 */
import type { NginxSettings, Setting } from '../nginx-settings.js';
import { formatSize } from '../nginx-settings.js';
import type { ParamValue } from './recipe.js';

const NEXT_UPSTREAM = ['error', 'timeout', 'invalid_header', 'http_500', 'http_502', 'http_503', 'http_504', 'http_403', 'http_404', 'http_429', 'non_idempotent', 'off'];

export interface UserParams {
  params: Record<string, ParamValue>;
  notes: string[];
}

export function userParams(s: NginxSettings, dur: (ms: number) => string): UserParams {
  const params: Record<string, ParamValue> = {};
  const notes: string[] = [];
  const time = (name: string, v: Setting<number>, minMs = 1) => {
    if (v.fromConfig) params[name] = v.value < minMs ? dur(minMs) : dur(v.value);
  };
  const int = (name: string, v: Setting<number>, min: number, max: number) => {
    if (!v.fromConfig) return;
    const clamped = Math.min(max, Math.max(min, v.value));
    if (clamped !== v.value) notes.push(`${name} ${v.value} is outside the template's ${min}..${max}; ${clamped} is used`);
    params[name] = clamped;
  };
  time('proxy_read_timeout', s.proxyReadTimeoutMs);
  time('proxy_connect_timeout', s.proxyConnectTimeoutMs);
  time('proxy_send_timeout', s.proxySendTimeoutMs);
  if (s.proxyNextUpstream.fromConfig) {
    const known = s.proxyNextUpstream.value.filter((v) => NEXT_UPSTREAM.includes(v));
    const dropped = s.proxyNextUpstream.value.filter((v) => !NEXT_UPSTREAM.includes(v));
    if (dropped.length > 0) notes.push(`proxy_next_upstream ${dropped.join(' ')} is not a template value and was left out`);
    if (known.length > 0) params.proxy_next_upstream = known.join(' ');
  }
  int('proxy_next_upstream_tries', s.proxyNextUpstreamTries, 0, 100);
  if (s.proxyNextUpstreamTimeoutMs.fromConfig) params.proxy_next_upstream_timeout = s.proxyNextUpstreamTimeoutMs.value === 0 ? '0s' : dur(s.proxyNextUpstreamTimeoutMs.value);
  if (s.proxyBufferSizeBytes.fromConfig) params.proxy_buffer_size = formatSize(s.proxyBufferSizeBytes.value);
  if (s.proxyBuffering.fromConfig && ['on', 'off'].includes(s.proxyBuffering.value)) params.proxy_buffering = s.proxyBuffering.value;
  if (s.proxyRequestBuffering.fromConfig && ['on', 'off'].includes(s.proxyRequestBuffering.value)) params.proxy_request_buffering = s.proxyRequestBuffering.value;
  if (s.keepalive.fromConfig && s.keepalive.value > 0) {
    if (s.proxyHttpVersion.value === '1.1') {
      int('keepalive', s.keepalive, 0, 10_000);
      time('keepalive_timeout', s.keepaliveTimeoutMs);
      int('keepalive_requests', s.keepaliveRequests, 1, 1_000_000);
    } else {
      notes.push(`keepalive ${s.keepalive.value} is left out: without proxy_http_version 1.1 nginx does not reuse upstream connections, and the template's keepalive turns HTTP/1.1 on`);
    }
  }
  int('max_fails', s.maxFails, 0, 1000);
  time('fail_timeout', s.failTimeoutMs);
  int('limit_req_rate', s.limitReqRatePerS, 0, 100_000);
  if (s.limitReqRatePerS.fromConfig) int('limit_req_burst', s.limitReqBurst, 0, 100_000);
  int('worker_connections', s.workerConnections, 16, 65_535);
  return { params, notes };
}
