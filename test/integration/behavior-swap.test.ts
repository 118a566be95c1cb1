/**
 * A kept backend container serves another resettable behaviour after its reset, as a new process
 * started with that behaviour would: each next variant measures the new behaviour only, from
 * counters at zero, in the same container. The swaps go from one request handler to another, to a
 * behaviour with raw sockets of its own (invalid header, reset), to one with worker threads, and back
 * to a request handler.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlans } from '../../harness/cli/load-plans.js';
import { resolveImages } from '../../harness/config/images.js';
import { DockerRuntime } from '../../harness/runtime/docker-runtime.js';
import { environmentSpecOf } from '../../harness/runtime/plan-environment.js';
import type { ServedSnapshot, StartedEnvironment } from '../../harness/runtime/runtime.js';
import { BACKEND_BUNDLE, docker, labelled, requireBuild } from './support.js';

const runId = `test-behavior-swap-${process.pid}`;
const runtime = new DockerRuntime({ docker, runId, images: resolveImages(process.env), backendBundle: BACKEND_BUNDLE });

interface Seen {
  variant: string;
  statuses: number[];
  before: ServedSnapshot | null;
  after: ServedSnapshot | null;
  backendId: string;
  reused: { nginx: boolean; backends: number };
}

async function drive(variant: string, environment: StartedEnvironment): Promise<Seen> {
  const [backend] = (await environment.facts()).filter((f) => f.role === 'backend');
  const before = (await environment.served())['app-1'] ?? null;
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) statuses.push((await fetch(`${environment.nginxUrl}/`)).status);
  const after = (await environment.served())['app-1'] ?? null;
  return { variant, statuses, before, after, backendId: backend!.name, reused: environment.startTimings.reused };
}

afterAll(async () => {
  await runtime.dispose();
  expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
});

describe('a kept backend with another behaviour', () => {
  it('serves the new behaviour in the same container, counted from zero', async () => {
    requireBuild();
    const plans = await loadPlans(['test/fixtures/scenarios/behavior-swap/swap.yaml']);
    const seen: Seen[] = [];
    for (const plan of plans) {
      const environment = await runtime.start(environmentSpecOf(plan));
      try {
        seen.push(await drive(plan.variant.name, environment));
      } finally {
        await environment.stop();
      }
    }
    const statusOf = { 'closes-idle': 200, 'answers-503': 503, 'invalid-header': 502, resets: 502, 'worker-threads': 200, 'answers-200-again': 200 };
    expect(seen.map((s) => [s.variant, s.statuses])).toEqual(Object.entries(statusOf).map(([variant, status]) => [variant, Array(10).fill(status)]));
    const [first, ...later] = seen;
    expect(first!.after?.requests).toBe(10);
    for (const s of later) {
      expect(s.reused, s.variant).toEqual({ nginx: true, backends: 1 });
      expect(s.backendId, s.variant).toBe(first!.backendId);
      expect(s.before, s.variant).toMatchObject({ connections: 0, requests: 0 });
      // nginx makes a new upstream connection per request (no upstream keepalive), and tries a
      // reset one once: each request reached the new behaviour's listener, never an old one.
      expect(s.after, s.variant).toMatchObject({ connections: 10, requests: 10 });
    }
  }, 90_000);
});
