import { describe, expect, it } from 'vitest';
import { StatusSeries } from '../../../harness/load/status-series.js';
import { EMPTY_TIMING } from '../../../harness/observe/timing-recorder.js';

const at = (atMs: number, latencyMs: number) => ({ atMs, latencyMs, fromSendMs: latencyMs });

describe('StatusSeries', () => {
  it('counts responses per status', () => {
    const series = new StatusSeries(1000);
    for (let i = 0; i < 7; i++) series.response(200, at(i * 10, 10));
    for (let i = 0; i < 3; i++) series.response(504, at(100 + i, 300));
    series.response(502, at(200, 1));
    const observed = series.finish(30_000);
    expect(observed.responses).toBe(11);
    expect(observed.statusCounts).toEqual({ '200': 7, '504': 3, '502': 1 });
    expect(observed.failed).toEqual({});
    expect(observed.sent).toBe(11);
    expect(observed.clientTimeoutMs).toBe(30_000);
    expect(observed.intervalMs).toBe(1000);
  });

  it('puts events into intervals by start time', () => {
    const series = new StatusSeries(250);
    series.response(200, at(0, 1));
    series.response(200, at(249, 1));
    series.response(504, at(250, 1));
    series.response(200, at(999, 1));
    const observed = series.finish(1000);
    expect(observed.series.map(({ latency: _latency, ...counts }) => counts)).toEqual([
      { startMs: 0, statuses: { '200': 2 }, failed: 0 },
      { startMs: 250, statuses: { '504': 1 }, failed: 0 },
      { startMs: 750, statuses: { '200': 1 }, failed: 0 },
    ]);
  });

  it('sorts intervals by start even when events arrive out of order', () => {
    const series = new StatusSeries(100);
    series.response(200, at(550, 1));
    series.response(200, at(10, 1));
    series.failure('timeout', 320);
    expect(series.finish(1000).series.map((i) => i.startMs)).toEqual([0, 300, 500]);
  });

  it('counts failed requests per kind and per interval, apart from responses', () => {
    const series = new StatusSeries(250);
    series.response(200, at(10, 5));
    series.failure('timeout', 20);
    series.failure('ECONNRESET', 260);
    series.failure('timeout', 270);
    series.failure('timeout', 600);
    series.failuresAtEnd('cut-off', 2);
    series.failuresAtEnd('no-response', 3);
    series.failure('truncated', 610, 200);
    const observed = series.finish(5000);
    expect(observed.responses).toBe(1);
    expect(observed.failed).toEqual({ timeout: 3, ECONNRESET: 1, 'cut-off': 2, 'no-response': 3, truncated: 1 });
    expect(observed.truncatedStatuses).toEqual({ '200': 1 });
    expect(observed.statusCounts).toEqual({ '200': 1 });
    expect(observed.sent).toBe(11);
    expect(observed.series.map(({ latency: _latency, ...counts }) => counts)).toEqual([
      { startMs: 0, statuses: { '200': 1 }, failed: 1 },
      { startMs: 250, statuses: {}, failed: 2 },
      { startMs: 500, statuses: {}, failed: 2 },
    ]);
    // failed requests have no latency
    expect(observed.latency.count).toBe(1);
  });

  it('elapsedMs is the last event and requestsPerSecond counts every finished request', () => {
    const series = new StatusSeries(250);
    for (let i = 0; i < 30; i++) series.response(200, at(i * 50, 1)); // last at 1450
    for (let i = 0; i < 10; i++) series.failure('ECONNRESET', 1000 + i * 10);
    series.response(200, at(1600, 1));
    const observed = series.finish(1000);
    expect(observed.elapsedMs).toBe(1600);
    expect(observed.requestsPerSecond).toBe((41 * 1000) / 1600);
  });

  it('gives 0 requests per second and an empty timing when nothing happened', () => {
    const observed = new StatusSeries(250).finish(1000);
    expect(observed.responses).toBe(0);
    expect(observed.elapsedMs).toBe(0);
    expect(observed.requestsPerSecond).toBe(0);
    expect(observed.series).toEqual([]);
    expect(observed.latency).toEqual(EMPTY_TIMING);
  });

  it('summarizes latencies within the histogram precision', () => {
    const series = new StatusSeries(1000);
    const shuffled = Array.from({ length: 100 }, (_, i) => i + 1).sort((a, b) => ((a * 37) % 101) - ((b * 37) % 101));
    for (const ms of shuffled) series.response(200, at(0, ms));
    const latency = series.finish(1000).latency;
    const near = (actual: number, expected: number) => expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(0.001);
    expect(latency.count).toBe(100);
    near(latency.minMs, 1);
    near(latency.maxMs, 100);
    near(latency.meanMs, 50.5);
    near(latency.p50Ms, 50);
    near(latency.p90Ms, 90);
    near(latency.p95Ms, 95);
    near(latency.p99Ms, 99);
    near(latency.p999Ms, 100);
  });

  it('gives each interval the latency percentiles of its responses, within 1%', () => {
    const series = new StatusSeries(250);
    for (let ms = 1; ms <= 100; ms++) series.response(200, at(10, ms)); // interval 0: latencies 1..100 ms
    series.response(200, at(300, 700)); // interval 250: one slow response
    series.failure('timeout', 600); // interval 500: no response, no latency
    const [first, second, third] = series.finish(1000).series;
    expect(first!.latency!.p50Ms).toBeGreaterThanOrEqual(50);
    expect(first!.latency!.p50Ms).toBeLessThanOrEqual(50.5);
    expect(first!.latency!.p99Ms).toBeGreaterThanOrEqual(99);
    expect(first!.latency!.p99Ms).toBeLessThanOrEqual(100);
    expect(first!.latency!.maxMs).toBe(100);
    expect(second!.latency).toEqual({ p50Ms: 700, p99Ms: 700, maxMs: 700 });
    expect(third!.latency).toBeUndefined();
  });
});

