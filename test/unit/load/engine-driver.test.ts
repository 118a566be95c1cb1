import { afterEach, describe, expect, it } from 'vitest';
import { EngineDriver } from '../../../harness/load/engine-driver.js';
import type { LoadClock, LoadPlan } from '../../../harness/load/load-driver.js';
import { localServer, respond, type LocalServer } from './local-server.js';

// The engine runs as its own program (dist/, built by `npm run build` / `npm run setup`).
let server: LocalServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

describe('EngineDriver: the engine in a child process, plan in and observation out as JSON', () => {
  it('runs an open-model plan and reports its start, live responses and the full observation', async () => {
    server = await localServer((_request, socket) => respond(socket, 200, 'ok'));
    const plan: LoadPlan = {
      baseUrl: server.baseUrl, path: '/', method: 'GET', headers: {}, connections: 1, clientTimeoutMs: 5000, intervalMs: 250,
      arrival: { process: 'constant', seed: 1, maxInFlight: 16, segments: [{ durationMs: 500, fromPerSecond: 200, toPerSecond: 200 }] },
    };
    let clock: LoadClock | undefined;
    const live = { responses: 0 };
    const before = Date.now();
    const observed = await new EngineDriver().run(plan, new AbortController().signal, { live, onStart: (c) => { clock = c; } });
    expect(observed.statusCounts).toEqual({ '200': 100 });
    expect(observed.schedule).toMatchObject({ intended: 100, started: 100, dropped: 0 });
    expect(server.received).toHaveLength(100);
    expect(live.responses).toBe(100);
    expect(clock!.startEpochMs).toBeGreaterThanOrEqual(before);
    // the child's start, on this process's performance clock
    expect(Math.abs(performance.timeOrigin + clock!.startPerf - clock!.startEpochMs)).toBeLessThan(1);
  });

  it('runs a closed-model plan on several threads, counting every request exactly once', async () => {
    server = await localServer((request, socket) => respond(socket, request.path === '/slow' ? 504 : 200, 'ok'));
    const plan: LoadPlan = { baseUrl: server.baseUrl, path: '/', method: 'GET', headers: {}, connections: 4, requests: 301, clientTimeoutMs: 5000, intervalMs: 250 };
    const live = { responses: 0 };
    const observed = await new EngineDriver().run(plan, new AbortController().signal, { live });
    expect(observed.sent).toBe(301);
    expect(observed.statusCounts).toEqual({ '200': 301 });
    expect(observed.failed).toEqual({});
    expect(server.received).toHaveLength(301);
    expect(observed.latency.count).toBe(301);
    expect(observed.series.reduce((sum, i) => sum + (i.statuses['200'] ?? 0), 0)).toBe(301);
    expect(live.responses).toBe(301);
  });

  it('fails with the engine\'s reason when the plan points outside its origin, sending nothing', async () => {
    server = await localServer((_request, socket) => respond(socket, 200));
    const plan: LoadPlan = { baseUrl: server.baseUrl, path: '//evil.example/', method: 'GET', headers: {}, connections: 1, requests: 1, clientTimeoutMs: 1000, intervalMs: 250 };
    await expect(new EngineDriver().run(plan, new AbortController().signal)).rejects.toThrow(/not origin-form/);
    expect(server.received).toEqual([]);
  });

  it('stops on abort: requests in flight are cut off, the child exits', async () => {
    server = await localServer(() => {});
    const abort = new AbortController();
    const plan: LoadPlan = { baseUrl: server.baseUrl, path: '/', method: 'GET', headers: {}, connections: 2, durationMs: 60_000, clientTimeoutMs: 60_000, intervalMs: 250 };
    const running = new EngineDriver().run(plan, abort.signal);
    while (server.received.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    abort.abort();
    const observed = await running;
    expect(observed.failed).toEqual({ 'cut-off': 2 });
    expect(observed.sent).toBe(2);
  });
});
