/**
 * The load from a container on the run's network (as for a Docker Engine on another machine),
 * with the engine reached over TCP: a loopback proxy to the local engine's socket that lives as
 * long as this file (never an engine listening on 0.0.0.0). Every request the client counted is
 * in nginx's access log, and the load's container is gone afterwards like every other.
 */
import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type ScenarioInput } from '../../harness/index.js';
import { engineProxy, labelled, requireBuild } from './support.js';

const REQUESTS = 60;
/** what went through the proxy: "METHOD path" of every request, and what carried the harness's labels */
const requests: string[] = [];
const created: string[] = [];
let proxy: Server;
let before: { containers: string[]; networks: string[]; volumes: string[] };
const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CONTEXT: process.env.DOCKER_CONTEXT };

const scenario: ScenarioInput = {
  name: 'load-in-container',
  summary: 'A healthy backend; the load comes from a container on the run\'s network.',
  backends: [{ name: 'app', behavior: { kind: 'ok' } }],
  load: { connections: 4, requests: REQUESTS },
  variants: [{ name: 'answers', expect: { status: { '200': '100%' } } }],
};

beforeAll(async () => {
  requireBuild();
  before = await labelled();
  proxy = engineProxy((text) => {
    for (const m of text.matchAll(/^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/gm)) requests.push(`${m[1]} ${m[2]}`);
    if (text.includes('io.badgateway.role')) created.push(text);
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
  it('counts exactly what nginx logged, from a labelled container that is removed', async () => {
    const run = await runScenario(scenario, { loadFrom: 'container' });
    const [result] = run.results;
    expect([result!.variant, result!.outcome, result!.error?.message]).toEqual(['answers', 'passed', undefined]);
    const observation = result!.observation!;
    expect(observation.client.sent).toBe(REQUESTS);
    expect(observation.client.statusCounts).toEqual({ '200': REQUESTS });
    expect(observation.client.failed).toEqual({});
    expect(observation.accessLog.statusCounts).toEqual({ '200': REQUESTS });
    expect(observation.reconciliation.agrees).toBe(true);
    // The run went through the TCP proxy, and its load ran in a container of its own, labelled as
    // the load, attached to for the plan and the result.
    expect(requests.some((r) => /^POST \S*\/networks\/create/.test(r))).toBe(true);
    expect(created.join('').match(/"io\.badgateway\.role":"load"/g)?.length).toBe(1);
    expect(requests.filter((r) => /^POST \S*\/containers\/\w+\/attach/.test(r)).length).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it('refuses a load-from it does not know, before anything starts', async () => {
    const creations = requests.length;
    await expect(runScenario(scenario, { loadFrom: 'elsewhere' as 'host' })).rejects.toThrow(/loadFrom "elsewhere" is not one of auto, host, container/);
    expect(requests.length).toBe(creations);
  });
});
