/**
 * The runtime starts, during a variant's load, the containers the next variant will need new
 * (DockerRuntime.prepare), and the variant whose load runs never sees them: its nginx resolved its
 * backends' names when it started, so a new container under the same name on the same network gets
 * none of its requests. The next variant takes them, its counters at zero; a new network when its
 * containers may restart; and what it does not use is removed. A real app server on a unix socket
 * starts ahead too, with its socket volume and an nginx that mounts it, and what it printed as it
 * booted is in the next variant's facts. Nothing is left at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlans } from '../../harness/cli/load-plans.js';
import { resolveImages } from '../../harness/config/images.js';
import { demuxDockerLogs } from '../../harness/runtime/docker-logs.js';
import { DockerRuntime } from '../../harness/runtime/docker-runtime.js';
import { LABEL_ROLE, LABEL_RUN } from '../../harness/runtime/labels.js';
import { environmentSpecOf } from '../../harness/runtime/plan-environment.js';
import type { EnvironmentSpec, StartedEnvironment } from '../../harness/runtime/runtime.js';
import { containersMayRestart } from '../../harness/run-variant.js';
import type { VariantPlan } from '../../harness/scenario/expand.js';
import { BACKEND_BUNDLE, docker, labelled, requireBuild, waitFor } from './support.js';

const runId = `test-prepare-${process.pid}`;
const runtime = new DockerRuntime({ docker, runId, images: resolveImages(process.env), backendBundle: BACKEND_BUNDLE });
let plans: VariantPlan[] = [];
let fpm: VariantPlan;

const specOf = (plan: VariantPlan): EnvironmentSpec => ({ ...environmentSpecOf(plan), ...(containersMayRestart(plan) ? { containersMayRestart: true } : {}) });

async function drive(environment: StartedEnvironment, requests: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < requests; i++) statuses.push((await fetch(`${environment.nginxUrl}/`)).status);
  return statuses;
}

async function containersOf(role: 'backend' | 'nginx'): Promise<{ id: string; name: string }[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL_RUN}=${runId}`, `${LABEL_ROLE}=${role}`] } });
  return list.map((c) => ({ id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, '') }));
}

async function printed(id: string): Promise<string> {
  const logs = await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false });
  const { stdout, stderr } = demuxDockerLogs(logs as unknown as Buffer);
  return stdout + stderr;
}

async function serving(id: string): Promise<boolean> {
  return /badgateway-backend \S+ listening/.test(await printed(id));
}

/** The name of the one backend container not in `known`, once it printed php-fpm's boot line. */
async function phpFpmReady(known: Set<string>): Promise<string | undefined> {
  const fresh = (await containersOf('backend')).filter((c) => !known.has(c.name));
  return fresh.length === 1 && (await printed(fresh[0]!.id)).includes('ready to handle connections') ? fresh[0]!.name : undefined;
}

/** Runs `spec`'s environment; after asking the runtime to prepare `next`, waits for what it starts to serve, then drives the load. */
async function withNextPrepared(environment: StartedEnvironment, next: EnvironmentSpec, ready: (known: Set<string>) => Promise<string | undefined>, requests: number) {
  const known = new Set((await environment.facts()).map((f) => f.name));
  runtime.prepare(next);
  let prepared: string | undefined;
  await waitFor('what the runtime prepared for the next variant to serve', async () => (prepared = await ready(known)) !== undefined, 30_000);
  return { prepared: prepared!, statuses: await drive(environment, requests) };
}

beforeAll(async () => {
  requireBuild();
  plans = await loadPlans(['test/fixtures/scenarios/prepare/steps.yaml']);
  fpm = (await loadPlans(['test/fixtures/scenarios/prepare/php-fpm-socket.yaml']))[0]!;
}, 60_000);

afterAll(async () => {
  await runtime.dispose();
  expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
}, 60_000);

describe('containers started during a load for the next variant', () => {
  let preparedBackend = '';
  let preparedNginx = '';

  it('on the same network: the running nginx sends none of its requests to the new backend of the same name; the next variant takes it at zero', async () => {
    const [first, second] = plans;
    const a = await runtime.start(specOf(first!));
    let seen: { prepared: string; statuses: number[] };
    try {
      seen = await withNextPrepared(a, specOf(second!), async (known) => {
        const fresh = (await containersOf('backend')).filter((c) => !known.has(c.name));
        return fresh.length === 1 && (await serving(fresh[0]!.id)) ? fresh[0]!.name : undefined;
      }, 20);
    } finally {
      await a.stop();
    }
    expect(seen.statuses).toEqual(Array.from({ length: 20 }, () => 201));
    preparedBackend = seen.prepared;

    const b = await runtime.start(specOf(second!));
    try {
      expect(b.startTimings.prepared).toEqual({ nginx: false, backends: 1 });
      expect(b.startTimings.reused.nginx).toBe(true);
      expect((await b.served())['app-1']).toMatchObject({ connections: 0, requests: 0 });
      expect((await b.facts()).filter((f) => f.role === 'backend').map((f) => f.name)).toEqual([preparedBackend]);
      expect(await drive(b, 10)).toEqual(Array.from({ length: 10 }, () => 202));
      // the first variant's backend went when this one started
      expect((await containersOf('backend')).map((c) => c.name)).toEqual([preparedBackend]);
    } finally {
      await b.stop();
    }
  }, 120_000);

  it('on a new network when the next variant\'s containers may restart: its nginx and backend, the old network gone once it starts', async () => {
    const [, second, restarting] = plans;
    const b = await runtime.start(specOf(second!));
    let seen: { prepared: string; statuses: number[] };
    try {
      expect(b.startTimings.reused).toEqual({ nginx: true, backends: 1 });
      seen = await withNextPrepared(b, specOf(restarting!), async (known) => {
        const nginx = (await containersOf('nginx')).filter((c) => !known.has(c.name));
        const fresh = (await containersOf('backend')).filter((c) => !known.has(c.name));
        return nginx.length === 1 && fresh.length === 1 && (await serving(fresh[0]!.id)) ? nginx[0]!.name : undefined;
      }, 20);
      expect((await labelled({ runId })).networks).toHaveLength(2);
    } finally {
      await b.stop();
    }
    expect(seen.statuses).toEqual(Array.from({ length: 20 }, () => 202));
    preparedNginx = seen.prepared;

    const c = await runtime.start(specOf(restarting!));
    try {
      expect(c.startTimings.prepared).toEqual({ nginx: true, backends: 1 });
      expect((await c.facts()).find((f) => f.role === 'nginx')!.name).toBe(preparedNginx);
      expect((await c.served())['app-1']).toMatchObject({ connections: 0, requests: 0 });
      expect(await drive(c, 10)).toEqual(Array.from({ length: 10 }, () => 203));
      expect((await labelled({ runId })).networks).toHaveLength(1);
      expect(await containersOf('backend')).toHaveLength(1);
    } finally {
      await c.stop();
    }
  }, 120_000);

  it('removes what it prepared when the next start asks for something else', async () => {
    const [first, second, restarting] = plans;
    const c = await runtime.start(specOf(restarting!));
    try {
      await withNextPrepared(c, specOf(first!), async (known) => {
        const fresh = (await containersOf('backend')).filter((x) => !known.has(x.name));
        return fresh.length === 1 && (await serving(fresh[0]!.id)) ? fresh[0]!.name : undefined;
      }, 5);
    } finally {
      await c.stop();
    }
    const b = await runtime.start(specOf(second!));
    try {
      expect(b.startTimings.prepared).toBeUndefined();
      expect(await containersOf('backend')).toHaveLength(1);
      expect(await drive(b, 5)).toEqual(Array.from({ length: 5 }, () => 202));
    } finally {
      await b.stop();
    }
  }, 120_000);

  it('a real app server on a unix socket: its volume, an nginx that mounts it and php-fpm start ahead; its boot lines are the next variant\'s', async () => {
    const [first] = plans;
    const a = await runtime.start(specOf(first!));
    let seen: { prepared: string; statuses: number[] };
    try {
      seen = await withNextPrepared(a, specOf(fpm), async (known) => {
        const nginx = (await containersOf('nginx')).filter((c) => !known.has(c.name));
        return nginx.length === 1 ? phpFpmReady(known) : undefined;
      }, 20);
      expect((await labelled({ runId })).volumes).toHaveLength(1);
    } finally {
      await a.stop();
    }
    expect(seen.statuses).toEqual(Array.from({ length: 20 }, () => 201));

    const b = await runtime.start(specOf(fpm));
    try {
      expect(b.startTimings.prepared).toEqual({ nginx: true, backends: 1 });
      const php = (await b.facts()).find((f) => f.role === 'backend')!;
      expect(php.name).toBe(seen.prepared);
      expect(php.logTail.join('\n')).toMatch(/NOTICE: ready to handle connections/);
      const statuses = await Promise.all([1, 2, 3].map(async () => (await fetch(`${b.nginxUrl}/`)).status));
      expect(statuses).toEqual([200, 200, 200]);
      expect((await labelled({ runId })).volumes).toHaveLength(1);
    } finally {
      await b.stop();
    }
  }, 120_000);

  it('removes a socket volume it prepared, and what mounts it, when the next start asks for a variant without one', async () => {
    const [first] = plans;
    const a = await runtime.start(specOf(first!));
    try {
      await withNextPrepared(a, specOf(fpm), phpFpmReady, 5);
    } finally {
      await a.stop();
    }
    const again = await runtime.start(specOf(first!));
    try {
      expect(again.startTimings.prepared).toBeUndefined();
      expect(await drive(again, 5)).toEqual(Array.from({ length: 5 }, () => 201));
      const left = await labelled({ runId });
      expect(left.volumes).toEqual([]);
      expect(left.containers).toHaveLength(2);
    } finally {
      await again.stop();
    }
  }, 120_000);
});
