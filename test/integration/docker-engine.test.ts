/**
 * One engine for every Docker call: with no DOCKER_HOST and a Docker context (as Colima or
 * Docker Desktop set one up) whose endpoint is a socket of this test's own, a run reaches the
 * engine only through that socket: every network and container it makes.
 * The socket is a small proxy to the local engine's socket that lives as long as this file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerUnavailableError, runScenario, type ScenarioInput } from '../../harness/index.js';
import { connectDocker } from '../../harness/runtime/docker-client.js';
import { engineProxy, labelled, requireBuild } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'badgateway-context-'));
const socket = join(dir, 'docker.sock');
/** "METHOD path user-agent" of every request that went through the context's socket */
const requests: string[] = [];
let proxy: Server;
let before: { containers: string[]; networks: string[] };
const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CONTEXT: process.env.DOCKER_CONTEXT, DOCKER_CONFIG: process.env.DOCKER_CONFIG };

const quick: ScenarioInput = {
  name: 'context-quick',
  summary: 'A healthy backend, reached through a Docker context.',
  backends: [{ name: 'app', behavior: { kind: 'ok' } }],
  load: { connections: 1, requests: 5 },
  variants: [{ name: 'answers', expect: { status: { '200': '100%' } } }],
};

beforeAll(async () => {
  requireBuild();
  before = await labelled();
  proxy = engineProxy((text) => {
    for (const m of text.matchAll(/^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/gm)) {
      const head = text.slice(m.index, text.indexOf('\r\n\r\n', m.index));
      requests.push(`${m[1]} ${m[2]} ${/^user-agent: (.*)$/im.exec(head)?.[1] ?? ''}`.trim());
    }
  });
  await new Promise<void>((resolve) => proxy.listen(socket, resolve));

  const config = join(dir, 'docker-config');
  const meta = join(config, 'contexts', 'meta', createHash('sha256').update('badgateway-test').digest('hex'));
  mkdirSync(meta, { recursive: true });
  writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: 'badgateway-test', Metadata: {}, Endpoints: { docker: { Host: `unix://${socket}`, SkipTLSVerify: false } } }));
  writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'badgateway-test' }));
  delete process.env.DOCKER_HOST;
  delete process.env.DOCKER_CONTEXT;
  process.env.DOCKER_CONFIG = config;
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await new Promise((resolve) => proxy.close(resolve));
  rmSync(dir, { recursive: true, force: true });
  const after = await labelled();
  expect(after.containers.filter((c) => !before.containers.includes(c))).toEqual([]);
  expect(after.networks.filter((n) => !before.networks.includes(n))).toEqual([]);
});

describe('the Docker engine of the current context', () => {
  it('is the engine every network and container of a run is made on', async () => {
    const run = await runScenario(quick);
    expect(run.results.map((r) => [r.variant, r.outcome, r.error?.message])).toEqual([['answers', 'passed', undefined]]);
    expect(process.env.DOCKER_HOST).toBe(`unix://${socket}`);
    // Every network and container of the run was made through the context's socket.
    const networks = requests.filter((r) => /^POST \S*\/networks\/create/.test(r));
    expect(networks.length).toBeGreaterThanOrEqual(1);
    const created = requests.filter((r) => /^POST \S*\/containers\/create/.test(r));
    expect(created.length, created.join('\n')).toBeGreaterThanOrEqual(2); // the backend and nginx (nginx -t runs in nginx's own container)
  }, 90_000);

  it('stays the process\'s engine: another DOCKER_HOST afterwards is refused, saying which', async () => {
    process.env.DOCKER_HOST = 'unix:///var/run/docker.sock';
    const refusal = connectDocker();
    await expect(refusal).rejects.toThrow(DockerUnavailableError);
    await expect(refusal).rejects.toThrow(`this process already runs containers on the Docker Engine at unix://${socket} (Docker context "badgateway-test"`);
  });
});
