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
  tls: { certificatePath: '/etc/bg/tls/cert.pem', keyPath: '/etc/bg/tls/key.pem' },
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
const READY_SERVER = 'server {…}';

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
        listen 8080;
        location / {
            proxy_pass http://api;
        }
    }
    server {
        listen 8080;
        server_name __badgateway_ready;
        location = /__badgateway/ready {
            access_log off;
            return 200 "ready\\n";
        }
    }
}
`);
  });

  it('says where the load goes: the server that proxies, over plain HTTP', () => {
    expect(adapted.target).toEqual({ scheme: 'http', protocols: ['http'], at: 'nginx.conf:13' });
    expect(adapted.tls).toBe(false);
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

describe('adaptUserConfig: proxy_pass and the other passes', () => {
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
    expect(lines(http.block)).toEqual([...PRELUDE, 'upstream badgateway_backends {…}', 'server {…}', READY_SERVER]);
  });

  it('adds no badgateway_backends upstream when every proxy_pass names an upstream of the config', () => {
    const adapted = adapt('http { upstream api { server 10.0.0.1; } server { listen 80; location / { proxy_pass http://api/x; } } }');
    expect(lines(find(adapted.directives, 'http').block)).toEqual([...PRELUDE, 'upstream api {…}', 'server {…}', READY_SERVER]);
    expect(lines(find(adapted.directives, 'http', 'server', 'location /').block)).toEqual(['proxy_pass http://api/x']);
  });

  it('leaves a proxy_pass with a $variable as it is, and explains how nginx resolves it', () => {
    const adapted = adapt('http {\n  server {\n    listen 80;\n    location / { proxy_pass http://$backend_host$request_uri; }\n  }\n}\n');
    expect(lines(find(adapted.directives, 'http', 'server', 'location /').block)).toEqual(['proxy_pass http://$backend_host$request_uri']);
    expect(adapted.notes).toContain("nginx.conf:4: proxy_pass http://$backend_host$request_uri uses variables: nginx resolves it at run time (upstream names of the config reach the harness's backends; other names must resolve in the run's network)");
    expect(lines(find(adapted.directives, 'http').block)).not.toContain('upstream badgateway_backends {…}');
  });

  it('points fastcgi_pass, uwsgi_pass and grpc_pass at the backends too, and says what the load target speaks', () => {
    const adapted = adapt(`http {
      upstream php { server unix:/run/php/php-fpm.sock; }
      server { listen 80; location ~ \\.php$ { fastcgi_pass php; } location /u { uwsgi_pass 127.0.0.1:3031; } }
      server { listen 81; location / { grpc_pass grpcs://10.0.0.9:50051; } }
    }`);
    const http = find(adapted.directives, 'http');
    const [php, grpc] = http.block!.filter((d) => d.name === 'server');
    expect(lines(php!.block!.find((d) => d.name === 'location' && d.args[0] === '/u')!.block)).toEqual(['uwsgi_pass badgateway_backends']);
    expect(lines(grpc!.block!.find((d) => d.name === 'location')!.block)).toEqual(['grpc_pass grpc://badgateway_backends']);
    expect(adapted.target).toEqual({ scheme: 'http', protocols: ['fastcgi', 'uwsgi'], at: 'nginx.conf:3' });
    expect(adapted.notes).toContain("nginx.conf:4: grpc_pass grpcs://10.0.0.9:50051 sent to the harness's backends: TLS to the backends is not exercised (grpcs served as grpc)");
  });

  it('reads a quoted target as nginx does (Lemmy writes proxy_pass "http://lemmy")', () => {
    const adapted = adapt('http { upstream lemmy { server "lemmy:8536"; } server { listen 80; location / { proxy_pass "http://lemmy"; } location /x { proxy_pass "http://10.1.1.1:9"; } } }');
    expect(lines(find(adapted.directives, 'http', 'server', 'location /').block)).toEqual(['proxy_pass http://lemmy']);
    expect(lines(find(adapted.directives, 'http', 'server', 'location /x').block)).toEqual(['proxy_pass http://badgateway_backends']);
  });

  it('turns https to an upstream of the config into http, and notes it', () => {
    const adapted = adapt('http { upstream api { server 10.0.0.1:443; } server { listen 80; location / { proxy_pass https://api/v1; } } }');
    expect(lines(find(adapted.directives, 'http', 'server', 'location /').block)).toEqual(['proxy_pass http://api/v1']);
    expect(adapted.notes.filter((n) => n.includes('proxy_pass'))).toEqual(['nginx.conf:1: proxy_pass https://api/v1: TLS to the backends is not exercised (https served as http)']);
  });
});

describe('adaptUserConfig: which server the load goes to, and its listens', () => {
  it('loads the server that proxies in an 80 -> 443 redirect pair, over TLS with a certificate made for the run', () => {
    const adapted = adapt(`http {
      server { listen 80; listen [::]:80; server_name shop.example.com; return 301 https://$host$request_uri; }
      server {
        listen 443 ssl http2;
        listen [::]:443 ssl http2;
        server_name shop.example.com www.shop.example.com;
        ssl_certificate /etc/letsencrypt/live/shop/fullchain.pem;
        ssl_certificate_key /etc/letsencrypt/live/shop/privkey.pem;
        ssl_trusted_certificate /etc/letsencrypt/live/shop/chain.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / { proxy_pass http://127.0.0.1:3000; }
      }
    }`);
    expect(adapted.target).toEqual({ scheme: 'https', host: 'shop.example.com', protocols: ['http'], at: 'nginx.conf:3' });
    expect(adapted.tls).toBe(true);
    const http = find(adapted.directives, 'http');
    const [redirect, site, ready] = http.block!.filter((d) => d.name === 'server');
    expect(lines(redirect!.block)).toEqual(['listen 8081', 'server_name shop.example.com', 'return 301 https://$host$request_uri']);
    expect(lines(site!.block)).toEqual(['listen 8080 ssl http2', 'server_name shop.example.com www.shop.example.com', 'ssl_protocols TLSv1.2 TLSv1.3', 'location / {…}']);
    expect(lines(ready!.block)).toEqual(['listen 8080 ssl', 'server_name __badgateway_ready', 'location = /__badgateway/ready {…}']);
    expect(lines(http.block)).toContain('ssl_certificate /etc/bg/tls/cert.pem');
    expect(lines(http.block)).toContain('ssl_certificate_key /etc/bg/tls/key.pem');
    expect(adapted.notes).toEqual([
      'nginx.conf:2: listen 80 served as listen 8081',
      'nginx.conf:2: listen [::]:80 removed: the container listens on IPv4 (the same port\'s IPv4 listen serves it)',
      'nginx.conf:4: listen 443 ssl http2 served as listen 8080 ssl http2',
      'nginx.conf:5: listen [::]:443 ssl http2 removed: the container listens on IPv4 (the same port\'s IPv4 listen serves it)',
      'nginx.conf:7: ssl_certificate /etc/letsencrypt/live/shop/fullchain.pem replaced by a certificate made for the run',
      'nginx.conf:8: ssl_certificate_key /etc/letsencrypt/live/shop/privkey.pem replaced by a certificate made for the run',
      'nginx.conf:9: ssl_trusted_certificate /etc/letsencrypt/live/shop/chain.pem removed: it names a file that is not in the container',
      "nginx.conf:11: proxy_pass http://127.0.0.1:3000 sent to the harness's backends",
    ]);
  });

  it('routes by Host past a catch-all default server, keeping both on the same port', () => {
    const adapted = adapt(`http {
      upstream app_server { server unix:/tmp/gunicorn.sock fail_timeout=0; }
      server { listen 80 default_server; return 444; }
      server { listen 80; server_name example.com www.example.com; location / { proxy_pass http://app_server; } }
    }`);
    expect(adapted.target).toEqual({ scheme: 'http', host: 'example.com', protocols: ['http'], at: 'nginx.conf:4' });
    const servers = find(adapted.directives, 'http').block!.filter((d) => d.name === 'server');
    expect(servers.map((x) => lines(x.block)[0])).toEqual(['listen 8080 default_server', 'listen 8080', 'listen 8080']);
  });

  it('takes the server the given Host header names, and keeps that header', () => {
    const text = 'http { server { listen 80; server_name a.example.com; location / { proxy_pass http://x; } } server { listen 81; server_name *.b.example.com; location / { proxy_pass http://y; } } }';
    expect(adapt(text, { hostHeader: 'api.b.example.com' }).target).toMatchObject({ host: 'api.b.example.com', at: 'nginx.conf:1' });
    const adapted = adapt(text, { hostHeader: 'api.b.example.com' });
    const servers = find(adapted.directives, 'http').block!.filter((d) => d.name === 'server');
    expect(servers.map((x) => lines(x.block)[0])).toEqual(['listen 8081', 'listen 8080', 'listen 8080']);
  });

  it('gives a server without listen (or with only listens the container cannot open) one on its port', () => {
    const adapted = adapt('http { server { location / { return 204; } } server { listen [::]:443 ssl; location / { proxy_pass http://x; } } }');
    const servers = find(adapted.directives, 'http').block!.filter((d) => d.name === 'server');
    expect(servers.map((x) => lines(x.block)[0])).toEqual(['listen 8081', 'listen 8080 ssl', 'listen 8080 ssl']);
    expect(adapted.target.scheme).toBe('https');
  });

  it('turns the legacy "ssl on" into ssl on the listens, and drops what the load cannot speak', () => {
    const adapted = adapt('http { server { listen 443 proxy_protocol; ssl on; location / { proxy_pass http://x; } } }');
    expect(lines(find(adapted.directives, 'http', 'server').block)).toEqual(['listen 8080 ssl', 'location / {…}']);
    expect(adapted.notes).toContain('nginx.conf:1: listen 443 proxy_protocol served as listen 8080 ssl (proxy_protocol dropped: the load speaks plain HTTP/1.1 or TLS)');
  });
});

describe('adaptUserConfig: what it removes', () => {
  it('removes the logs and client keepalive at http, server and location level, and error pages the container does not have', () => {
    const adapted = adapt(`http {
      keepalive_requests 100;
      error_log /var/log/nginx/http.log;
      server {
        listen 80;
        keepalive_timeout 10s;
        error_page 500 502 503 504 /500.html;
        error_page 404 = @fallback;
        location / { access_log off; proxy_pass http://x; }
      }
    }`);
    expect(lines(find(adapted.directives, 'http', 'server').block)).toEqual(['listen 8080', 'error_page 404 = @fallback', 'location / {…}']);
    expect(adapted.notes).toEqual([
      'nginx.conf:2: keepalive_requests 100 removed (the harness sets its own)',
      'nginx.conf:3: error_log /var/log/nginx/http.log removed (the harness sets its own)',
      'nginx.conf:5: listen 80 served as listen 8080',
      'nginx.conf:6: keepalive_timeout 10s removed (the harness sets its own)',
      "nginx.conf:7: error_page 500 502 503 504 /500.html removed: its page is not in the container; the client gets nginx's own status for it, as with the page there",
      'nginx.conf:9: access_log off removed (the harness sets its own)',
      "nginx.conf:9: proxy_pass http://x sent to the harness's backends",
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
