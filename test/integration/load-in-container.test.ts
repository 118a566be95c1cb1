/**
 * The load from a container on the run's network (as for a Docker Engine on another machine),
 * with the engine reached over TCP: a loopback proxy to the local engine's socket that lives as
 * long as this file (never an engine listening on 0.0.0.0). Nothing the run creates depends on
 * this machine's files or loopback: every container it starts is inspected as it starts, and none
 * has a bind mount or a published port (the bundles are copied in, readiness and the backends'
 * counters are asked from the run's network). Every request the client counted is in nginx's
 * access log, and every container is gone afterwards.
 */
import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type ScenarioInput } from '../../harness/index.js';
import { LABEL_ROLE } from '../../harness/runtime/labels.js';
import { docker, engineProxy, labelled, requireBuild } from './support.js';

const REQUESTS = 60;
/** what each container the run started had, inspected as it started: role → binds, bind mounts, published ports */
interface Started {
  role: string;
  binds: string[];
  bindMounts: string[];
  published: string[];
}
const started: Promise<Started | undefined>[] = [];
const NODE_APP = "require('node:http').createServer((q, s) => s.end('ok')).listen(8080, () => console.log('app listening'))";
/** what went through the proxy: "METHOD path" of every request, and what carried the harness's labels */
const requests: string[] = [];
const created: string[] = [];
let proxy: Server;
let before: { containers: string[]; networks: string[]; volumes: string[] };
const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CONTEXT: process.env.DOCKER_CONTEXT };

/** the fake backend from its bundle, proxied by a name nginx resolves with the run's DNS server; two variants (the second reuses nginx and the backend) */
const scenario: ScenarioInput = {
  name: 'load-in-container',
  summary: 'A healthy backend nginx finds through the run\'s DNS server; the load comes from a container on the run\'s network.',
  backends: [{ name: 'app', behavior: { kind: 'ok' } }],
  dns: { ttl: '5s' },
  nginx: { params: { proxy_pass_target: 'variable', resolver: 'dns-server' } },
  load: { connections: 4, requests: REQUESTS },
  variants: [{ name: 'answers', expect: { status: { '200': '100%' } } }, { name: 'again', expect: { status: { '200': '100%' } } }],
};

/** the user's own app image, ready when its path answers, behind a delaying proxy (a latency fault from the start) */
const appScenario: ScenarioInput = {
  name: 'app-in-container',
  summary: 'An app image, ready over HTTP, 20 ms slower through the delaying proxy; the load from a container.',
  backends: [{ name: 'app', image: 'badgateway-local/node:20', command: ['node', '-e', NODE_APP], ready_path: '/', network_fault: { kind: 'latency', delay: '20ms' } }],
  load: { connections: 2, requests: 20 },
  variants: [{ name: 'answers', expect: { status: { '200': '100%' } } }],
};

/** Records what a container the run starts has, before it runs (the start request is on its way). */
function inspectOnStart(text: string): void {
  for (const m of text.matchAll(/^POST \S*\/containers\/([0-9a-f]{12,})\/start /gm)) {
    started.push(docker.getContainer(m[1]!).inspect().then((info) => {
      const role = info.Config.Labels?.[LABEL_ROLE];
      if (!role) return undefined;
      const bindMounts = (info.Mounts ?? []).filter((mount) => mount.Type === 'bind').map((mount) => mount.Source);
      const published = Object.entries(info.HostConfig.PortBindings ?? {}).filter(([, b]) => Array.isArray(b) && b.length > 0).map(([port]) => port);
      return { role, binds: info.HostConfig.Binds ?? [], bindMounts, published };
    }));
  }
}

beforeAll(async () => {
  requireBuild();
  before = await labelled();
  proxy = engineProxy((text) => {
    for (const m of text.matchAll(/^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/gm)) requests.push(`${m[1]} ${m[2]}`);
    if (text.includes('io.badgateway.role')) created.push(text);
    inspectOnStart(text);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  delete process.env.DOCKER_CONTEXT;
  process.env.DOCKER_HOST = `tcp://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await new Promise((resolve) => proxy.close(resolve));
  const after = await labelled();
  expect(after.containers.filter((c) => !before.containers.includes(c))).toEqual([]);
  expect(after.networks.filter((n) => !before.networks.includes(n))).toEqual([]);
  expect(after.volumes.filter((v) => !before.volumes.includes(v))).toEqual([]);
});

describe('the load from a container on the run\'s network, the engine over TCP', () => {
  it('counts exactly what nginx logged, with no container bound to this machine\'s files or loopback', async () => {
    const run = await runScenario(scenario, { loadFrom: 'container' });
    expect(run.results.map((r) => [r.variant, r.outcome, r.error?.message])).toEqual([['answers', 'passed', undefined], ['again', 'passed', undefined]]);
    for (const result of run.results) {
      const observation = result.observation!;
      expect(observation.client.sent).toBe(REQUESTS);
      expect(observation.client.statusCounts).toEqual({ '200': REQUESTS });
      expect(observation.client.failed).toEqual({});
      expect(observation.accessLog.statusCounts).toEqual({ '200': REQUESTS });
      expect(observation.reconciliation.agrees).toBe(true);
      // the backend's counters, asked inside its container, saw every request
      expect(observation.containers.find((c) => c.role === 'backend')?.served?.requests).toBe(REQUESTS);
    }
    // The run went through the TCP proxy, and its load ran in a container of its own for each
    // variant, labelled as the load, attached to for the plan and the result.
    expect(requests.some((r) => /^POST \S*\/networks\/create/.test(r))).toBe(true);
    expect(created.join('').match(/"io\.badgateway\.role":"load"/g)?.length).toBe(2);
    expect(requests.filter((r) => /^POST \S*\/containers\/\w+\/attach/.test(r)).length).toBeGreaterThanOrEqual(2);
    const containers = (await Promise.all(started)).filter((c) => c !== undefined);
    // nginx once (kept for the second variant), the backend once (reset in place), a DNS server and a load container a variant
    expect(containers.map((c) => c.role).sort()).toEqual(['backend', 'dns', 'dns', 'lease', 'load', 'load', 'nginx', 'probe']);
    expect(containers.filter((c) => c.binds.length > 0 || c.bindMounts.length > 0 || c.published.length > 0)).toEqual([]);
  }, 90_000);

  it('waits for an app image from the run\'s network and copies the delaying proxy in', async () => {
    started.length = 0;
    const run = await runScenario(appScenario, { loadFrom: 'container' });
    const [result] = run.results;
    expect([result!.variant, result!.outcome, result!.error?.message]).toEqual(['answers', 'passed', undefined]);
    const observation = result!.observation!;
    expect(observation.client.statusCounts).toEqual({ '200': 20 });
    expect(observation.accessLog.statusCounts).toEqual({ '200': 20 });
    expect(observation.reconciliation.agrees).toBe(true);
    // every answer waited for the delaying proxy
    expect(observation.client.latency.p50Ms).toBeGreaterThanOrEqual(20);
    const containers = (await Promise.all(started)).filter((c) => c !== undefined);
    expect(containers.map((c) => c.role).sort()).toEqual(['backend', 'delay-proxy', 'lease', 'load', 'network-fault', 'nginx', 'probe']);
    expect(containers.filter((c) => c.binds.length > 0 || c.bindMounts.length > 0 || c.published.length > 0)).toEqual([]);
  }, 90_000);

  it('refuses a load-from it does not know, before anything starts', async () => {
    const creations = requests.length;
    await expect(runScenario(scenario, { loadFrom: 'elsewhere' as 'host' })).rejects.toThrow(/loadFrom "elsewhere" is not one of auto, host, container/);
    expect(requests.length).toBe(creations);
  });
});
