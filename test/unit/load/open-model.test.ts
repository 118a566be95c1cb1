import { afterEach, describe, expect, it } from 'vitest';
import { ArrivalSchedule } from '../../../harness/load/engine/arrival-schedule.js';
import { RequestMix } from '../../../harness/load/engine/request-mix.js';
import { runEngine } from '../../../harness/load/engine/run-engine.js';
import type { LoadPlan } from '../../../harness/load/load-driver.js';
import { failedCount } from '../../../harness/observe/client-totals.js';
import { localServer, respond, type LocalServer } from './local-server.js';

let server: LocalServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

function all(schedule: ArrivalSchedule): number[] {
  const times: number[] = [];
  for (let t = schedule.next(); t !== undefined; t = schedule.next()) times.push(t);
  return times;
}

describe('ArrivalSchedule', () => {
  it('spaces a constant rate evenly from time zero', () => {
    const times = all(new ArrivalSchedule({ process: 'constant', seed: 1, segments: [{ durationMs: 1000, fromPerSecond: 100, toPerSecond: 100 }] }));
    expect(times).toHaveLength(100);
    expect(times[0]).toBe(0);
    expect(times[1]).toBeCloseTo(10, 9);
    expect(times.at(-1)).toBeCloseTo(990, 9);
  });

  it('puts a step and a linear ramp on one clock, with the integral of the rate as count', () => {
    const schedule = new ArrivalSchedule({ process: 'constant', seed: 1, segments: [
      { durationMs: 1000, fromPerSecond: 10, toPerSecond: 10 },
      { durationMs: 2000, fromPerSecond: 10, toPerSecond: 110 }, // 120 arrivals
      { durationMs: 500, fromPerSecond: 40, toPerSecond: 40 },
    ] });
    const times = all(schedule);
    expect(times).toHaveLength(10 + 120 + 20);
    expect(schedule.expected).toBe(150);
    expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);
    // the ramp's first half (rate 10 to 60) holds 35 arrivals, its second half 85
    expect(times.filter((t) => t >= 1000 && t < 2000)).toHaveLength(35);
    expect(times.filter((t) => t >= 2000 && t < 3000)).toHaveLength(85);
    expect(times.filter((t) => t >= 3000)).toHaveLength(20);
  });

  it('draws Poisson arrivals with the declared mean, the same for the same seed', () => {
    const plan = { process: 'poisson' as const, seed: 7, segments: [{ durationMs: 100_000, fromPerSecond: 100, toPerSecond: 100 }] };
    const times = all(new ArrivalSchedule(plan));
    expect(Math.abs(times.length - 10_000)).toBeLessThan(400); // 4 standard deviations
    expect(all(new ArrivalSchedule(plan))).toEqual(times);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const cv = Math.sqrt(gaps.reduce((a, g) => a + (g - 10) ** 2, 0) / gaps.length) / 10;
    expect(cv).toBeGreaterThan(0.9); // exponential gaps: coefficient of variation 1 (constant: 0)
    expect(cv).toBeLessThan(1.1);
  });

  it('stops at the request limit', () => {
    expect(all(new ArrivalSchedule({ process: 'constant', seed: 1, segments: [{ durationMs: 1000, fromPerSecond: 100, toPerSecond: 100 }] }, 7))).toHaveLength(7);
  });
});

describe('RequestMix', () => {
  it('holds the declared shares in every window of the total weight', () => {
    const mix = new RequestMix([{ item: 'a', weight: 1 }, { item: 'b', weight: 3 }, { item: 'c', weight: 6 }]);
    const picks = Array.from({ length: 100 }, () => mix.next());
    for (let at = 0; at < 100; at += 10) {
      const window = picks.slice(at, at + 10);
      expect([window.filter((p) => p === 'a').length, window.filter((p) => p === 'b').length, window.filter((p) => p === 'c').length]).toEqual([1, 3, 6]);
    }
  });
});

function openPlan(baseUrl: string, ratePerSecond: number, durationMs: number, maxInFlight: number): LoadPlan {
  return {
    baseUrl, path: '/', method: 'GET', headers: {}, connections: 1, clientTimeoutMs: 10_000, intervalMs: 250,
    arrival: { process: 'constant', seed: 1, maxInFlight, segments: [{ durationMs, fromPerSecond: ratePerSecond, toPerSecond: ratePerSecond }] },
  };
}

describe('the open model against a real local server', () => {
  it('starts every request at its intended time, whatever the responses do, on new connections as needed', async () => {
    server = await localServer((_request, socket) => setTimeout(() => respond(socket, 200), 200));
    const observed = await runEngine(openPlan(server.baseUrl, 100, 1000, 200), new AbortController().signal);
    const schedule = observed.schedule!;
    expect(schedule).toMatchObject({ intended: 100, started: 100, dropped: 0 });
    // 100 req/s answered in 200 ms: about 20 in flight (more when the machine is busy and the
    // server's timers fire late), each on its own connection
    expect(schedule.peakInFlight).toBeGreaterThanOrEqual(18);
    expect(schedule.peakInFlight).toBeLessThanOrEqual(60);
    expect(schedule.connectionsOpened).toBeGreaterThanOrEqual(18);
    const arrivals = server.received.map((r) => r.atMs);
    // The schedule spans 990 ms whatever the machine does; a busy machine only delays the last starts.
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(900);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeLessThan(3000);
    const perInterval = observed.series.filter((i) => i.started !== undefined).map((i) => i.started!);
    expect(perInterval.reduce((a, b) => a + b, 0)).toBe(100);
    for (const n of perInterval.slice(0, 3)) expect(n).toBeGreaterThanOrEqual(10);
    expect(observed.sent).toBe(observed.responses + failedCount(observed));
    expect(observed.sent).toBe(server.received.length);
  });

  it('makes requests wait at the in-flight bound: late starts counted, corrected latency above uncorrected', async () => {
    server = await localServer((_request, socket) => setTimeout(() => respond(socket, 200), 200));
    const observed = await runEngine(openPlan(server.baseUrl, 100, 600, 5), new AbortController().signal);
    const schedule = observed.schedule!;
    // 5 in flight × 5 per second of 200 ms each = 25 req/s served of 100 declared
    expect(schedule.peakInFlight).toBe(5);
    expect(schedule.intended).toBe(60);
    expect(schedule.started + schedule.dropped).toBe(60);
    expect(schedule.late).toBeGreaterThanOrEqual(50);
    expect(observed.latencyBasis).toBe('intended-start');
    expect(observed.latencyFromSend!.p50Ms).toBeLessThan(260);
    expect(observed.latency.p50Ms).toBeGreaterThan(observed.latencyFromSend!.p50Ms + 500);
    expect(observed.latency.maxMs).toBeGreaterThan(1500);
    expect(observed.sent).toBe(server.received.length);
  });

  it('drops starts still waiting at an abort and counts requests in flight as cut off', async () => {
    server = await localServer(() => {});
    const abort = new AbortController();
    const running = runEngine(openPlan(server.baseUrl, 100, 2000, 4), abort.signal);
    while (server.received.length < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    abort.abort();
    const observed = await running;
    expect(observed.failed).toEqual({ 'cut-off': 4 });
    expect(observed.schedule).toMatchObject({ intended: 200, started: 4, dropped: 196 });
  });
});
