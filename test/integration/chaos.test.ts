/**
 * Chaos on the load's clock against real containers: restart-storm through the library (when its
 * actions ran, what the Docker Engine saw, the window verdicts, and that its expectations tell a
 * kill from a restart), and Ctrl-C in the middle of a timeline leaving nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlans } from '../../harness/cli/load-plans.js';
import { resolveImages } from '../../harness/config/images.js';
import { evaluate } from '../../harness/expect/evaluate.js';
import { DefaultDriver } from '../../harness/load/default-driver.js';
import type { ContainerEvent, TimelineEntry } from '../../harness/observe/observation.js';
import type { VariantResult } from '../../harness/report/run-report.js';
import { runVariant } from '../../harness/run-variant.js';
import { LABEL_MANAGED, LABEL_OWNER } from '../../harness/runtime/labels.js';
import { DockerRuntime } from '../../harness/runtime/docker-runtime.js';
import type { VariantPlan } from '../../harness/scenario/expand.js';
import { BACKEND_BUNDLE, docker, labelled, requireBuild, startCli, tempDir, waitFor } from './support.js';

const SCENARIO = 'scenarios/restart-storm.yaml';
const runId = `test-chaos-${process.pid}`;
const out = tempDir('badgateway-chaos-');
const plans = new Map<string, VariantPlan>();
const results = new Map<string, VariantResult>();

beforeAll(async () => {
  requireBuild();
  const images = resolveImages(process.env);
  await using runtime = new DockerRuntime({ docker, runId, images, backendBundle: BACKEND_BUNDLE });
  for (const plan of await loadPlans([SCENARIO])) {
    plans.set(plan.variant.name, plan);
    const run = await runVariant(plan, { runtime, driver: new DefaultDriver(), images, signal: new AbortController().signal });
    results.set(plan.variant.name, run.result);
  }
}, 150_000);

afterAll(async () => {
  expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
});

function outcome(variant: string): { entry: TimelineEntry; events: ContainerEvent[]; result: VariantResult } {
  const result = results.get(variant)!;
  const o = result.observation!;
  expect(o.timeline).toHaveLength(1);
  return { entry: o.timeline[0]!, events: o.containerEvents.filter((e) => /-app-1$/.test(e.container)), result };
}

function verdictsOf(result: VariantResult): Record<string, boolean> {
  return Object.fromEntries(result.verdicts.map((v) => [v.expectation, v.pass]));
}

describe('restart-storm on the load clock', () => {
  it('kill: asked for within 100 ms of 1.5 s, took effect when the engine reported the process dead (137)', () => {
    const { entry, events, result } = outcome('killed-no-restart');
    expect(entry).toMatchObject({ name: 'outage', action: 'kill', target: 'app', plannedAtMs: 1500 });
    expect(entry.error).toBeUndefined();
    expect(Math.abs(entry.requestedAtMs! - entry.plannedAtMs!)).toBeLessThanOrEqual(100);
    const died = events.find((e) => e.event === 'die');
    expect(died, JSON.stringify(events)).toMatchObject({ exitCode: 137 });
    expect(died!.atMs).toBeGreaterThanOrEqual(entry.requestedAtMs! - 50);
    expect(entry.tookEffectAtMs).toBe(died!.atMs);
    expect(events.some((e) => e.event === 'start')).toBe(false);
    expect(verdictsOf(result)).toEqual({ 'error_log.connect-refused': true, 'before.status.5xx': true, 'after.status.5xx': true });
    const app = result.observation!.containers.find((c) => c.backend === 'app')!;
    expect(app).toMatchObject({ running: false, exitCode: 137 });
  });

  it('restart: the process died, then started again; the storm window and the recovery hold', () => {
    const { entry, events, result } = outcome('restarted');
    expect(entry).toMatchObject({ name: 'outage', action: 'restart', plannedAtMs: 1500 });
    expect(Math.abs(entry.requestedAtMs! - entry.plannedAtMs!)).toBeLessThanOrEqual(100);
    const died = events.find((e) => e.event === 'die');
    const started = events.find((e) => e.event === 'start');
    expect(died && started, JSON.stringify(events)).toBeTruthy();
    expect(started!.atMs).toBeGreaterThan(died!.atMs);
    expect(entry.tookEffectAtMs).toBe(started!.atMs);
    expect(verdictsOf(result)).toEqual({ 'before.status.5xx': true, 'storm.status.502': true, recovery: true });
    const recovery = result.verdicts.find((v) => v.expectation === 'recovery')!;
    expect(recovery.measuredValue).toBeGreaterThan(0);
    expect(recovery.measuredValue).toBeLessThanOrEqual(4000);
  });

  it("a kill without restart fails the restart variant's recovery expectation", () => {
    const killed = results.get('killed-no-restart')!.observation!;
    const restartExpectations = plans.get('restarted')!.variant.expect;
    const recovery = evaluate(restartExpectations, killed).find((v) => v.expectation === 'recovery')!;
    expect(recovery).toMatchObject({ pass: false, measuredValue: null });
    expect(recovery.measured).toMatch(/^not recovered by the end of the load/);
    // and the other way round: the restarted process does not fail "every request after it" as a kill does
    const restarted = results.get('restarted')!.observation!;
    const after = evaluate(plans.get('killed-no-restart')!.variant.expect, restarted).find((v) => v.expectation === 'after.status.5xx')!;
    expect(after.pass).toBe(false);
  });
});

/** The run's own containers (by owner pid) whose name ends with the suffix and that have exited. */
async function exitedContainer(pid: number, suffix: string): Promise<boolean> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] } });
  return containers.some((c) => (c.Labels[LABEL_OWNER] ?? '').endsWith(`:${pid}`) && (c.Names[0] ?? '').endsWith(suffix) && c.State === 'exited');
}

describe('Ctrl-C in the middle of a timeline', () => {
  it('after the kill ran and while the load goes on: exits 130 and leaves no container or network', async () => {
    const cli = startCli(['run', SCENARIO, '--out', out]);
    const pid = cli.child.pid!;
    // the first variant kills app-1 at 1.5 s of a 6 s load: its container stays exited
    await waitFor('the chaos kill of app-1 in the run', () => exitedContainer(pid, '-app-1'), 60_000);
    expect(cli.output().stdout).not.toMatch(/killed-no-restart\s+passed/);
    cli.child.kill('SIGINT');
    const run = await cli.done;
    expect(run.code, run.stderr).toBe(130);
    expect(await labelled({ ownerPid: pid })).toEqual({ containers: [], networks: [], volumes: [] });
  }, 90_000);
});
