/** Real app servers, the FastCGI transport and unix sockets in scenarios: rules and expansion. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontControllerFiles } from '../../../harness/nginx/user-config/front-controllers.js';
import { loadUserConfig } from '../../../harness/nginx/user-config/load-user-config.js';
import { parseNginxConf } from '../../../harness/nginx/user-config/nginx-conf-parser.js';
import { expandScenario, type VariantPlan } from '../../../harness/scenario/expand.js';
import { parseScenarioText } from '../../../harness/scenario/load-scenario.js';
import type { Scenario } from '../../../harness/scenario/schema.js';
import { REALWORLD, REALWORLD_ABSENT } from '../../support/realworld.js';

function messages(text: string): string[] {
  const parsed = parseScenarioText(text, 'x.yaml');
  return parsed.ok ? [] : parsed.error.map((e) => `${e.path}: ${e.message}`);
}

function scenario(text: string): Scenario {
  const parsed = parseScenarioText(text, 'x.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

function plans(text: string, config?: string): VariantPlan[] {
  const userConfig = config !== undefined ? loadUserConfig(config) : undefined;
  const expanded = expandScenario('x.yaml', scenario(text), userConfig);
  if (!expanded.ok) throw new Error(expanded.error.join('\n'));
  return expanded.value;
}

const withBackend = (backend: string, template = 'fastcgi') => `name: t
summary: s
backends:
  - name: php
${backend}
nginx: { template: ${template} }
load: { requests: 10 }
variants:
  - name: v
`;

describe('backend rules', () => {
  it('takes a php-fpm on a unix socket behind the fastcgi template', () => {
    expect(messages(withBackend('    socket: /run/php/php8.2-fpm.sock\n    server: { kind: php-fpm, listen_mode: "0666" }'))).toEqual([]);
  });

  it('refuses a protocol and a template that do not match, and a socket a server cannot serve', () => {
    expect(messages(withBackend('    server: { kind: php-fpm }', 'reverse-proxy')).join('\n')).toMatch(/speaks FastCGI to nginx, but template reverse-proxy proxies over HTTP; use nginx.template: fastcgi/);
    expect(messages(withBackend('    server: { kind: gunicorn }')).join('\n')).toMatch(/speaks HTTP to nginx, but template fastcgi passes FastCGI; use nginx.template: reverse-proxy/);
    expect(messages(withBackend('    behavior: { kind: ok }\n    protocol: fastcgi'))).toEqual([]);
    expect(messages(withBackend('    socket: /run/app/app.sock\n    behavior: { kind: ok }', 'reverse-proxy')).join('\n')).toMatch(/a unix socket is served by server php-fpm or gunicorn/);
    expect(messages(withBackend('    protocol: fastcgi\n    server: { kind: php-fpm }')).join('\n')).toMatch(/protocol is for a fake backend/);
  });

  it('wants one of behavior, image and server, whole seconds where the server takes seconds, and listen_socket beside socket', () => {
    expect(messages(withBackend('    behavior: { kind: ok }\n    server: { kind: php-fpm }')).join('\n')).toMatch(/not both behavior and server/);
    expect(messages(withBackend('    server: { kind: gunicorn, timeout: 1500ms }', 'reverse-proxy')).join('\n')).toMatch(/1500ms is not a whole number of seconds/);
    expect(messages(withBackend('    socket: /run/php/a.sock\n    server: { kind: php-fpm, listen_socket: /run/other/b.sock }')).join('\n')).toMatch(/must be in \/run\/php\//);
    expect(messages(withBackend('    server: { kind: php-fpm, listen_socket: /run/php/b.sock }')).join('\n')).toMatch(/needs socket too/);
  });

  it("checks a variant's backend as it runs: a server that replaces a behaviour, with the scenario's template", () => {
    const text = withBackend('    behavior: { kind: ok }\n    protocol: fastcgi') + '  - name: w\n    backends:\n      php: { server: { kind: uvicorn } }\n';
    expect(messages(text).join('\n')).toMatch(/variants\[1\]\.backends\.php.*speaks HTTP to nginx/);
  });
});

describe('expansion', () => {
  it('points the fastcgi template at the unix socket, and php-fpm at port 9000 otherwise', () => {
    const [unix] = plans(withBackend('    socket: /run/php/php8.2-fpm.sock\n    server: { kind: php-fpm }'));
    expect(unix!.nginxConfig).toContain('server unix:/run/php/php8.2-fpm.sock max_fails=1 fail_timeout=10s;');
    expect(unix!.nginxConfig).toContain('fastcgi_pass php;');
    expect(unix!.backends[0]).toMatchObject({ protocol: 'fastcgi', socket: '/run/php/php8.2-fpm.sock', server: { kind: 'php-fpm' } });
    const [tcp] = plans(withBackend('    server: { kind: php-fpm }'));
    expect(tcp!.nginxConfig).toContain('server php-1:9000 max_fails=1 fail_timeout=10s;');
  });

  it('sets the client timeout above the fastcgi timeouts', () => {
    const text = withBackend('    server: { kind: php-fpm }').replace('nginx: { template: fastcgi }', 'nginx: { template: fastcgi, params: { fastcgi_read_timeout: 2s, fastcgi_connect_timeout: 1s, fastcgi_send_timeout: 1s } }');
    expect(plans(text)[0]!.load.clientTimeoutMs).toBe(4_000 + 5_000);
  });

  it.skipIf(REALWORLD === undefined)(`serves every fake backend over FastCGI when the user's config only passes FastCGI (Nextcloud) ${REALWORLD ? '' : REALWORLD_ABSENT}`, () => {
    const text = `name: t\nsummary: s\nbackends:\n  - name: app\n    behavior: { kind: slow, delay: 600ms }\nload: { requests: 10 }\nvariants:\n  - name: v\n`;
    const [plan] = plans(text, join(REALWORLD!, 'nginx-configs', 'nextcloud-fpm.conf'));
    expect(plan!.backends[0]).toMatchObject({ protocol: 'fastcgi', port: 8080 });
    expect(plan!.nginxFiles?.map((f) => f.path)).toEqual(['/var/www/html/index.php']);
    // `server app:9000 resolve;` needs nginx 1.27.3: the harness's server line carries no resolve
    expect(plan!.nginxConfig).toMatch(/upstream php-handler \{\s*server app-1:8080;\s*zone backends 64k;/);
    // a gunicorn backend speaks HTTP: the gate cannot pass FastCGI to it
    const http = `name: t\nsummary: s\nbackends:\n  - name: app\n    server: { kind: gunicorn }\nload: { requests: 10 }\nvariants:\n  - name: v\n`;
    expect(expandScenario('x.yaml', scenario(http), loadUserConfig(join(REALWORLD!, 'nginx-configs', 'nextcloud-fpm.conf')))).toMatchObject({ ok: false });
  });
});

describe('frontControllerFiles', () => {
  const files = (text: string) => {
    const parsed = parseNginxConf(text, 'n.conf');
    if (!parsed.ok) throw new Error(parsed.error);
    return frontControllerFiles(parsed.value[0]!).map((f) => f.path);
  };

  it('finds the scripts try_files, index and rewrite send requests to, under the root that applies', () => {
    expect(files('server { root /var/www/html/; index index.php index.html /index.php$request_uri; location / { try_files $uri $uri/ /index.php?$args; } location /app { root /srv/app; rewrite ^ /front.php$request_uri; fastcgi_pass php; } }'))
      .toEqual(['/srv/app/front.php', '/var/www/html/index.php']);
  });

  it('needs nothing for a server that does not pass FastCGI, or without a root', () => {
    expect(files('server { root /var/www; index index.php; location / { proxy_pass http://app; } }')).toEqual([]);
    expect(files('server { location / { try_files $uri /index.php; fastcgi_pass php; } }')).toEqual([]);
    expect(files('server { root /var/www; location / { try_files $uri /../../etc/passwd.php /x/$1.php; fastcgi_pass php; } }')).toEqual([]);
  });
});
