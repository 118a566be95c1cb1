import { describe, expect, it } from 'vitest';
import { likelyTooManyClosed, planPrepare, type CurrentEnvironment } from '../../../harness/runtime/prepare-plan.js';
import type { BackendInstanceSpec, EnvironmentSpec } from '../../../harness/runtime/runtime.js';

function spec(alias: string, behavior: Record<string, unknown> | undefined = { kind: 'ok', status: 200, body_bytes: 2 }, extra: Partial<BackendInstanceSpec> = {}): BackendInstanceSpec {
  const [backend, replica] = alias.split('-');
  return { backend: backend!, replica: Number(replica), alias, ...(behavior ? { behavior: behavior as BackendInstanceSpec['behavior'] } : {}), protocol: 'http', port: 8080, memoryBytes: 256 * 2 ** 20, restart: 'no', shutdown: 'abrupt', ...extra };
}

const CONFIG = 'events {}\nhttp { upstream app { server app-1:8080; } server { listen 8080; location / { proxy_pass http://app; } } }\n';
const env = (backends: BackendInstanceSpec[], extra: Partial<EnvironmentSpec> = {}): EnvironmentSpec => ({ label: 's/v', backends, nginxConfig: CONFIG, ...extra });
const current = (spec: EnvironmentSpec, nginxFits = true): CurrentEnvironment => ({ spec, nginxFits: () => nginxFits });
const crash = { kind: 'crash', when: 'before-headers' };

describe('planPrepare', () => {
  it('starts nothing when the next variant can keep everything: the same spec, or a behaviour a reset swaps in', () => {
    const now = env([spec('app-1')]);
    expect(planPrepare(current(now), env([spec('app-1')]))).toBeUndefined();
    expect(planPrepare(current(now), env([spec('app-1', { kind: 'slow', delay: '1s' })]))).toBeUndefined();
  });

  it('starts a backend no current one can become: a new name, a behaviour that cannot be reset, other limits', () => {
    const now = env([spec('app-1', crash)]);
    expect(planPrepare(current(now), env([spec('app-1')]))).toEqual({ newLane: false, nginx: false, backends: [spec('app-1')] });
    expect(planPrepare(current(env([spec('app-1')])), env([spec('app-1'), spec('app-2')]))).toEqual({ newLane: false, nginx: false, backends: [spec('app-2')] });
    const bigger = spec('app-1', undefined, { memoryBytes: 512 * 2 ** 20 });
    expect(planPrepare(current(env([spec('app-1')])), env([bigger]))?.backends).toEqual([bigger]);
  });

  it('never starts the user\'s app; starts a real app server, which no reset turns into another variant\'s', () => {
    const app = spec('app-1', undefined, { app: { image: 'shop:1', env: {}, readyPath: '/health' } });
    const server = spec('app-1', undefined, { server: { kind: 'gunicorn' } as unknown as NonNullable<BackendInstanceSpec['server']> });
    expect(planPrepare(current(env([spec('app-1', crash)])), env([app]))).toBeUndefined();
    expect(planPrepare(current(env([spec('app-1', crash)])), env([server]))).toEqual({ newLane: false, nginx: false, backends: [server] });
    // the same app server in the next variant too: the one running now has served a load
    expect(planPrepare(current(env([server])), env([server]))).toEqual({ newLane: false, nginx: false, backends: [server] });
  });

  it('for a variant on a unix socket: its socket volume, a new nginx that mounts it, and its backends', () => {
    const fpm = spec('php-1', undefined, { protocol: 'fastcgi', socket: '/run/php/fpm.sock', server: { kind: 'php-fpm' } as unknown as NonNullable<BackendInstanceSpec['server']> });
    const other = spec('cache-1', undefined, { socket: '/run/cache/cache.sock', behavior: { kind: 'ok', status: 200, body_bytes: 2 } as BackendInstanceSpec['behavior'] });
    expect(planPrepare(current(env([spec('app-1')])), env([fpm, other]))).toEqual({ newLane: false, nginx: true, backends: [fpm, other], socketDirs: ['/run/php', '/run/cache'] });
    // nginx on a fixed host port starts with the next variant (the current one holds the port), on the volume started ahead
    expect(planPrepare(current(env([spec('app-1')])), env([fpm], { nginxHostPort: 8088 }))).toEqual({ newLane: false, nginx: false, backends: [fpm], socketDirs: ['/run/php'] });
    const app = spec('php-1', undefined, { socket: '/run/php/fpm.sock', app: { image: 'shop:1', env: {}, readyPath: '/' } });
    expect(planPrepare(current(env([spec('app-1')])), env([app], { nginxHostPort: 8088 }))).toBeUndefined();
  });

  it('starts a new nginx when the current one cannot serve the next variant, unless it must take a fixed host port', () => {
    expect(planPrepare(current(env([spec('app-1')]), false), env([spec('app-1')]))).toEqual({ newLane: false, nginx: true, backends: [] });
    expect(planPrepare(current(env([spec('app-1')]), false), env([spec('app-1')], { nginxHostPort: 8088 }))).toBeUndefined();
  });

  it('puts everything on a new network when the next variant\'s containers may restart', () => {
    const next = env([spec('app-1'), spec('app-2', undefined, { app: { image: 'shop:1', env: {}, readyPath: '/' } })], { containersMayRestart: true });
    expect(planPrepare(current(env([spec('app-1')])), next)).toEqual({ newLane: true, nginx: true, backends: [spec('app-1')] });
  });

  it('starts no backend under a name the current nginx may resolve again during the load (a resolver, or the run\'s DNS server)', () => {
    const withResolver = env([spec('app-1', crash)], { nginxConfig: CONFIG.replace('http {', 'http { resolver 127.0.0.11 valid=1s;') });
    expect(planPrepare(current(withResolver), env([spec('app-1'), spec('other-1')]))).toEqual({ newLane: false, nginx: false, backends: [spec('other-1')] });
    const withDns = env([spec('app-1', crash)], { dns: {} as unknown as NonNullable<EnvironmentSpec['dns']> });
    expect(planPrepare(current(withDns), env([spec('app-1')]))).toBeUndefined();
    // on a network of its own nothing resolves the current names
    expect(planPrepare(current(withResolver), env([spec('app-1')], { containersMayRestart: true }))?.backends).toEqual([spec('app-1')]);
  });
});

describe('likelyTooManyClosed', () => {
  it('expects the load now running to add what the one before added', () => {
    expect(likelyTooManyClosed([], 512)).toBe(false);
    // a new container read once at 401: the next load adds about as much
    expect(likelyTooManyClosed([401], 512)).toBe(true);
    expect(likelyTooManyClosed([200], 512)).toBe(false);
    expect(likelyTooManyClosed([406, 461], 512)).toBe(true);
    expect(likelyTooManyClosed([300, 360], 512)).toBe(false);
    // counts that fell (connections left TIME_WAIT after 60 s) add nothing
    expect(likelyTooManyClosed([300, 250], 512)).toBe(false);
  });

  it('expects it past three quarters of the limit whatever the trend', () => {
    expect(likelyTooManyClosed([412, 390], 512)).toBe(true);
    expect(likelyTooManyClosed([380, 380], 512)).toBe(false);
  });

  it('starts a new nginx ahead on that guess', () => {
    const now = env([spec('app-1')]);
    expect(planPrepare({ ...current(now), nginxLikelyReplaced: true }, env([spec('app-1')]))).toEqual({ newLane: false, nginx: true, backends: [] });
  });
});
