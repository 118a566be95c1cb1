/**
 * Network faults for real: the fault helper (the only container with a capability, NET_ADMIN)
 * turns each fault on and off in a backend's namespace while nginx proxies to it, and nginx
 * answers as the catalog says; the run's DNS server runs without capabilities; all is removed.
 */
import { describe, expect, it } from 'vitest';
import { resolveImages } from '../../harness/config/images.js';
import { parseErrorLogLine } from '../../harness/nginx/parse-error-log.js';
import type { PlannedAction } from '../../harness/chaos/planned-action.js';
import { DockerRuntime } from '../../harness/runtime/docker-runtime.js';
import { expandScenario } from '../../harness/scenario/expand.js';
import { parseScenarioText } from '../../harness/scenario/load-scenario.js';
import type { NetworkFault } from '../../harness/scenario/network-fault-schema.js';
import { BACKEND_BUNDLE, docker, labelled, requireBuild } from './support.js';

const SCENARIO = `name: network-faults-test
summary: every fault kind on one backend, on and off
backends:
  - name: app
    behavior: { kind: ok, body_bytes: 16384 }
    network_fault: { kind: latency, delay: 400ms }
dns: { ttl: 1s }
nginx:
  params: { proxy_connect_timeout: 300ms, proxy_read_timeout: 2s, proxy_pass_target: variable, resolver: dns-server, resolver_valid: 1s }
load: { connections: 1, duration: 1s }
variants: [{ name: all-faults }]
`;

function plan() {
  const parsed = parseScenarioText(SCENARIO, 'inline.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const plans = expandScenario('inline.yaml', parsed.value);
  if (!plans.ok) throw new Error(plans.error.join('\n'));
  return plans.value[0]!;
}

const action = (name: string, a: Pick<PlannedAction, 'action'> & { fault?: NetworkFault }): PlannedAction => ({ name, target: 'app', signal: 'SIGKILL', graceMs: 1000, ...a });

async function timed(url: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - t0 };
}

describe('network faults on a backend', () => {
  it('turns each fault on and off from the backend\'s namespace, with NET_ADMIN in the helper alone', async () => {
    requireBuild();
    const runId = `test-netfault-${process.pid}`;
    const p = plan();
    const runtime = new DockerRuntime({ docker, runId, images: resolveImages(process.env), backendBundle: BACKEND_BUNDLE });
    const environment = await runtime.start({ label: 'test', backends: p.backends, nginxConfig: p.nginxConfig, ...(p.dns ? { dns: p.dns } : {}) });
    try {
      const made = await labelled({ runId });
      // backend, its fault helper and delaying proxy, the DNS server, nginx
      expect(made.containers).toHaveLength(5);
      for (const name of made.containers) {
        const info = await docker.getContainer(name.replace(/^\//, '')).inspect();
        expect(info.HostConfig.Privileged, name).toBe(false);
        expect(info.HostConfig.CapDrop, name).toEqual(['ALL']);
        expect(info.HostConfig.SecurityOpt, name).toEqual(['no-new-privileges']);
        expect(info.HostConfig.CapAdd ?? [], name).toEqual(name.endsWith('-netfault') ? ['NET_ADMIN'] : []);
        if (name.endsWith('-netfault') || name.endsWith('-delay')) expect(info.HostConfig.NetworkMode, name).toMatch(/^container:/);
      }
      const url = `${environment.nginxUrl}/`;
      // the fault from the start: latency, through the DNS server's answer (proxy_pass with a variable)
      const slow = await timed(url);
      expect(slow.status).toBe(200);
      expect(slow.ms).toBeGreaterThanOrEqual(400);

      await environment.act(action('clear', { action: 'network-clear' }));
      expect((await timed(url)).status).toBe(200);

      await environment.act(action('reset', { action: 'network-fault', fault: { kind: 'reject', with: 'tcp-reset' } }));
      expect((await timed(url)).status).toBe(502);
      await environment.act(action('unreachable', { action: 'network-fault', fault: { kind: 'reject', with: 'host-unreachable' } }));
      expect((await timed(url)).status).toBe(502);
      await environment.act(action('drop', { action: 'network-fault', fault: { kind: 'drop' } }));
      expect((await timed(url)).status).toBe(504);
      await environment.act(action('loss', { action: 'network-fault', fault: { kind: 'loss', probability: 1 } }));
      expect((await timed(url)).status).toBe(504);
      // 16 KB at 32 kbit/s: the bucket lets 3000 bytes through, the rest takes over 3 s
      await environment.act(action('thin', { action: 'network-fault', fault: { kind: 'bandwidth', rate: '32kbit' } }));
      const thin = await timed(url);
      expect(thin.status).toBe(200);
      expect(thin.ms).toBeGreaterThanOrEqual(3000);
      await environment.act(action('clear', { action: 'network-clear' }));
      const clear = await timed(url);
      expect(clear.status).toBe(200);
      expect(clear.ms).toBeLessThan(thin.ms);

      const lines = (await environment.readLogs()).error.split('\n').flatMap((l) => parseErrorLogLine(l)?.signature ?? []);
      expect(lines).toEqual(['connect-refused', 'connect-no-route', 'upstream-timed-out-connecting', 'upstream-timed-out-connecting']);
    } finally {
      await environment.stop();
      await runtime.dispose();
    }
    expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
  }, 90_000);
});
