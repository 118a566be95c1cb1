import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { backendContainer } from '../../../harness/runtime/backend-container.js';
import { backendContainerSpec, type BackendContext } from '../../../harness/runtime/backend-containers.js';
import { createOptions, runContainer, withHostFilesCopied, type ContainerSpec } from '../../../harness/runtime/container-spec.js';
import type { NetworkProbe } from '../../../harness/runtime/network-probe.js';
import type { BackendInstanceSpec } from '../../../harness/runtime/runtime.js';

const IMAGES = { nginx: 'nginx:x', node: 'node:x', php: 'php:x', python: 'py:x' };
const BASE: BackendInstanceSpec = { backend: 'app', replica: 1, alias: 'app-1', protocol: 'http', port: 8080, memoryBytes: 256 << 20, restart: 'no', shutdown: 'abrupt' };

const SPEC: ContainerSpec = {
  image: 'node:x', name: 'bg-1-backend', labels: { 'io.badgateway.managed': 'true' }, network: 'bg-1', memoryBytes: 1 << 27, pidsLimit: 32,
  readOnlyFiles: { '/pkg/dist/backend/server.cjs': '/opt/badgateway/backend.cjs' },
  files: [{ path: '/etc/x.conf', content: 'x', mode: 0o444 }],
};

describe('files from this machine in a container', () => {
  it('are bind-mounted read-only by default (the engine runs here)', () => {
    expect(withHostFilesCopied(SPEC)).toBe(SPEC);
    expect(createOptions(SPEC).HostConfig?.Binds).toEqual(['/pkg/dist/backend/server.cjs:/opt/badgateway/backend.cjs:ro']);
  });

  it('are read here and written in, read-only, after the other files, when they are to be copied', () => {
    const read: string[] = [];
    const copied = withHostFilesCopied({ ...SPEC, hostFilesBy: 'copy' }, (path) => { read.push(path); return Buffer.from('bundle'); });
    expect(read).toEqual(['/pkg/dist/backend/server.cjs']);
    expect(copied.readOnlyFiles).toBeUndefined();
    expect(copied.files).toEqual([SPEC.files![0], { path: '/opt/badgateway/backend.cjs', content: Buffer.from('bundle'), mode: 0o444 }]);
    const options = createOptions(copied);
    expect(options.HostConfig?.Binds).toBeUndefined();
    expect(options.HostConfig?.Mounts).toBeUndefined();
  });

  it('publish nothing unless a port is asked for, and then on 127.0.0.1 only', () => {
    expect(createOptions(SPEC).HostConfig?.PortBindings).toBeUndefined();
    expect(createOptions({ ...SPEC, loopbackPorts: { 8080: 0 } }).HostConfig?.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '0' }] });
  });
});

describe('a backend container for an engine that may be on another machine', () => {
  const ctx = { docker: {} as Docker, runId: 'r', lane: 'bg-r-1', network: 'bg-r-1', name: 'bg-r-1-1-app-1', images: IMAGES, backendBundle: '/pkg/dist/backend/server.cjs' };
  const fake: BackendInstanceSpec = { ...BASE, behavior: { kind: 'ok', status: 200, body_bytes: 2 } };
  const app: BackendInstanceSpec = { ...BASE, app: { image: 'shop:1', env: {}, readyPath: '/health' }, port: 3000 };
  const specOf = (spec: BackendInstanceSpec, extra: Partial<BackendContext> = {}) => backendContainerSpec(spec, backendContainer(spec, IMAGES, ctx.backendBundle), { ...ctx, ...extra });

  it('mounts the bundle and publishes an app\'s ready port on 127.0.0.1 when the engine runs here', () => {
    expect(specOf(fake)).toMatchObject({ readOnlyFiles: { '/pkg/dist/backend/server.cjs': '/opt/badgateway/backend.cjs' } });
    expect(specOf(fake).hostFilesBy).toBeUndefined();
    expect(specOf(app).loopbackPorts).toEqual({ 3000: 0 });
  });

  it('copies the bundle in and publishes nothing with a probe on the run\'s network', () => {
    const remote = { hostFilesBy: 'copy' as const, probe: {} as NetworkProbe };
    expect(specOf(fake, remote)).toMatchObject({ hostFilesBy: 'copy', readOnlyFiles: { '/pkg/dist/backend/server.cjs': '/opt/badgateway/backend.cjs' } });
    expect(specOf(app, remote).loopbackPorts).toBeUndefined();
  });
});

describe('runContainer', () => {
  /** An engine whose start fails with `errors` in turn, then succeeds; it notes what it did. */
  function engine(errors: string[]) {
    const did: string[] = [];
    let made = 0;
    const docker = {
      createContainer: async () => {
        const id = `c${++made}`;
        did.push(`create ${id}`);
        return {
          id,
          putArchive: async () => undefined,
          start: async () => {
            const error = errors.shift();
            did.push(`start ${id}${error ? ' failed' : ''}`);
            if (error) throw new Error(error);
          },
          remove: async () => void did.push(`remove ${id}`),
        };
      },
    } as unknown as Docker;
    return { docker, did };
  }

  it('makes the container again, once, when the engine says its process stopped before it started', async () => {
    const { docker, did } = engine(['(HTTP code 500) server error - cannot start a stopped process: unknown']);
    expect(await runContainer(docker, SPEC)).toEqual({ id: 'c2', name: SPEC.name });
    expect(did).toEqual(['create c1', 'start c1 failed', 'remove c1', 'create c2', 'start c2']);
  });

  it('gives up after the second such start, and never retries another fault', async () => {
    const twice = engine(['cannot start a stopped process', 'cannot start a stopped process']);
    await expect(runContainer(twice.docker, SPEC)).rejects.toThrow('cannot start a stopped process');
    expect(twice.did).toEqual(['create c1', 'start c1 failed', 'remove c1', 'create c2', 'start c2 failed', 'remove c2']);
    const other = engine(['port is already allocated']);
    await expect(runContainer(other.docker, SPEC)).rejects.toThrow('port is already allocated');
    expect(other.did).toEqual(['create c1', 'start c1 failed', 'remove c1']);
  });
});
