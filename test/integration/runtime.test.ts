/** The Docker runtime's promises: loopback-only publishing, its own network only, least privilege, labels, removal. */
import { describe, expect, it } from 'vitest';
import { loadPlans } from '../../harness/cli/load-plans.js';
import { resolveImages } from '../../harness/config/images.js';
import { DockerRuntime } from '../../harness/runtime/docker-runtime.js';
import { LABEL_MANAGED, LABEL_RUN } from '../../harness/runtime/labels.js';
import { BACKEND_BUNDLE, docker, labelled, requireBuild } from './support.js';

describe('DockerRuntime', () => {
  it('publishes nginx on 127.0.0.1 only, confines every container, labels everything, removes it all', async () => {
    requireBuild();
    const runId = `test-runtime-${process.pid}`;
    const [plan] = await loadPlans(['test/fixtures/scenarios/cli/quick.yaml']);
    const runtime = new DockerRuntime({ docker, runId, images: resolveImages(process.env), backendBundle: BACKEND_BUNDLE });
    const environment = await runtime.start({ label: 'test', backends: plan!.backends, nginxConfig: plan!.nginxConfig });
    try {
      expect(environment.nginxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${environment.nginxUrl}/`);
      expect(response.status).toBe(504);

      const made = await labelled({ runId });
      expect(made.containers).toHaveLength(2);
      expect(made.networks).toHaveLength(1);
      for (const name of made.containers) {
        const info = await docker.getContainer(name.replace(/^\//, '')).inspect();
        expect(info.Config.Labels[LABEL_MANAGED]).toBe('true');
        expect(info.Config.Labels[LABEL_RUN]).toBe(runId);
        expect(info.Config.User).toBe('65534:65534');
        expect(info.HostConfig.CapDrop).toEqual(['ALL']);
        expect(info.HostConfig.SecurityOpt).toEqual(['no-new-privileges']);
        expect(info.HostConfig.Privileged).toBe(false);
        // On the run's own network only: not reachable from containers on Docker's default bridge.
        expect(Object.keys(info.NetworkSettings.Networks)).toEqual(made.networks);
        for (const bindings of Object.values(info.HostConfig.PortBindings ?? {}) as { HostIp: string }[][]) {
          for (const binding of bindings) expect(binding.HostIp).toBe('127.0.0.1');
        }
      }
      const facts = await environment.facts();
      expect(facts.map((f) => `${f.role}:${f.running}`).sort()).toEqual(['backend:true', 'nginx:true']);
    } finally {
      await environment.stop();
      await runtime.dispose();
    }
    expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
  }, 60_000);
});
