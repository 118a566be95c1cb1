/**
 * Which engine badgateway talks to: the docker CLI's order (DOCKER_HOST > DOCKER_CONTEXT >
 * currentContext > the default socket), the context store's layout, and the one answer given to
 * both dockerode and the docker CLI's environment.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIfExists } from '../../../harness/runtime/docker-client.js';
import { dockerCliEnv, dockerodeOptions, resolveDockerEndpoint, DEFAULT_DOCKER_HOST } from '../../../harness/runtime/docker-endpoint.js';

const HOME = '/home/u';

function files(entries: Record<string, string>) {
  return (file: string) => entries[file];
}

function contextFiles(name: string, host: string, extra: Record<string, string> = {}, configDir = `${HOME}/.docker`): Record<string, string> {
  const id = sha256(name);
  return {
    [`${configDir}/contexts/meta/${id}/meta.json`]: JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`${configDir}/contexts/tls/${id}/docker/${k}`, v])),
  };
}

/** the docker CLI names a context's folders by the SHA-256 of its name */
function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('resolveDockerEndpoint', () => {
  it('uses the default socket when nothing is configured', () => {
    const r = resolveDockerEndpoint({ env: {}, homeDir: HOME, read: files({}) });
    expect(r).toEqual({ ok: true, value: { host: DEFAULT_DOCKER_HOST, source: 'the default socket' } });
  });

  it('follows currentContext in config.json to the context store', () => {
    const read = files({ [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'colima' }), ...contextFiles('colima', 'unix:///Users/u/.colima/default/docker.sock') });
    const r = resolveDockerEndpoint({ env: {}, homeDir: HOME, read });
    expect(r.ok && r.value.host).toBe('unix:///Users/u/.colima/default/docker.sock');
    expect(r.ok && r.value.source).toContain('Docker context "colima"');
  });

  it('DOCKER_CONTEXT wins over currentContext, DOCKER_HOST over both', () => {
    const read = files({
      [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'colima' }),
      ...contextFiles('colima', 'unix:///colima.sock'),
      ...contextFiles('remote', 'tcp://10.0.0.5:2375'),
    });
    const byContext = resolveDockerEndpoint({ env: { DOCKER_CONTEXT: 'remote' }, homeDir: HOME, read });
    expect(byContext.ok && byContext.value).toMatchObject({ host: 'tcp://10.0.0.5:2375', source: 'Docker context "remote" (DOCKER_CONTEXT)' });
    const byHost = resolveDockerEndpoint({ env: { DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, homeDir: HOME, read });
    expect(byHost.ok && byHost.value).toEqual({ host: 'unix:///run/user/1000/docker.sock', source: 'DOCKER_HOST' });
  });

  it('the "default" context is the default socket; DOCKER_CONFIG moves the store', () => {
    expect(resolveDockerEndpoint({ env: { DOCKER_CONTEXT: 'default' }, homeDir: HOME, read: files({}) })).toMatchObject({ ok: true, value: { host: DEFAULT_DOCKER_HOST } });
    const read = files({ '/etc/dc/config.json': JSON.stringify({ currentContext: 'x' }), ...contextFiles('x', 'tcp://127.0.0.1:12375', {}, '/etc/dc') });
    expect(resolveDockerEndpoint({ env: { DOCKER_CONFIG: '/etc/dc' }, homeDir: HOME, read })).toMatchObject({ ok: true, value: { host: 'tcp://127.0.0.1:12375' } });
  });

  it('a context with TLS files gets its TLS folder; DOCKER_TLS_VERIFY with DOCKER_HOST uses DOCKER_CERT_PATH', () => {
    const read = files(contextFiles('secure', 'tcp://engine.internal:2376', { 'ca.pem': 'CA', 'cert.pem': 'CERT', 'key.pem': 'KEY' }));
    const r = resolveDockerEndpoint({ env: { DOCKER_CONTEXT: 'secure' }, homeDir: HOME, read });
    expect(r.ok && r.value.tlsDir).toBe(`${HOME}/.docker/contexts/tls/${sha256('secure')}/docker`);
    const env = resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://engine.internal:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, homeDir: HOME, read: files({}) });
    expect(env.ok && env.value.tlsDir).toBe('/certs');
  });

  it('refuses what the two clients would not reach alike, saying where the setting came from', () => {
    const bad = (env: Record<string, string>, read = files({})) => {
      const r = resolveDockerEndpoint({ env, homeDir: HOME, read });
      return r.ok ? 'accepted' : r.error;
    };
    expect(bad({ DOCKER_HOST: 'ssh://me@build-box' })).toMatch(/^DOCKER_HOST: ssh:\/\/me@build-box is an ssh:\/\/ engine.*ssh -NL/);
    expect(bad({ DOCKER_HOST: 'localhost:2375' })).toMatch(/is not unix:\/\/\/path\/to\/docker\.sock or tcp:\/\/host:port/);
    expect(bad({ DOCKER_HOST: 'tcp://10.0.0.5:2376' })).toMatch(/TLS port but no TLS is configured/);
    expect(bad({ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS: '1' })).toMatch(/without verifying/);
    expect(bad({ DOCKER_CONTEXT: 'gone' })).toMatch(/Docker context "gone" \(DOCKER_CONTEXT\) does not exist: .*meta\.json is missing/);
    expect(bad({}, files({ [`${HOME}/.docker/config.json`]: '{ nope' }))).toMatch(/config\.json is not valid JSON/);
    const skip = files({ [`${HOME}/.docker/contexts/meta/${sha256('lax')}/meta.json`]: JSON.stringify({ Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: true } } }) });
    expect(bad({ DOCKER_CONTEXT: 'lax' }, skip)).toMatch(/skips TLS verification/);
  });

  it('reads a context store written by the real docker CLI', (ctx) => {
    const config = mkdtempSync(join(tmpdir(), 'badgateway-docker-config-'));
    try {
      const env = { ...process.env, DOCKER_CONFIG: config };
      try {
        execFileSync('docker', ['context', 'create', 'colima-like', '--docker', 'host=unix:///tmp/badgateway-test/docker.sock'], { env, stdio: 'pipe' });
        execFileSync('docker', ['context', 'use', 'colima-like'], { env, stdio: 'pipe' });
      } catch (error) {
        ctx.skip(`the docker CLI cannot create a context here: ${(error as Error).message}`);
      }
      const r = resolveDockerEndpoint({ env: { DOCKER_CONFIG: config }, homeDir: HOME, read: readIfExists });
      expect(r).toEqual({ ok: true, value: { host: 'unix:///tmp/badgateway-test/docker.sock', source: `Docker context "colima-like" (${config}/config.json)` } });
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });
});

describe('one answer for both clients', () => {
  it('a unix socket: dockerode gets the path, the docker CLI DOCKER_HOST and no TLS', () => {
    const endpoint = { host: 'unix:///colima.sock', source: 'x' };
    expect(dockerodeOptions(endpoint, files({}))).toEqual({ ok: true, value: { socketPath: '/colima.sock' } });
    expect(dockerCliEnv(endpoint)).toEqual({ DOCKER_HOST: 'unix:///colima.sock', DOCKER_TLS_VERIFY: undefined, DOCKER_CERT_PATH: undefined });
  });

  it('TCP with TLS: dockerode gets https and the files, the docker CLI the same folder', () => {
    const endpoint = { host: 'tcp://engine.internal:2376', source: 'x', tlsDir: '/certs' };
    const read = files({ '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' });
    expect(dockerodeOptions(endpoint, read)).toEqual({ ok: true, value: { host: 'engine.internal', port: 2376, protocol: 'https', ca: 'CA', cert: 'CERT', key: 'KEY' } });
    expect(dockerCliEnv(endpoint)).toEqual({ DOCKER_HOST: 'tcp://engine.internal:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' });
    const missing = dockerodeOptions(endpoint, files({ '/certs/ca.pem': 'CA' }));
    expect(missing.ok ? '' : missing.error).toMatch(/missing: \/certs\/cert\.pem, \/certs\/key\.pem/);
  });

  it('plain TCP: http, and no TLS for the docker CLI either', () => {
    expect(dockerodeOptions({ host: 'tcp://127.0.0.1:23750', source: 'x' }, files({}))).toEqual({ ok: true, value: { host: '127.0.0.1', port: 23750, protocol: 'http' } });
  });
});
