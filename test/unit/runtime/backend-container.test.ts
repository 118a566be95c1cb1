import { describe, expect, it } from 'vitest';
import { phpFpmSchema } from '../../../backends/app-servers/php-fpm/schema.js';
import type { AppServer } from '../../../backends/app-servers/schemas.js';
import { appServerSchema } from '../../../backends/app-servers/schemas.js';
import { phpFpmConfig } from '../../../harness/runtime/app-servers/php-fpm-config.js';
import { appServerImages, backendContainer, type BackendContainer } from '../../../harness/runtime/backend-container.js';
import type { BackendInstanceSpec } from '../../../harness/runtime/runtime.js';

const IMAGES = { nginx: 'nginx:x', node: 'node:x', php: 'php:8.2-fpm', python: 'py:x' };
const BASE: BackendInstanceSpec = { backend: 'app', replica: 1, alias: 'app-1', protocol: 'http', port: 8080, memoryBytes: 256 << 20, restart: 'no', shutdown: 'abrupt' };

function serverSpec(server: Record<string, unknown>, extra: Partial<BackendInstanceSpec> = {}): BackendInstanceSpec {
  return { ...BASE, server: appServerSchema.parse(server) as AppServer, ...extra };
}

function container(spec: BackendInstanceSpec): BackendContainer {
  return backendContainer(spec, IMAGES, '/dist/backend/server.cjs');
}

const fileText = (c: BackendContainer, target: string) => c.files.find((f) => f.target === target)?.content ?? '';

describe('backendContainer', () => {
  it('runs the fake backend unprivileged on the Node image, its behaviour and protocol in the environment', () => {
    const c = container({ ...BASE, behavior: { kind: 'ok', status: 200, body_bytes: 2 }, protocol: 'fastcgi' });
    expect(c).toMatchObject({ image: 'node:x', user: '65534:65534', command: ['node', '/opt/badgateway/backend.cjs'], controlPort: true, socketDirs: [] });
    expect(c.env).toMatchObject({ BADGATEWAY_PROTOCOL: 'fastcgi', BADGATEWAY_BEHAVIOR: '{"kind":"ok","status":200,"body_bytes":2}' });
    expect(c.files).toEqual([{ source: '/dist/backend/server.cjs', target: '/opt/badgateway/backend.cjs', mode: 0o444 }]);
  });

  it('runs php-fpm in the foreground as www-data with its pool config and the PHP script, on the socket volume', () => {
    const c = container(serverSpec({ kind: 'php-fpm', script: { delay: '50ms' } }, { socket: '/run/php/php8.2-fpm.sock', port: 9000 }));
    expect(c).toMatchObject({ image: 'php:8.2-fpm', user: '33:33', command: ['php-fpm', '-F', '-y', '/etc/badgateway/php-fpm.conf'], socketDirs: ['/run/php'], controlPort: false });
    expect('log' in c.readyWhen && c.readyWhen.log.every((p) => p.test('NOTICE: ready to handle connections'))).toBe(true);
    const pool = fileText(c, '/etc/badgateway/php-fpm.conf');
    expect(pool).toContain('listen = /run/php/php8.2-fpm.sock\n');
    expect(pool).toContain('env[BADGATEWAY_DELAY_MS] = "50"');
    expect(fileText(c, '/var/www/html/index.php')).toMatch(/^<\?php/);
  });

  it('runs gunicorn with its flags in whole seconds, on TCP or on the unix socket', () => {
    const tcp = container(serverSpec({ kind: 'gunicorn', timeout: '2s', workers: 3 }));
    expect(tcp.command).toEqual(['gunicorn', '--bind', '0.0.0.0:8080', '--worker-class', 'sync', '--workers', '3', '--threads', '1', '--timeout', '2', '--keep-alive', '2', '--worker-tmp-dir', '/tmp', '--chdir', '/opt/badgateway/app', 'wsgi_app:app']);
    expect(tcp).toMatchObject({ image: 'py:x', user: '65534:65534' });
    const unix = container(serverSpec({ kind: 'gunicorn' }, { socket: '/run/gunicorn/app.sock' }));
    expect(unix.command?.slice(0, 3)).toEqual(['gunicorn', '--bind', 'unix:/run/gunicorn/app.sock']);
    expect(unix.socketDirs).toEqual(['/run/gunicorn']);
  });

  it('runs uvicorn and the Node app with their settings in the environment', () => {
    const uvicorn = container(serverSpec({ kind: 'uvicorn', handler: 'awaiting', delay: '300ms' }));
    expect(uvicorn.command).toEqual(['python3', '-m', 'uvicorn', '--host', '0.0.0.0', '--port', '8080', '--workers', '1', '--timeout-keep-alive', '5', '--app-dir', '/opt/badgateway/app', 'asgi_app:app']);
    expect(uvicorn.env).toMatchObject({ BADGATEWAY_HANDLER: 'awaiting', BADGATEWAY_DELAY_MS: '300' });
    // ready only once the port is bound and the application started, whichever uvicorn says first
    // (one worker: the application first; several: the parent binds first)
    const ready = (lines: string[]) => 'log' in uvicorn.readyWhen && uvicorn.readyWhen.log.every((p) => lines.some((line) => p.test(line)));
    expect(ready(['INFO:     Started server process [1]', 'INFO:     Waiting for application startup.', 'INFO:     Application startup complete.'])).toBe(false);
    expect(ready(['INFO:     Application startup complete.', 'INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)'])).toBe(true);
    expect(ready(['INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)', 'INFO:     Started parent process [1]'])).toBe(false);
    const node = container(serverSpec({ kind: 'node' }));
    expect(node).toMatchObject({ image: 'node:x', command: ['node', '/opt/badgateway/app/server.cjs'] });
    expect(node.env.BADGATEWAY_KEEP_ALIVE_TIMEOUT_MS).toBe('5000');
  });

  it("runs the user's app image as its own user, ready when its path answers", () => {
    const c = container({ ...BASE, app: { image: 'shop:1', env: { A: '1' }, readyPath: '/health' }, port: 3000 });
    expect(c).toMatchObject({ image: 'shop:1', env: { A: '1' }, readyWhen: { http: { path: '/health', port: 3000 } } });
    expect(c.user).toBeUndefined();
  });

  it('lists the app server images a set of backends needs', () => {
    expect(appServerImages([serverSpec({ kind: 'php-fpm' }), serverSpec({ kind: 'uvicorn' }), serverSpec({ kind: 'gunicorn' }), { ...BASE, behavior: { kind: 'ok', status: 200, body_bytes: 2 } }], IMAGES)).toEqual(['php:8.2-fpm', 'py:x']);
  });
});

describe('phpFpmConfig', () => {
  it("writes php-fpm's own defaults (dynamic, 5 children, backlog 511, no terminate timeout) and no user or owner", () => {
    const text = phpFpmConfig(phpFpmSchema.parse({ kind: 'php-fpm' }), {}, { X: 'y' });
    expect(text).toContain('listen = 9000\n');
    for (const line of ['pm = dynamic', 'pm.max_children = 5', 'pm.start_servers = 2', 'pm.max_spare_servers = 3', 'listen.backlog = 511', 'request_terminate_timeout = 0s', 'error_log = /proc/self/fd/2', 'env[X] = "y"']) {
      expect(text).toContain(`${line}\n`);
    }
    expect(text).not.toMatch(/^(user|group|listen\.owner|listen\.group|listen\.mode) =/m);
  });

  it('keeps a dynamic pool within max_children, and sets the socket mode with a socket', () => {
    const text = phpFpmConfig(phpFpmSchema.parse({ kind: 'php-fpm', max_children: 1, listen_mode: '0666', request_terminate_timeout: '3s' }), { socket: '/run/php/x.sock' }, {});
    expect(text).toContain('pm.start_servers = 1\n');
    expect(text).toContain('pm.max_spare_servers = 1\n');
    expect(text).toContain('listen.mode = 0666\n');
    expect(text).toContain('request_terminate_timeout = 3s\n');
  });
});
