import { describe, expect, it } from 'vitest';
import { ACCESS_LOG_FORMAT } from '../../../harness/nginx/access-log-format.js';
import { checkParam, durationParamMs, type ParamInput, type ParamSpec } from '../../../harness/nginx/param-types.js';
import { renderNginxConfig, type RenderContext, type RenderedConfig } from '../../../harness/nginx/render-nginx-config.js';
import { checkTemplateParams, loadTemplate, templateNames, type NginxTemplate, type ParamIssue } from '../../../harness/nginx/template-registry.js';

function template(): NginxTemplate {
  const loaded = loadTemplate('reverse-proxy');
  if (!loaded) throw new Error('template reverse-proxy not found');
  return loaded;
}

const CONTEXT: RenderContext = {
  scenario: 'slow-backend',
  variant: 'tuned',
  upstreams: [{ host: 'app-1', port: 8080 }],
  listenPort: 8080,
  accessLogPath: '/var/log/badgateway/access.log',
  errorLogPath: '/var/log/badgateway/error.log',
};

function render(params: Record<string, ParamInput> = {}, context: Partial<RenderContext> = {}): RenderedConfig {
  const result = renderNginxConfig(template(), params, { ...CONTEXT, ...context });
  if (!result.ok) throw new Error(`render failed: ${JSON.stringify(result.error)}`);
  expect(result.value.text).not.toContain('{{');
  expect(result.value.text).not.toContain('}}');
  return result.value;
}

function refused(params: Record<string, ParamInput>, context: Partial<RenderContext> = {}): ParamIssue[] {
  const result = renderNginxConfig(template(), params, { ...CONTEXT, ...context });
  if (result.ok) throw new Error(`rendered, but should have been refused:\n${result.value.text}`);
  return result.error;
}

/** Lines of the config, trimmed, to find directives without caring about indentation. */
function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim());
}

describe('template registry', () => {
  it('lists reverse-proxy and loads its text and params', () => {
    expect(templateNames()).toContain('reverse-proxy');
    const t = template();
    expect(t.name).toBe('reverse-proxy');
    expect(t.params.proxy_read_timeout).toMatchObject({ type: 'duration', default: '60s', min: '1ms', max: '1h' });
    expect(t.params.keepalive).toMatchObject({ type: 'integer', default: 0, min: 0, max: 10000 });
    expect(t.params.proxy_buffering).toMatchObject({ type: 'enum', default: 'on', values: ['on', 'off'] });
    expect(t.text).toContain('{{#if keepalive}}');
  });

  it('returns undefined for an unknown template', () => {
    expect(loadTemplate('no-such-template')).toBeUndefined();
  });

  it('checkTemplateParams reports an unknown template, unknown keys and bad values', () => {
    expect(checkTemplateParams('no-such-template', {})).toEqual([
      { key: '', message: `unknown template "no-such-template"; known: ${templateNames().join(', ')}` },
    ]);
    const issues = checkTemplateParams('reverse-proxy', { proxy_read_timeout: '1.5s', proxy_read_timout: '1s', keepalive: 32 });
    expect(issues.map((i) => i.key)).toEqual(['proxy_read_timeout', 'proxy_read_timout']);
    expect(issues[1]!.message).toMatch(/^is not a parameter of template reverse-proxy; known: proxy_connect_timeout, /);
    expect(checkTemplateParams('reverse-proxy', { proxy_read_timeout: '2s', keepalive: 32 })).toEqual([]);
  });
});

describe('renderNginxConfig with defaults', () => {
  it('writes nginx defaults, the JSON log format and the log paths', () => {
    const { text, values } = render();
    const l = lines(text);
    expect(l).toContain('proxy_read_timeout 60s;');
    expect(l).toContain('proxy_connect_timeout 60s;');
    expect(l).toContain('proxy_send_timeout 60s;');
    expect(l).toContain('proxy_next_upstream error timeout;');
    expect(l).toContain('proxy_next_upstream_tries 0;');
    expect(l).toContain('proxy_next_upstream_timeout 0s;');
    expect(l).toContain('proxy_buffer_size 4k;');
    expect(l).toContain('proxy_buffering on;');
    expect(l).toContain('worker_processes 1;');
    expect(l).toContain('worker_connections 1024;');
    expect(l).toContain('listen 8080;');
    expect(l).toContain('client_max_body_size 1m;');
    expect(l).toContain('proxy_request_buffering on;');
    expect(text).not.toContain('limit_req');
    expect(l).toContain('error_log /var/log/badgateway/error.log warn;');
    expect(l).toContain('access_log /var/log/badgateway/access.log badgateway;');
    expect(l).toContain(ACCESS_LOG_FORMAT);
    expect(ACCESS_LOG_FORMAT.startsWith("log_format badgateway escape=json '{\"msec\":\"$msec\",")).toBe(true);
    expect(text).toContain('# Rendered by badgateway from nginx-templates/reverse-proxy: slow-backend / tuned.');
    expect(values).toEqual({
      proxy_connect_timeout: '60s',
      proxy_send_timeout: '60s',
      proxy_read_timeout: '60s',
      proxy_next_upstream: 'error timeout',
      proxy_next_upstream_tries: '0',
      proxy_next_upstream_timeout: '0s',
      proxy_buffer_size: '4k',
      proxy_buffering: 'on',
      keepalive: '0',
      keepalive_timeout: '60s',
      keepalive_requests: '1000',
      max_fails: '1',
      fail_timeout: '10s',
      client_max_body_size: '1m',
      proxy_request_buffering: 'on',
      limit_req_rate: '0',
      limit_req_burst: '0',
      worker_processes: '1',
      worker_connections: '1024',
      proxy_pass_scheme: 'http',
      proxy_pass_target: 'upstream',
      proxy_pass_host: '',
      resolver: 'off',
      resolver_valid: '0s',
      resolver_timeout: '30s',
      proxy_ssl_verify: 'off',
      proxy_ssl_trusted_certificate: 'internal-ca',
      proxy_ssl_server_name: 'off',
      proxy_ssl_name: '',
    });
    expect(l).toContain('proxy_pass http://backend;');
    expect(l.some((line) => line.startsWith('resolver'))).toBe(false);
    expect(l.some((line) => line.startsWith('proxy_ssl_trusted_certificate') || line.startsWith('proxy_ssl_name'))).toBe(false);
  });

  it('leaves out the upstream keepalive sections when keepalive is 0', () => {
    const { text } = render({ keepalive: 0 });
    const upstream = /upstream backend \{[\s\S]*?\n {4}\}/.exec(text)![0];
    const location = /location \/ \{[\s\S]*?\n {8}\}/.exec(text)![0];
    expect(upstream).not.toContain('keepalive');
    expect(location).not.toContain('proxy_http_version');
    expect(location).not.toContain('Connection ""');
    // client connections are kept for the whole run, whatever the upstream setting
    expect(text).toContain('keepalive_requests 1000000;');
    expect(text).not.toContain('{{#if');
    expect(text).not.toContain('{{/if}}');
  });

  it('writes the keepalive sections when keepalive is 32', () => {
    const { text } = render({ keepalive: 32, keepalive_timeout: '30s', keepalive_requests: 500 });
    const l = lines(text);
    expect(l).toContain('keepalive 32;');
    expect(l).toContain('keepalive_timeout 30s;');
    expect(l).toContain('keepalive_requests 500;');
    expect(l).toContain('proxy_http_version 1.1;');
    expect(l).toContain('proxy_set_header Connection "";');
    expect(text).not.toContain('{{#if');
    expect(text).not.toContain('{{/if}}');
    // the upstream block closes right after the keepalive lines
    expect(text).toContain('        keepalive_requests 500;\n    }\n');
  });

  it('keeps client connections for the whole run, in the server block, whatever the upstream keepalive', () => {
    const cases: Record<string, ParamInput>[] = [{}, { keepalive: 32, keepalive_timeout: '30s', keepalive_requests: 500 }];
    for (const params of cases) {
      const server = /\n {4}server \{[\s\S]*?\n {4}\}/.exec(render(params).text)![0];
      const l = lines(server);
      expect(l).toContain('keepalive_requests 1000000;');
      expect(l).toContain('keepalive_timeout 300s;');
      expect(l).not.toContain('keepalive_requests 500;');
    }
  });

  it('writes limit_req with its zone only when limit_req_rate is above 0', () => {
    const { text } = render({ limit_req_rate: 50, limit_req_burst: 10, client_max_body_size: '64k', proxy_request_buffering: 'off' });
    const l = lines(text);
    expect(l).toContain('limit_req_zone $binary_remote_addr zone=perclient:1m rate=50r/s;');
    expect(l).toContain('limit_req zone=perclient burst=10 nodelay;');
    expect(l).toContain('client_max_body_size 64k;');
    expect(l).toContain('proxy_request_buffering off;');
    expect(text).not.toContain('{{');
    expect(refused({ limit_req_rate: 100_001 })).toEqual([{ key: 'limit_req_rate', message: '100001 is outside 0..100000' }]);
    expect(refused({ limit_req_burst: -1 })).toEqual([{ key: 'limit_req_burst', message: '-1 is outside 0..100000' }]);
  });

  it('writes no burst= at all for a burst of 0 (nginx -t refuses burst=0)', () => {
    const l = lines(render({ limit_req_rate: 20 }).text);
    expect(l).toContain('limit_req zone=perclient nodelay;');
    expect(lines(render({ limit_req_rate: 20, limit_req_burst: 0 }).text)).toContain('limit_req zone=perclient nodelay;');
  });

  it('writes one server line per upstream with max_fails and fail_timeout', () => {
    const upstreams = [1, 2, 3].map((i) => ({ host: `app-${i}`, port: 8080 }));
    const { text } = render({}, { upstreams });
    expect(text).toContain(
      '    upstream backend {\n' +
        '        server app-1:8080 max_fails=1 fail_timeout=10s;\n' +
        '        server app-2:8080 max_fails=1 fail_timeout=10s;\n' +
        '        server app-3:8080 max_fails=1 fail_timeout=10s;\n' +
        '    }\n',
    );
    expect(lines(text).filter((l) => /^server app-\d+:8080 /.test(l))).toHaveLength(3);
  });

  it('uses max_fails and fail_timeout overrides in the server lines', () => {
    const { text } = render({ max_fails: 0, fail_timeout: '2s' }, { upstreams: [{ host: 'app-1', port: 9000 }] });
    expect(lines(text)).toContain('server app-1:9000 max_fails=0 fail_timeout=2s;');
  });
});

describe('renderNginxConfig with overrides', () => {
  it('writes a parameter override exactly, and only there', () => {
    const { text, values } = render({ proxy_read_timeout: '300ms' });
    const l = lines(text);
    expect(l).toContain('proxy_read_timeout 300ms;');
    expect(l).not.toContain('proxy_read_timeout 60s;');
    expect(l).toContain('proxy_connect_timeout 60s;');
    expect(values.proxy_read_timeout).toBe('300ms');
  });

  it('normalizes values: trimmed strings, booleans for enums, lists re-spaced', () => {
    const { text, values } = render({
      proxy_read_timeout: ' 2s ',
      proxy_buffering: false,
      proxy_next_upstream: '  error   timeout\thttp_502 ',
      proxy_next_upstream_tries: '3',
      proxy_buffer_size: '16k',
    });
    const l = lines(text);
    expect(l).toContain('proxy_read_timeout 2s;');
    expect(l).toContain('proxy_buffering off;');
    expect(l).toContain('proxy_next_upstream error timeout http_502;');
    expect(l).toContain('proxy_next_upstream_tries 3;');
    expect(l).toContain('proxy_buffer_size 16k;');
    expect(values.proxy_buffering).toBe('off');
  });
});

describe('renderNginxConfig refuses injection', () => {
  const attempts: [string, ParamInput][] = [
    ['proxy_read_timeout', '1s; include /etc/passwd'],
    ['proxy_read_timeout', '1s\n}'],
    ['proxy_read_timeout', '60s # x'],
    ['proxy_buffer_size', '4k;'],
    ['proxy_buffer_size', '4k\n}'],
    ['proxy_buffering', 'on; daemon off'],
    ['proxy_next_upstream', 'error timeout; return 200'],
    ['proxy_next_upstream', 'error # comment'],
    ['keepalive', '32; user root'],
    ['keepalive', '32\n}'],
    ['worker_processes', '1 # x'],
  ];
  for (const [key, value] of attempts) {
    it(`refuses ${key} = ${JSON.stringify(value)}`, () => {
      const issues = refused({ [key]: value });
      expect(issues).toHaveLength(1);
      expect(issues[0]!.key).toBe(key);
      expect(issues[0]!.message).toContain(JSON.stringify(value));
    });
  }

  it('refuses an upstream host with a semicolon', () => {
    const issues = refused({}, { upstreams: [{ host: 'app-1;', port: 8080 }] });
    expect(issues).toEqual([{ key: 'upstreams', message: '"app-1;:8080" is not a host:port upstream address' }]);
  });

  it('refuses an upstream host with a space or newline, and a bad port', () => {
    expect(refused({}, { upstreams: [{ host: 'app-1 down', port: 8080 }] }).map((i) => i.key)).toEqual(['upstreams']);
    expect(refused({}, { upstreams: [{ host: 'app-1\n}', port: 8080 }] }).map((i) => i.key)).toEqual(['upstreams']);
    expect(refused({}, { upstreams: [{ host: 'app-1', port: 0 }] }).map((i) => i.key)).toEqual(['upstreams']);
    expect(refused({}, { upstreams: [{ host: 'app-1', port: 65536 }] }).map((i) => i.key)).toEqual(['upstreams']);
    expect(refused({}, { upstreams: [{ host: 'app-1', port: 80.5 }] }).map((i) => i.key)).toEqual(['upstreams']);
  });

  it('refuses no upstreams at all', () => {
    expect(refused({}, { upstreams: [] })).toEqual([{ key: 'upstreams', message: 'at least one upstream server is needed' }]);
  });

  it('refuses a log path with a space or a semicolon, or a relative one', () => {
    expect(refused({}, { accessLogPath: '/var/log/a b.log' })).toEqual([
      { key: 'log_path', message: '"/var/log/a b.log" is not an absolute path of plain characters' },
    ]);
    expect(refused({}, { errorLogPath: '/var/log/e.log;' }).map((i) => i.key)).toEqual(['log_path']);
    expect(refused({}, { errorLogPath: 'var/log/e.log' }).map((i) => i.key)).toEqual(['log_path']);
  });

  it('refuses a bad listen port and bad names', () => {
    expect(refused({}, { listenPort: 0 })).toEqual([{ key: 'listen_port', message: '0 is not a port' }]);
    expect(refused({}, { variant: 'Tuned' }).map((i) => i.key)).toEqual(['name']);
    expect(refused({}, { scenario: 'a b' }).map((i) => i.key)).toEqual(['name']);
  });

  it('refuses an unknown parameter', () => {
    expect(refused({ proxy_read_timout: '1s' })).toEqual([
      { key: 'proxy_read_timout', message: 'is not a parameter of template reverse-proxy' },
    ]);
  });

  it('reports every issue at once', () => {
    const issues = refused({ proxy_read_timeout: '1.5s', keepalive: -1, bogus: 1 }, { listenPort: 70000 });
    expect(issues.map((i) => i.key)).toEqual(['proxy_read_timeout', 'keepalive', 'bogus', 'listen_port']);
  });
});

describe('renderNginxConfig bounds and fractions', () => {
  it('refuses fractional durations, which nginx would not accept', () => {
    const issues = refused({ proxy_read_timeout: '1.5s' });
    expect(issues).toEqual([
      { key: 'proxy_read_timeout', message: '"1.5s" is not a duration; write a whole number with a unit (e.g. 500ms, 2s)' },
    ]);
  });

  it('refuses durations below the minimum and above the maximum', () => {
    expect(refused({ proxy_read_timeout: '0ms' })).toEqual([{ key: 'proxy_read_timeout', message: '0ms is below the minimum of 1ms' }]);
    expect(refused({ proxy_read_timeout: '2h' })).toEqual([{ key: 'proxy_read_timeout', message: '2h is above the maximum of 1h' }]);
    expect(refused({ proxy_read_timeout: '3600001ms' })[0]!.message).toBe('3600001ms is above the maximum of 1h');
    expect(lines(render({ proxy_read_timeout: '1h' }).text)).toContain('proxy_read_timeout 1h;');
    expect(lines(render({ proxy_read_timeout: '1ms' }).text)).toContain('proxy_read_timeout 1ms;');
  });

  it('accepts 0s where there is no minimum', () => {
    expect(lines(render({ proxy_next_upstream_timeout: '0s' }).text)).toContain('proxy_next_upstream_timeout 0s;');
  });

  it('refuses integers outside their range', () => {
    expect(refused({ keepalive: 10001 })).toEqual([{ key: 'keepalive', message: '10001 is outside 0..10000' }]);
    expect(refused({ worker_processes: 0 })).toEqual([{ key: 'worker_processes', message: '0 is outside 1..8' }]);
    expect(refused({ worker_processes: 9 })).toEqual([{ key: 'worker_processes', message: '9 is outside 1..8' }]);
    expect(lines(render({ worker_processes: 8 }).text)).toContain('worker_processes 8;');
  });

  it('refuses sizes outside their declared bounds (64m when none is declared)', () => {
    expect(refused({ proxy_buffer_size: '2m' })).toEqual([{ key: 'proxy_buffer_size', message: '2m is above the maximum of 1m' }]);
    expect(refused({ proxy_buffer_size: '512' })).toEqual([{ key: 'proxy_buffer_size', message: '512 is below the minimum of 1k' }]);
    expect(refused({ client_max_body_size: '65m' })).toEqual([{ key: 'client_max_body_size', message: '65m is above the maximum of 64m' }]);
    expect(lines(render({ client_max_body_size: '64m' }).text)).toContain('client_max_body_size 64m;');
  });

  it('sizes proxy_buffers and proxy_busy_buffers_size after proxy_buffer_size, as nginx requires (nginx\'s defaults at 4k)', () => {
    expect(lines(render({}).text)).toEqual(expect.arrayContaining(['proxy_buffer_size 4k;', 'proxy_buffers 8 4k;', 'proxy_busy_buffers_size 8k;']));
    expect(lines(render({ proxy_buffer_size: '1m' }).text)).toEqual(expect.arrayContaining(['proxy_buffer_size 1m;', 'proxy_buffers 8 1024k;', 'proxy_busy_buffers_size 2048k;']));
  });

  it('writes fail_timeout in whole seconds, as nginx reads it, and refuses milliseconds', () => {
    expect(refused({ fail_timeout: '1500ms' })).toEqual([{ key: 'fail_timeout', message: '1500ms is not a whole number of seconds (nginx reads this one in seconds)' }]);
    expect(render({ fail_timeout: '2000ms' }).text).toContain('fail_timeout=2s;');
  });
});

describe('checkParam', () => {
  const duration: ParamSpec = { type: 'duration', default: '60s', min: '1ms', max: '1h', description: '' };
  const integer: ParamSpec = { type: 'integer', default: 0, min: 0, max: 100, description: '' };
  const size: ParamSpec = { type: 'size', default: '4k', description: '' };
  const enumSpec: ParamSpec = { type: 'enum', default: 'on', values: ['on', 'off'], description: '' };
  const list: ParamSpec = { type: 'list', default: 'error', values: ['error', 'timeout', 'off'], description: '' };

  it('durations: whole numbers with ms, s, m or h only', () => {
    expect(checkParam(duration, '500ms')).toEqual({ ok: true, value: '500ms' });
    expect(checkParam(duration, '2m')).toEqual({ ok: true, value: '2m' });
    expect(checkParam(duration, '1.5s').ok).toBe(false);
    expect(checkParam(duration, '0.5s').ok).toBe(false);
    expect(checkParam(duration, '2').ok).toBe(false);
    expect(checkParam(duration, 2).ok).toBe(false);
    expect(checkParam(duration, '2d').ok).toBe(false);
    expect(checkParam(duration, '-1s').ok).toBe(false);
    expect(checkParam(duration, '').ok).toBe(false);
  });

  it('integers: whole numbers as number or text', () => {
    expect(checkParam(integer, 32)).toEqual({ ok: true, value: '32' });
    expect(checkParam(integer, '32')).toEqual({ ok: true, value: '32' });
    expect(checkParam(integer, 1.5)).toEqual({ ok: false, error: '1.5 is not a whole number' });
    expect(checkParam(integer, '1e2').ok).toBe(false);
    expect(checkParam(integer, true).ok).toBe(false);
    expect(checkParam(integer, Number.NaN).ok).toBe(false);
    expect(checkParam(integer, -1)).toEqual({ ok: false, error: '-1 is outside 0..100' });
  });

  it('sizes: digits with an optional k or m', () => {
    expect(checkParam(size, '4096')).toEqual({ ok: true, value: '4096' });
    expect(checkParam(size, '16K')).toEqual({ ok: true, value: '16K' });
    expect(checkParam(size, 8192)).toEqual({ ok: true, value: '8192' });
    expect(checkParam(size, '4 k').ok).toBe(false);
    expect(checkParam(size, '4g').ok).toBe(false);
    expect(checkParam(size, '1.5k').ok).toBe(false);
  });

  it('enums: one of the values, booleans as on/off', () => {
    expect(checkParam(enumSpec, true)).toEqual({ ok: true, value: 'on' });
    expect(checkParam(enumSpec, false)).toEqual({ ok: true, value: 'off' });
    expect(checkParam(enumSpec, 'ON').ok).toBe(false);
    expect(checkParam(enumSpec, 'on off').ok).toBe(false);
  });

  it('lists: non-empty, every word known', () => {
    expect(checkParam(list, 'error timeout')).toEqual({ ok: true, value: 'error timeout' });
    expect(checkParam(list, '   ').ok).toBe(false);
    expect(checkParam(list, 'error, timeout').ok).toBe(false);
  });

  it('durationParamMs gives milliseconds for durations only', () => {
    expect(durationParamMs(duration, '2s')).toBe(2000);
    expect(durationParamMs(duration, '1m')).toBe(60_000);
    expect(durationParamMs(integer, '2')).toBeUndefined();
  });
});
