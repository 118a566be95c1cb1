/**
 * The built-in slow-backend scenario against real nginx and a real backend container: the
 * measured rates, signatures and timings, not just the verdicts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlans } from '../../harness/cli/load-plans.js';
import { resolveImages } from '../../harness/config/images.js';
import { DefaultDriver } from '../../harness/load/default-driver.js';
import { runVariant } from '../../harness/run-variant.js';
import { DockerRuntime } from '../../harness/runtime/docker-runtime.js';
import type { VariantPlan } from '../../harness/scenario/expand.js';
import type { VariantResult } from '../../harness/report/run-report.js';
import { BACKEND_BUNDLE, docker, labelled, requireBuild } from './support.js';

const runId = `test-slow-${process.pid}`;
const results = new Map<string, VariantResult>();

beforeAll(async () => {
  requireBuild();
  const plans: VariantPlan[] = await loadPlans(['scenarios/slow-backend-read-timeout.yaml']);
  const images = resolveImages(process.env);
  const runtime = new DockerRuntime({ docker, runId, images, backendBundle: BACKEND_BUNDLE });
  try {
    for (const plan of plans) {
      const run = await runVariant(plan, { runtime, driver: new DefaultDriver(), images, signal: new AbortController().signal });
      results.set(plan.variant.name, run.result);
    }
  } finally {
    await runtime.dispose();
  }
}, 90_000);

afterAll(async () => {
  expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
});

describe('slow backend (600 ms) vs proxy_read_timeout', () => {
  it('300 ms: every request is a 504 with one read-header timeout line each, after ~300 ms', () => {
    const { observation, outcome, verdicts } = results.get('timeout-too-short')!;
    const o = observation!;
    expect(outcome, JSON.stringify(verdicts)).toBe('passed');
    // 16 connections for 3 s at ~300 ms per request: about 160; a broken drain or counter is far off.
    expect(o.client.responses).toBeGreaterThanOrEqual(140);
    expect(o.client.statusCounts).toEqual({ '504': o.client.responses });
    expect(o.client.failed).toEqual({});
    expect(o.client.sent).toBe(o.client.responses);
    expect(o.errorLog.signatureCounts).toEqual({ 'upstream-timed-out-reading-header': o.client.responses });
    expect(o.accessLog.statusCounts).toEqual({ '504': o.client.responses });
    expect(o.reconciliation).toMatchObject({ agrees: true, differences: [] });
    expect(o.client.latency.p50Ms).toBeGreaterThanOrEqual(300);
    expect(o.client.latency.p99Ms).toBeLessThan(400);
    expect(o.accessLog.upstreamStatusSequences).toEqual({ '504': o.client.responses });
  });

  it('1 s: every request is a 200, no error lines, upstream header time ≈ the 600 ms delay', () => {
    const { observation, outcome, verdicts } = results.get('timeout-tuned')!;
    const o = observation!;
    expect(outcome, JSON.stringify(verdicts)).toBe('passed');
    expect(o.client.responses).toBeGreaterThanOrEqual(70);
    expect(o.client.statusCounts).toEqual({ '200': o.client.responses });
    expect(o.errorLog.total).toBe(0);
    expect(o.reconciliation.agrees).toBe(true);
    expect(o.accessLog.upstreamHeaderTime.count).toBe(o.client.responses);
    expect(o.accessLog.upstreamHeaderTime.p50Ms).toBeGreaterThanOrEqual(600);
    expect(o.accessLog.upstreamHeaderTime.p50Ms).toBeLessThan(650);
  });

  it('records the nginx version, images and per-phase timings', () => {
    const o = results.get('timeout-tuned')!.observation!;
    expect(o.nginxVersion).toMatch(/^1\.\d+\.\d+$/);
    expect(o.containers.map((c) => c.role).sort()).toEqual(['backend', 'nginx']);
    expect(o.containers.every((c) => c.running && !c.oomKilled && c.restartCount === 0)).toBe(true);
    expect(o.timings.loadMs).toBeGreaterThanOrEqual(3_000);
    expect(o.timings.startMs).toBeGreaterThan(0);
    expect(o.timings.stopMs).toBeGreaterThan(0);
  });
});
