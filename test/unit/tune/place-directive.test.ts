import { describe, expect, it } from 'vitest';
import { parseNginxConf, writeNginxConf, type Directive } from '../../../harness/nginx/user-config/nginx-conf-parser.js';
import { directiveType } from '../../../harness/tune/directive-types.js';
import { placeDirective, setDirective } from '../../../harness/tune/place-directive.js';
import { parseContext, parseSweepSpec } from '../../../harness/tune/sweep-spec.js';
import { applyEdits, editsFor, recommendationDiff, unifiedDiff } from '../../../harness/tune/config-diff.js';

const CONF = `events {}
http {
    proxy_read_timeout 60s;
    upstream api {
        server 10.0.0.1:8000 max_fails=3;
        server 10.0.0.2:8000;
        keepalive 16;
    }
    server {
        listen 80;
        server_name example.com;
        location /api/ {
            proxy_pass http://api;
        }
        location ~ ^/v\\d+/ {
            proxy_read_timeout 5s;
            proxy_pass http://api;
        }
    }
}
`;
const config = (): Directive[] => {
  const parsed = parseNginxConf(CONF, 'nginx.conf');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const place = (sweep: string) => {
  const spec = parseSweepSpec(sweep);
  if (!spec.ok) throw new Error(spec.error);
  return placeDirective(config(), spec.value.name, directiveType(spec.value.name)!, spec.value.context);
};

describe('parseSweepSpec', () => {
  it('reads a context before ": " and a directive with its values', () => {
    expect(parseSweepSpec('location ~ ^/v\\d+/: proxy_read_timeout=1s,2s')).toEqual({ ok: true, value: { text: 'location ~ ^/v\\d+/: proxy_read_timeout=1s,2s', context: { level: 'location', match: ['~', '^/v\\d+/'] }, name: 'proxy_read_timeout', values: '1s,2s' } });
    expect(parseSweepSpec('keepalive=0,32')).toEqual({ ok: true, value: { text: 'keepalive=0,32', name: 'keepalive', values: '0,32' } });
    expect(parseContext('nginx.conf:42')).toEqual({ ok: true, value: { level: 'at', file: 'nginx.conf', line: 42 } });
  });

  it('refuses what is not a context or not NAME=VALUES, saying what to write', () => {
    expect(parseSweepSpec('proxy_read_timeout')).toMatchObject({ ok: false, error: expect.stringContaining('write NAME=VALUES') });
    expect(parseSweepSpec('location: proxy_read_timeout=1s')).toMatchObject({ ok: false, error: expect.stringContaining('is not a context; write http, server [name]') });
    expect(parseSweepSpec('location =: proxy_read_timeout=1s')).toMatchObject({ ok: false, error: expect.stringContaining('needs a match after it') });
  });
});

describe('placeDirective', () => {
  it('places a directive where the context says, and finds the one there', () => {
    const loc = place('location ~ ^/v\\d+/: proxy_read_timeout=1s');
    expect(loc).toMatchObject({ ok: true, value: { level: 'location', context: 'location ~ ^/v\\d+/', existing: { line: 16, args: ['5s'] } } });
    const added = place('location /api/: proxy_read_timeout=1s');
    expect(added).toMatchObject({ ok: true, value: { level: 'location', block: { line: 12 } } });
    expect(added.ok && added.value.existing).toBeUndefined();
  });

  it('without a context, sweeps it where the config sets it once; set twice, asks which', () => {
    expect(place('keepalive=1,8')).toMatchObject({ ok: true, value: { level: 'upstream', context: 'upstream api', existing: { line: 7 } } });
    expect(place('max_fails=1,3')).toMatchObject({ ok: true, value: { level: 'upstream', existing: { line: 5 } } });
    expect(place('proxy_read_timeout=1s')).toMatchObject({ ok: false, error: expect.stringMatching(/^proxy_read_timeout is set in 2 places \(http at nginx.conf:2; location ~ \^\/v\\d\+\/ at nginx.conf:15\); say which with a context/) });
  });

  it('says where a setting in http is overridden below it', () => {
    expect(place('http: proxy_read_timeout=1s')).toMatchObject({ ok: true, value: { existing: { line: 3 }, overriddenAt: ['nginx.conf:16'] } });
  });

  it('refuses a directive where nginx does not take it, and a block that is not there', () => {
    expect(place('location /api/: keepalive_timeout=1s')).toEqual({ ok: false, error: 'keepalive_timeout cannot stand in location /api/ (nginx.conf:12); nginx takes it in upstream' });
    expect(place('upstream web: keepalive=1')).toEqual({ ok: false, error: 'no upstream web in the config (its upstreams: api)' });
    expect(place('location /x/: proxy_read_timeout=1s')).toMatchObject({ ok: false, error: expect.stringContaining('no location /x/ in the config (its locations: /api/, ~ ^/v\\d+/)') });
    expect(place('nginx.conf:5: proxy_read_timeout=1s')).toMatchObject({ ok: false, error: expect.stringContaining('no block starts at nginx.conf:5') });
  });

  it('sets the value in the config (a server parameter on every server line), leaving the input as it was', () => {
    const directives = config();
    const loc = place('location /api/: proxy_read_timeout=1s');
    const fails = place('max_fails=1,3');
    if (!loc.ok || !fails.ok) throw new Error('placement');
    const once = setDirective(directives, loc.value, 'proxy_read_timeout', '1500ms', directiveType('proxy_read_timeout')!);
    const twice = setDirective(once, fails.value, 'max_fails', '1', directiveType('max_fails')!);
    const text = writeNginxConf(twice);
    expect(text).toContain('location /api/ {\n            proxy_read_timeout 1500ms;\n            proxy_pass http://api;');
    expect(text).toContain('server 10.0.0.1:8000 max_fails=1;\n        server 10.0.0.2:8000 max_fails=1;');
    expect(writeNginxConf(directives)).not.toContain('1500ms');
  });
});

describe('the recommendation as a diff', () => {
  it('replaces a value in place, adds a missing one under its block, and sets server parameters, as a unified diff', () => {
    const loc = place('location /api/: proxy_read_timeout=1s');
    const vers = place('location ~ ^/v\\d+/: proxy_read_timeout=1s');
    const fails = place('max_fails=1,3');
    if (!loc.ok || !vers.ok || !fails.ok) throw new Error('placement');
    const diff = recommendationDiff([{ param: 'proxy_read_timeout', placement: loc.value }, { param: 'max_fails', placement: fails.value }], { proxy_read_timeout: '2s', max_fails: '1' }, () => CONF);
    expect(diff).toEqual({ ok: true, value: [
      '--- nginx.conf',
      '+++ nginx.conf',
      '@@ -2,14 +2,15 @@',
      ' http {',
      '     proxy_read_timeout 60s;',
      '     upstream api {',
      '-        server 10.0.0.1:8000 max_fails=3;',
      '-        server 10.0.0.2:8000;',
      '+        server 10.0.0.1:8000 max_fails=1;',
      '+        server 10.0.0.2:8000 max_fails=1;',
      '         keepalive 16;',
      '     }',
      '     server {',
      '         listen 80;',
      '         server_name example.com;',
      '         location /api/ {',
      '+            proxy_read_timeout 2s;',
      '             proxy_pass http://api;',
      '         }',
      '         location ~ ^/v\\d+/ {',
      '',
    ].join('\n') });
    const replaced = applyEdits(CONF, editsFor(vers.value, 'proxy_read_timeout', '1500ms'));
    expect(replaced.ok && unifiedDiff('nginx.conf', CONF, replaced.value)).toBe('--- nginx.conf\n+++ nginx.conf\n@@ -13,7 +13,7 @@\n             proxy_pass http://api;\n         }\n         location ~ ^/v\\d+/ {\n-            proxy_read_timeout 5s;\n+            proxy_read_timeout 1500ms;\n             proxy_pass http://api;\n         }\n     }\n');
  });

  it('is empty when the file already has the value', () => {
    const vers = place('location ~ ^/v\\d+/: proxy_read_timeout=1s');
    if (!vers.ok) throw new Error('placement');
    expect(recommendationDiff([{ param: 'proxy_read_timeout', placement: vers.value }], { proxy_read_timeout: '5s' }, () => CONF)).toEqual({ ok: true, value: '' });
  });
});
