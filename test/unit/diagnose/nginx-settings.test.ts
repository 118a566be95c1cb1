import { describe, expect, it } from 'vitest';
import { readConfigTree as parseNginxConfig } from '../../../harness/diagnose/config-tree.js';
import { parseNginxSizeBytes, parseNginxTimeMs, settingsFromConfig } from '../../../harness/diagnose/nginx-settings.js';

const CONFIG = `
user nginx; # comment ; { }
worker_processes 2;
events { worker_connections 768; }
http {
  log_format upstream_time '$remote_addr - $remote_user [$time_local] "$request" '
                           '$status $body_bytes_sent rt=$request_time urt="$upstream_response_time"';
  access_log /var/log/nginx/access.log upstream_time;
  proxy_read_timeout 90;
  limit_req_zone $binary_remote_addr zone=api:10m rate=600r/m;
  upstream app_servers {
    server 10.0.0.1:8000 max_fails=3 fail_timeout=30s;
    server 10.0.0.2:8000 max_fails=3 fail_timeout=30s;
    server unix:/run/app.sock backup;
    keepalive 32;
    keepalive_timeout 1m30s;
  }
  server {
    listen 80;
    proxy_connect_timeout 2s;
    location /static/ { root /srv; }
    location /api/ {
      limit_req zone=api burst=20 nodelay;
      proxy_pass http://app_servers;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream error timeout http_502 non_idempotent;
      proxy_buffer_size 16k;
      proxy_send_timeout 500ms;
    }
  }
}`;

describe('nginx.conf settings', () => {
  it('reads the proxied location with values inherited from server and http', () => {
    const s = settingsFromConfig(parseNginxConfig(CONFIG));
    expect(s.proxyReadTimeoutMs).toEqual({ value: 90_000, fromConfig: true });
    expect(s.proxyConnectTimeoutMs).toEqual({ value: 2000, fromConfig: true });
    expect(s.proxySendTimeoutMs).toEqual({ value: 500, fromConfig: true });
    expect(s.proxyNextUpstream.value).toEqual(['error', 'timeout', 'http_502', 'non_idempotent']);
    expect(s.proxyBufferSizeBytes.value).toBe(16384);
    expect(s.proxyHttpVersion.value).toBe('1.1');
    expect(s.clearsConnectionHeader).toBe(true);
    expect(s.keepalive.value).toBe(32);
    expect(s.keepaliveTimeoutMs.value).toBe(90_000);
    expect(s.maxFails).toEqual({ value: 3, fromConfig: true });
    expect(s.failTimeoutMs.value).toBe(30_000);
    expect(s.upstreamServers).toBe(3);
    expect(s.limitReqRatePerS.value).toBe(10);
    expect(s.limitReqBurst.value).toBe(20);
    expect(s.workerConnections.value).toBe(768);
    expect(s.workerProcesses.value).toBe(2);
    expect(s.accessLogFormat).toBe('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent rt=$request_time urt="$upstream_response_time"');
    expect(s.notes).toEqual([]);
  });

  it('falls back to nginx defaults and notes what it could not read', () => {
    const s = settingsFromConfig(parseNginxConfig('http { include conf.d/*.conf; server { location / { return 200; } }'));
    expect(s.proxyReadTimeoutMs).toEqual({ value: 60_000, fromConfig: false });
    expect(s.maxFails).toEqual({ value: 1, fromConfig: false });
    expect(s.notes.join('\n')).toMatch(/^nginx\.conf:1: this block is not closed \("}" missing\): the config could not be read/m);
    const included = settingsFromConfig(parseNginxConfig('http { include conf.d/*.conf; server { location / { return 200; } } }', 'full.conf'));
    expect(included.notes.join('\n')).toMatch(/include/);
    expect(included.notes.join('\n')).toMatch(/no proxy_pass/);
  });

  it('reads nginx time and size syntax', () => {
    expect(parseNginxTimeMs('60')).toBe(60_000);
    expect(parseNginxTimeMs('1m30s')).toBe(90_000);
    expect(parseNginxTimeMs('300ms')).toBe(300);
    expect(parseNginxTimeMs('1h')).toBe(3_600_000);
    expect(parseNginxTimeMs('abc')).toBeUndefined();
    expect(parseNginxSizeBytes('4k')).toBe(4096);
    expect(parseNginxSizeBytes('1M')).toBe(1_048_576);
    expect(parseNginxSizeBytes('x')).toBeUndefined();
  });
});
