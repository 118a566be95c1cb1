import { describe, expect, it } from 'vitest';
import { configTimeouts, nginxTimeMs } from '../../../../harness/nginx/user-config/config-timeouts.js';
import { parseNginxConf, type Directive } from '../../../../harness/nginx/user-config/nginx-conf-parser.js';

function parse(text: string): Directive[] {
  const parsed = parseNginxConf(text, 'nginx.conf');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('nginxTimeMs', () => {
  it.each([
    ['30', 30_000],
    ['0', 0],
    ['500ms', 500],
    ['1ms', 1],
    ['2s', 2000],
    ['1m', 60_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['1d2h3m4s5ms', 86_400_000 + 7_200_000 + 180_000 + 4000 + 5],
  ])('reads "%s" as %d ms', (text, ms) => {
    expect(nginxTimeMs(text)).toBe(ms);
  });

  it.each(['', 'x', '1.5s', '10 s', 's', '5sec', '-1s', '1w', '30s;'])('refuses "%s"', (text) => {
    expect(nginxTimeMs(text)).toBeUndefined();
  });
});

describe('configTimeouts', () => {
  const DEFAULTS = {
    proxy_connect_timeout: '60000ms',
    proxy_send_timeout: '60000ms',
    proxy_read_timeout: '60000ms',
    proxy_next_upstream_timeout: '0ms',
    proxy_next_upstream_tries: '0',
  };

  it('gives nginx\'s defaults (60s, no retry limits) for a config that sets none', () => {
    expect(configTimeouts(parse('events {}\nhttp { server { listen 80; } }\n'))).toEqual(DEFAULTS);
    expect(configTimeouts([])).toEqual(DEFAULTS);
  });

  it('reads the values wherever they are set, in any unit', () => {
    const config = parse(`http {
      proxy_connect_timeout 2;
      server {
        location / {
          proxy_send_timeout 1m30s;
          proxy_read_timeout 500ms;
          proxy_next_upstream_timeout 10s;
          proxy_next_upstream_tries 3;
        }
      }
    }`);
    expect(configTimeouts(config)).toEqual({
      proxy_connect_timeout: '2000ms',
      proxy_send_timeout: '90000ms',
      proxy_read_timeout: '500ms',
      proxy_next_upstream_timeout: '10000ms',
      proxy_next_upstream_tries: '3',
    });
  });

  it('takes the largest proxy_next_upstream_timeout and tries over the config', () => {
    const config = parse(`http {
      proxy_next_upstream_timeout 20s;
      proxy_next_upstream_tries 2;
      server {
        location /a { proxy_next_upstream_timeout 5s; proxy_next_upstream_tries 5; }
        location /b { proxy_next_upstream_tries 1; }
      }
    }`);
    expect(configTimeouts(config)).toMatchObject({ proxy_next_upstream_timeout: '20000ms', proxy_next_upstream_tries: '5' });
  });

  it('keeps the default for a value it cannot read', () => {
    expect(configTimeouts(parse('http { proxy_read_timeout $t; proxy_connect_timeout 1.5s; }'))).toEqual(DEFAULTS);
  });

  // Source bug (harness/nginx/user-config/config-timeouts.ts): for connect/send/read the walk
  // takes Math.max(0, ms), i.e. the value met last, not the largest one. The module's comment
  // says "the largest value anywhere in the config wins". it.fails flips to a failure once fixed.
  it('takes the largest proxy_read_timeout over the config, not the one written last', () => {
    const config = parse(`http {
      proxy_read_timeout 120s;
      server { location /fast { proxy_read_timeout 5s; } }
    }`);
    expect(configTimeouts(config).proxy_read_timeout).toBe('120000ms');
  });
});
