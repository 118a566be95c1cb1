/**
 * What the harness reports must be exactly what nginx did: at full speed, the client's counts and
 * nginx's access log agree request for request, and nothing is lost without a trace.
 */
import { describe, expect, it } from 'vitest';
import { loadPlans } from '../../harness/cli/load-plans.js';
import { resolveImages } from '../../harness/config/images.js';
import { AutocannonDriver } from '../../harness/load/autocannon-driver.js';
import { runVariant } from '../../harness/run-variant.js';
import { DockerRuntime } from '../../harness/runtime/docker-runtime.js';
import { BACKEND_BUNDLE, docker, requireBuild } from './support.js';

describe('accuracy at full speed', () => {
  it('client counts equal access-log counts with thousands of requests per connection', async () => {
    requireBuild();
    const [plan] = await loadPlans(['test/fixtures/scenarios/accuracy/throughput.yaml']);
    const images = resolveImages(process.env);
    await using runtime = new DockerRuntime({ docker, runId: `test-accuracy-${process.pid}`, images, backendBundle: BACKEND_BUNDLE });
    const { result } = await runVariant(plan!, { runtime, driver: new AutocannonDriver(), images, signal: new AbortController().signal });
    const o = result.observation!;
    // Every request sent was answered: 1,500 per client connection, past nginx's default
    // keepalive_requests (1000) on its upstream connections.
    expect(plan!.load.requests).toBe(12_000);
    expect(o.client.responses).toBe(plan!.load.requests);
    expect(o.client.unanswered).toBe(0);
    expect(o.client.cutOffAtStop).toBe(0);
    expect(o.client.transportErrors).toEqual({});
    expect(o.accessLog.lines).toBe(o.client.responses);
    expect(o.reconciliation).toEqual({ agrees: true, differences: [], notes: [] });
    expect(o.accessLog.unparsed).toEqual([]);
  }, 60_000);
});
