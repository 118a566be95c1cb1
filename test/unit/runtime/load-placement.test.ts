import { describe, expect, it } from 'vitest';
import { isLoadFrom, loadPlacement } from '../../../harness/runtime/load-placement.js';

const at = (host: string) => ({ host, source: 'DOCKER_HOST' });

describe('where the load runs', () => {
  it('runs on this machine when the engine is a unix socket or TCP on loopback', () => {
    for (const host of ['unix:///var/run/docker.sock', 'tcp://127.0.0.1:2375', 'tcp://127.1.2.3:2375', 'tcp://localhost:2375', 'tcp://[::1]:2375']) {
      expect(loadPlacement(at(host)).from, host).toBe('host');
    }
  });

  it('runs from a container on the run\'s network when the engine is TCP to another machine, saying why', () => {
    for (const host of ['tcp://10.0.0.5:2375', 'tcp://docker.internal.example:2376', 'tcp://[fd00::5]:2375', 'tcp://128.0.0.1:2375']) {
      expect(loadPlacement(at(host)).from, host).toBe('container');
    }
    expect(loadPlacement(at('tcp://10.0.0.5:2375')).reason).toBe('the Docker Engine at tcp://10.0.0.5:2375 (DOCKER_HOST) is on another machine');
  });

  it('does what it is asked, whatever the engine', () => {
    expect(loadPlacement(at('unix:///var/run/docker.sock'), 'container').from).toBe('container');
    expect(loadPlacement(at('tcp://10.0.0.5:2375'), 'host').from).toBe('host');
    expect(['auto', 'host', 'container'].every(isLoadFrom)).toBe(true);
    expect(isLoadFrom('remote')).toBe(false);
  });
});
