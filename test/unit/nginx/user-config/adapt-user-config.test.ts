import { describe, expect, it } from 'vitest';
import { adaptUserConfig, type AdaptedConfig, type AdaptOptions } from '../../../../harness/nginx/user-config/adapt-user-config.js';
import { parseNginxConf, writeNginxConf, type Directive } from '../../../../harness/nginx/user-config/nginx-conf-parser.js';

const OPTIONS: AdaptOptions = {
  backends: [
    { host: 'app-1', port: 8080, backend: 'app' },
    { host: 'app-2', port: 8080, backend: 'app' },
    { host: 'auth-1', port: 9000, backend: 'auth' },
  ],
  upstreamMap: {},
  listenPort: 8080,
  accessLogPath: '/var/log/bg/access.log',
  errorLogPath: '/var/log/bg/error.log',
  accessLogFormat: `log_format badgateway escape=json '{"status":"$status"}';`,
};

function parse(text: string): Directive[] {
  const parsed = parseNginxConf(text, 'nginx.conf');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function adapt(text: string, options: Partial<AdaptOptions> = {}): AdaptedConfig {
  const adapted = adaptUserConfig(parse(text), { ...OPTIONS, ...options });
  if (!adapted.ok) throw new Error(adapted.error);
  return adapted.value;
}

function find(directives: readonly Directive[], ...path: string[]): Directive {
  const [name, ...rest] = path;
  const found = directives.find((d) => `${d.name}${d.args.length ? ` ${d.args.join(' ')}` : ''}` === name || d.name === name);
  if (!found) throw new Error(`no ${name ?? ''} in ${directives.map((d) => d.name).join(', ')}`);
  return rest.length === 0 ? found : find(found.block ?? [], ...rest);
}

/** name + args of each directive of a block, as nginx would write them, without sub-blocks. */
function lines(block: readonly Directive[] | undefined): string[] {
  return (block ?? []).map((d) => [d.name, ...d.args].join(' ') + (d.block ? ' {…}' : ''));
}

const PRELUDE = [
  `log_format badgateway escape=json '{"status":"$status"}'`,
  'access_log /var/log/bg/access.log badgateway',
  'keepalive_requests 1000000',
  'keepalive_timeout 300s',
  'client_body_temp_path /tmp/nginx-client_body',
  'proxy_temp_path /tmp/nginx-proxy',
  'fastcgi_temp_path /tmp/nginx-fastcgi',
  'uwsgi_temp_path /tmp/nginx-uwsgi',
  'scgi_temp_path /tmp/nginx-scgi',
];
const READY = 'location = /__badgateway/ready {…}';

describe('adaptUserConfig: the whole of a small config', () => {
  const text = `user nginx;
worker_processes 2;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log warn;
events { worker_connections 512; }
http {
    access_log /var/log/nginx/access.log main;
    keepalive_timeout 65;
    upstream api {
        server 10.0.0.1:3000 max_fails=3 fail_timeout=30s;
        keepalive 8;
    }
    server {
        listen 80;
        location / { proxy_pass http://api; }
    }
}
`;
  const adapted = adapt(text);

  it('writes the config nginx runs', () => {
    expect(writeNginxConf(adapted.directives)).toBe(`pid /tmp/nginx.pid;
error_log /var/log/bg/error.log warn;
worker_processes 2;
events {
    worker_connections 512;
}
http {
    log_format badgateway escape=json '{"status":"$status"}';
    access_log /var/log/bg/access.log badgateway;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    client_body_temp_path /tmp/nginx-client_body;
    proxy_temp_path /tmp/nginx-proxy;
    fastcgi_temp_path /tmp/nginx-fastcgi;
    uwsgi_temp_path /tmp/nginx-uwsgi;
    scgi_temp_path /tmp/nginx-scgi;
    upstream api {
        server app-1:8080 max_fails=3 fail_timeout=30s;
        server app-2:8080 max_fails=3 fail_timeout=30s;
        server auth-1:9000 max_fails=3 fail_timeout=30s;
        keepalive 8;
    }
    server {
        location = /__badgateway/ready {
            access_log off;
            return 200 "ready\\n";
        }
        listen 8080;
        location / {
            proxy_pass http://api;
        }
    }
}
`);
  });

  it('notes every change with file:line, the main-level removals last', () => {
    expect(adapted.notes).toEqual([
      'nginx.conf:7: access_log /var/log/nginx/access.log main removed (the harness sets its own)',
      'nginx.conf:8: keepalive_timeout 65 removed (the harness sets its own)',
      'nginx.conf:9: upstream api: 1 server(s) replaced by app-1, app-2, auth-1 with max_fails=3 fail_timeout=30s',
      'nginx.conf:14: listen 80 served as listen 8080',
      'nginx.conf:1: user nginx removed (nginx runs unprivileged; the harness sets pid and error_log)',
      'nginx.conf:3: pid /run/nginx.pid removed (nginx runs unprivileged; the harness sets pid and error_log)',
      'nginx.conf:4: error_log /var/log/nginx/error.log warn removed (nginx runs unprivileged; the harness sets pid and error_log)',
    ]);
  });

  it('does not change the directives it was given', () => {
    const original = parse(text);
    adaptUserConfig(original, OPTIONS);
    expect(original).toEqual(parse(text));
  });
});

describe('adaptUserConfig: upstreams', () => {
  it('replaces the servers by the backends, with the first server\'s parameters minus backup, down and resolve', () => {
    const adapted = adapt(`http {
      upstream api {
        least_conn;
        server api.internal:3000 weight=5 max_fails=2 resolve backup;
        server 10.0.0.2:3000 down;
        keepalive 32;
        keepalive_timeout 30s;
      }
      server { listen 80; location / { proxy_pass http://api; } }
    }`);
    expect(lines(find(adapted.directives, 'http', 'upstream api').block)).toEqual([
      'server app-1:8080 weight=5 max_fails=2',
      'server app-2:8080 weight=5 max_fails=2',
      'server auth-1:9000 weight=5 max_fails=2',
      'least_conn',
      'keepalive 32',
      'keepalive_timeout 30s',
    ]);
    expect(adapted.notes).toContain('nginx.conf:2: upstream api: 2 server(s) replaced by app-1, app-2, auth-1 with weight=5 max_fails=2');
  });

  it('gives each upstream the backends the map names, and every backend to the others', () => {
    const adapted = adapt(`http {
      upstream web { server 10.0.0.1; }
      upstream login { server 10.0.0.2; }
      server { listen 80; location / { proxy_pass http://web; } location /login { proxy_pass http://login; } }
    }`, { upstreamMap: { login: ['auth'] } });
    expect(lines(find(adapted.directives, 'http', 'upstream web').block)).toEqual(['server app-1:8080', 'server app-2:8080', 'server auth-1:9000']);
    expect(lines(find(adapted.directives, 'http', 'upstream login').block)).toEqual(['server auth-1:9000']);
    expect(adapted.notes).toEqual([
      'nginx.conf:2: upstream web: 1 server(s) replaced by app-1, app-2, auth-1',
      'nginx.conf:3: upstream login: 1 server(s) replaced by auth-1',
      'nginx.conf:4: listen 80 served as listen 8080',
    ]);
  });
});

describe('adaptUserConfig: proxy_pass', () => {
  it('sends a literal address to a badgateway_backends upstream, which it adds with every backend', () => {
    const adapted = adapt(`http {
      server {
        listen 80;
        location /a/ { proxy_pass http://127.0.0.1:3000/v1/; }
        location /b/ { proxy_pass http://backend.internal; }
      }
    }`);
    const http = find(adapted.directives, 'http');
    expect(lines(find(http.block!, 'upstream badgateway_backends').block)).toEqual(['server app-1:8080', 'server app-2:8080', 'server auth-1:9000']);
    expect(lines(find(http.block!, 'server', 'location /a/').block)).toEqual(['proxy_pass http://badgateway_backends/v1/']);
    expect(lines(find(http.block!, 'server', 'location /b/').block)).toEqual(['proxy_pass http://badgateway_backends']);
    expect(adapted.notes).toEqual([
      'nginx.conf:3: listen 80 served as listen 8080',
      "nginx.conf:4: proxy_pass http://127.0.0.1:3000/v1/ sent to the harness's backends",
      "nginx.conf:5: proxy_pass http://backend.internal sent to the harness's backends",
    ]);
    // the generated upstream comes after the prelude, before the user's own http directives
    expect(lines(http.block)).toEqual([...PRELUDE, 'upstream badgateway_backends {…}', 'server {…}']);
  });

  it('adds no badgateway_backends upstream when every proxy_pass names an upstream of the config', () => {
    const adapted = adapt('http { upstream api { server 10.0.0.1; } server { listen 80; location / { proxy_pass http://api/x; } } }');
    expect(lines(find(adapted.directives, 'http').block)).toEqual([...PRELUDE, 'upstream api {…}', 'server {…}']);
    expect(lines(find(adapted.directives, 'http', 'server', 'location /').block)).toEqual(['proxy_pass http://api/x']);
  });

  it('leaves a proxy_pass with a $variable as it is, and notes it', () => {
    const adapted = adapt('http {\n  server {\n    listen 80;\n    location / { proxy_pass http://$backend_host$request_uri; }\n  }\n}\n');
    expect(lines(find(adapted.directives, 'http', 'server', 'location /').block)).toEqual(['proxy_pass http://$backend_host$request_uri']);
    expect(adapted.notes).toContain('nginx.conf:4: proxy_pass http://$backend_host$request_uri uses variables and is left as is');
    expect(lines(find(adapted.directives, 'http').block)).not.toContain('upstream badgateway_backends {…}');
  });

  it('turns https to an upstream of the config into http', () => {
    const adapted = adapt('http { upstream api { server 10.0.0.1:443; } server { listen 80; location / { proxy_pass https://api/v1; } } }');
    expect(lines(find(adapted.directives, 'http', 'server', 'location /').block)).toEqual(['proxy_pass http://api/v1']);
  });

  // Source bug (harness/nginx/user-config/adapt-user-config.ts, proxyPass): "https://api" to an
  // upstream of the config is rewritten to "http://api" without a note, though every change is to be noted.
  it('notes the change of https to http', () => {
    const adapted = adapt('http { upstream api { server 10.0.0.1:443; } server { listen 80; location / { proxy_pass https://api/v1; } } }');
    expect(adapted.notes.filter((n) => n.includes('proxy_pass'))).toHaveLength(1);
  });
});

describe('adaptUserConfig: listen', () => {
  it('moves listen to the harness port, keeps default_server, drops ssl and the rest, and collapses IPv4 + IPv6 into one', () => {
    const adapted = adapt(`http {
      server {
        listen 443 ssl http2 default_server;
        listen [::]:443 ssl;
        server_name example.com;
      }
      server {
        listen 127.0.0.1:8443 reuseport;
        listen [::1]:8443;
      }
    }`);
    const servers = find(adapted.directives, 'http').block!.filter((d) => d.name === 'server');
    expect(servers.map((s) => lines(s.block))).toEqual([
      [READY, 'listen 8080 default_server', 'server_name example.com'],
      ['listen 8080'],
    ]);
    expect(adapted.notes).toEqual([
      'nginx.conf:3: listen 443 ssl http2 default_server served as listen 8080 default_server (ssl, http2 dropped)',
      'nginx.conf:4: listen [::]:443 ssl served as listen 8080 (ssl dropped)',
      'nginx.conf:8: listen 127.0.0.1:8443 reuseport served as listen 8080 (reuseport dropped)',
      'nginx.conf:9: listen [::1]:8443 served as listen 8080',
    ]);
  });

  // Source bug (harness/nginx/user-config/adapt-user-config.ts): a server without listen (nginx
  // then listens on 80, or 8000 unprivileged) gets no listen on the harness port, so the load
  // and the readiness probe on 8080 reach nothing.
  it('gives a server without listen a listen on the harness port', () => {
    const adapted = adapt('http { server { location / { return 204; } } }');
    expect(lines(find(adapted.directives, 'http', 'server').block).filter((l) => l.startsWith('listen'))).toEqual(['listen 8080']);
  });

  it('adds the ready location to the first server only', () => {
    const adapted = adapt('http { server { listen 80; } server { listen 81; } }');
    const servers = find(adapted.directives, 'http').block!.filter((d) => d.name === 'server');
    expect(servers.map((s) => lines(s.block))).toEqual([[READY, 'listen 8080'], ['listen 8080']]);
    expect(lines(servers[0]!.block![0]!.block)).toEqual(['access_log off', 'return 200 "ready\\n"']);
  });
});

describe('adaptUserConfig: what it removes', () => {
  it('removes ssl_* and http2 everywhere, and the logs and client keepalive at http, server and location level', () => {
    const adapted = adapt(`http {
      ssl_protocols TLSv1.2 TLSv1.3;
      keepalive_requests 100;
      error_log /var/log/nginx/http.log;
      server {
        listen 443 ssl;
        http2 on;
        ssl_certificate /etc/ssl/site.pem;
        keepalive_timeout 10s;
        location / { access_log off; return 204; }
      }
    }`);
    expect(lines(find(adapted.directives, 'http').block)).toEqual([...PRELUDE, 'server {…}']);
    expect(lines(find(adapted.directives, 'http', 'server').block)).toEqual([READY, 'listen 8080', 'location / {…}']);
    expect(lines(find(adapted.directives, 'http', 'server', 'location /').block)).toEqual(['return 204']);
    expect(adapted.notes).toEqual([
      'nginx.conf:2: ssl_protocols removed: TLS is not exercised',
      'nginx.conf:3: keepalive_requests 100 removed (the harness sets its own)',
      'nginx.conf:4: error_log /var/log/nginx/http.log removed (the harness sets its own)',
      'nginx.conf:6: listen 443 ssl served as listen 8080 (ssl dropped)',
      'nginx.conf:7: http2 removed: TLS is not exercised',
      'nginx.conf:8: ssl_certificate removed: TLS is not exercised',
      'nginx.conf:9: keepalive_timeout 10s removed (the harness sets its own)',
      'nginx.conf:10: access_log off removed (the harness sets its own)',
    ]);
  });

  it('keeps keepalive_timeout and keepalive_requests inside an upstream (backend keep-alive)', () => {
    const adapted = adapt('http { upstream api { server 10.0.0.1; keepalive 4; keepalive_timeout 30s; keepalive_requests 50; } server { listen 80; } }');
    expect(lines(find(adapted.directives, 'http', 'upstream api').block)).toEqual([
      'server app-1:8080', 'server app-2:8080', 'server auth-1:9000', 'keepalive 4', 'keepalive_timeout 30s', 'keepalive_requests 50',
    ]);
  });

  it('removes user, pid, error_log, daemon and master_process at the main level, keeping the rest', () => {
    const adapted = adapt('daemon off;\nmaster_process on;\nworker_rlimit_nofile 4096;\nhttp { server { listen 80; } }\n');
    expect(lines(adapted.directives)).toEqual(['pid /tmp/nginx.pid', 'error_log /var/log/bg/error.log warn', 'worker_rlimit_nofile 4096', 'http {…}']);
    expect(adapted.notes).toEqual([
      'nginx.conf:4: listen 80 served as listen 8080',
      'nginx.conf:1: daemon off removed (nginx runs unprivileged; the harness sets pid and error_log)',
      'nginx.conf:2: master_process on removed (nginx runs unprivileged; the harness sets pid and error_log)',
    ]);
  });

  it('replaces the config\'s own temp paths by the harness\'s', () => {
    const adapted = adapt('http {\n  client_body_temp_path /var/cache/nginx/body 1 2;\n  server { listen 80; }\n}\n');
    const http = lines(find(adapted.directives, 'http').block);
    expect(http.filter((l) => l.startsWith('client_body_temp_path'))).toEqual(['client_body_temp_path /tmp/nginx-client_body']);
  });

  // Source bug (harness/nginx/user-config/adapt-user-config.ts): the config's own *_temp_path
  // directives at http level are filtered out without a note (every other change is noted).
  it('notes the removal of the config\'s own temp path', () => {
    const adapted = adapt('http {\n  client_body_temp_path /var/cache/nginx/body 1 2;\n  server { listen 80; }\n}\n');
    expect(adapted.notes.filter((n) => n.startsWith('nginx.conf:2:'))).toHaveLength(1);
  });
});

describe('adaptUserConfig: configs it cannot run', () => {
  it('refuses a config without an http block', () => {
    expect(adaptUserConfig(parse('events {}\nworker_processes 1;\n'), OPTIONS)).toEqual({
      ok: false, error: 'nginx.conf: no http { } block; give a full nginx.conf, or a server or location snippet',
    });
    expect(adaptUserConfig([], OPTIONS)).toEqual({ ok: false, error: 'the config: no http { } block; give a full nginx.conf, or a server or location snippet' });
  });

  it('refuses an http block without a server', () => {
    expect(adaptUserConfig(parse('events {}\nhttp {\n  upstream api { server 10.0.0.1; }\n}\n'), OPTIONS)).toEqual({
      ok: false, error: 'nginx.conf:2: http { } has no server { } block to send load to',
    });
  });
});
