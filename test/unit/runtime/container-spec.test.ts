import { describe, expect, it } from 'vitest';
import { createOptions, withHostFilesCopied, type ContainerSpec } from '../../../harness/runtime/container-spec.js';

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
