import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../../../harness/errors.js';
import { loadUserConfig } from '../../../../harness/nginx/user-config/load-user-config.js';
import { writeNginxConf } from '../../../../harness/nginx/user-config/nginx-conf-parser.js';

const dir = fileURLToPath(new URL('../../../fixtures/user-config/', import.meta.url));

/** The ScenarioError loadUserConfig throws for the file. */
function failure(file: string): ScenarioError {
  try {
    loadUserConfig(file);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error(`${file} loaded, but it should not`);
}

describe('loadUserConfig: a full nginx.conf', () => {
  const file = `${dir}full/nginx.conf`;
  const config = loadUserConfig(file);

  it('is detected as full and kept as it is, its relative includes inlined in place, sorted, nested ones too', () => {
    expect(config.kind).toBe('full');
    expect(config.file).toBe(file);
    expect(writeNginxConf(config.directives)).toBe(`user nginx;
worker_processes auto;
pid /run/nginx.pid;
events {
    worker_connections 1024;
}
http {
    include /etc/nginx/mime.types;
    upstream api {
        server 10.0.0.1:3000 max_fails=2;
    }
    proxy_read_timeout 30s;
    proxy_buffer_size 8k;
    server {
        listen 80;
        location / {
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass http://api;
        }
    }
}
`);
  });

  it('keeps for each directive the file and line it came from', () => {
    const http = config.directives.find((d) => d.name === 'http')!;
    expect(http.block!.map((d) => `${d.file.replace(dir, '')}:${d.line} ${d.name}`)).toEqual([
      'full/nginx.conf:11 include',
      'full/conf.d/10-upstream.conf:1 upstream',
      'full/conf.d/20-timeouts.conf:1 proxy_read_timeout',
      'full/snippets/buffers.conf:1 proxy_buffer_size',
      'full/nginx.conf:13 server',
    ]);
  });
});

describe('loadUserConfig: a path relative to the working folder', () => {
  it('shows the path as given, and finds the includes next to the config, not in the working folder', () => {
    const given = relative(process.cwd(), `${dir}full/nginx.conf`);
    expect(given.startsWith('/')).toBe(false);
    const config = loadUserConfig(given);
    expect(config.file).toBe(given);
    const http = config.directives.find((d) => d.name === 'http')!;
    expect([http.file, http.line]).toEqual([given, 10]);
    expect(http.block!.map((d) => d.name)).toEqual(['include', 'upstream', 'proxy_read_timeout', 'proxy_buffer_size', 'server']);
  });

  it('names a missing include by the path as given, and where it looked', () => {
    const given = relative(process.cwd(), `${dir}snippets/missing-include.conf`);
    expect(failure(given).issues).toEqual([`${given}:3: include does-not-exist.conf: no such file next to the config (${dir}snippets/does-not-exist.conf)`]);
  });
});

describe('loadUserConfig: snippets', () => {
  it('wraps a server snippet (upstreams beside it) in http, and adds events', () => {
    const file = `${dir}snippets/server.conf`;
    const config = loadUserConfig(file);
    expect(config.kind).toBe('server');
    expect(writeNginxConf(config.directives)).toBe(`events {
}
http {
    upstream api {
        server 127.0.0.1:3000;
    }
    server {
        listen 80;
        location / {
            proxy_pass http://api;
        }
    }
}
`);
    // line 0: made by the wrapper, not written by the user
    expect(config.directives.map((d) => [d.name, d.file, d.line])).toEqual([['events', file, 0], ['http', file, 0]]);
  });

  it('wraps a location snippet in location / of a server listening on 80, in http', () => {
    const config = loadUserConfig(`${dir}snippets/location.conf`);
    expect(config.kind).toBe('location');
    expect(writeNginxConf(config.directives)).toBe(`events {
}
http {
    server {
        listen 80;
        location / {
            proxy_pass http://127.0.0.1:3000;
            proxy_read_timeout 3s;
        }
    }
}
`);
  });

  it('leaves to the nginx image an absolute include and a relative glob that match nothing beside the config, and says so', () => {
    const config = loadUserConfig(`${dir}snippets/absolute-include.conf`);
    const server = config.directives.find((d) => d.name === 'http')!.block![0]!;
    expect(server.block!.map((d) => [d.name, ...d.args].join(' '))).toEqual(['listen 80', 'include /no/such/dir/on/this/machine/extra.conf', 'include /etc/nginx/empty.d/*.conf']);
    expect(config.notes).toEqual([
      `${dir}snippets/absolute-include.conf:3: include /no/such/dir/on/this/machine/extra.conf: not beside the config, so the nginx image's /no/such/dir/on/this/machine/extra.conf is used`,
      `${dir}snippets/absolute-include.conf:4: include empty.d/*.conf: not beside the config, so the nginx image's /etc/nginx/empty.d/*.conf is used`,
    ]);
  });

  it('never reads this machine\'s /etc: /etc/nginx/<path> comes from beside the config, or from the image', () => {
    const config = loadUserConfig(`${dir}snippets/etc-nginx-include.conf`);
    const server = config.directives.find((d) => d.name === 'http')!.block![0]!;
    expect(server.block!.map((d) => [d.name, ...d.args].join(' '))).toEqual(['listen 80', 'client_max_body_size 3m', 'include /etc/nginx/mime.types', 'include /etc/nginx/fastcgi_params']);
  });
});

describe('loadUserConfig: what it refuses, as a ScenarioError with file:line', () => {
  it('a relative include that does not exist', () => {
    const file = `${dir}snippets/missing-include.conf`;
    const error = failure(file);
    expect(error.kind).toBe('input');
    expect(error.issues).toEqual([`${file}:3: include does-not-exist.conf: no such file next to the config (${dir}snippets/does-not-exist.conf)`]);
    expect(error.hint).toBe('Keep included files beside the config, as nginx would find them.');
  });

  it('a syntax error, in the config or in a file it includes', () => {
    expect(failure(`${dir}snippets/bad-syntax.conf`).issues).toEqual([`${dir}snippets/bad-syntax.conf:3: unexpected "}" after "listen"`]);
    expect(failure(`${dir}snippets/bad-include.conf`).issues).toEqual([`${dir}snippets/bad-syntax.conf:3: unexpected "}" after "listen"`]);
    expect(failure(`${dir}snippets/bad-syntax.conf`).hint).toBe('Fix the nginx config where the line says (`nginx -t` would refuse it too).');
  });

  it('a file that includes itself, once 10 levels deep', () => {
    expect(failure(`${dir}snippets/loop.conf`).issues).toEqual([`${dir}snippets/loop.conf:1: includes nest deeper than 10 levels`]);
  });

  it('a config file that does not exist', () => {
    const error = failure(`${dir}no-such.conf`);
    expect(error.issues).toEqual([`${dir}no-such.conf: cannot read the nginx config (ENOENT)`]);
    expect(error.hint).toBe('Give the path of your nginx.conf, or of a server or location snippet.');
  });
});
