/**
 * A kept backend container serves another request-handler behaviour after its reset, as a new
 * process started with that behaviour would: the next variant measures the new behaviour only,
 * from counters at zero, in the same container.
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
  statuses: number[];
  before: ServedSnapshot | null;
  after: ServedSnapshot | null;
  backendId: string;
  reused: { nginx: boolean; backends: number };
}

async function drive(environment: StartedEnvironment): Promise<Seen> {
  const [backend] = (await environment.facts()).filter((f) => f.role === 'backend');
  const before = (await environment.served())['app-1'] ?? null;
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) statuses.push((await fetch(`${environment.nginxUrl}/`)).status);
  const after = (await environment.served())['app-1'] ?? null;
  return { statuses, before, after, backendId: backend!.name, reused: environment.startTimings.reused };
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
        seen.push(await drive(environment));
      } finally {
        await environment.stop();
      }
    }
    const [first, second] = seen;
    expect(first!.statuses).toEqual(Array(10).fill(200));
    expect(second!.reused).toEqual({ nginx: true, backends: 1 });
    expect(second!.backendId).toBe(first!.backendId);
    expect(second!.statuses).toEqual(Array(10).fill(503));
    expect(first!.after?.requests).toBe(10);
    expect(second!.before?.requests).toBe(0);
    expect(second!.after?.requests).toBe(10);
  }, 60_000);
});
