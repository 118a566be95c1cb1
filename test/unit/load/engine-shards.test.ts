import { describe, expect, it } from 'vitest';
import { shardPlan, shardsFor } from '../../../harness/load/engine/engine-shards.js';
import type { LoadPlan } from '../../../harness/load/load-driver.js';
import { StatusSeries } from '../../../harness/load/status-series.js';

const plan: LoadPlan = { baseUrl: 'http://127.0.0.1:1', path: '/', method: 'GET', headers: {}, connections: 32, clientTimeoutMs: 1000, intervalMs: 250 };

describe('a closed-model load on several threads', () => {
  it('runs on as many threads as asked, never more than its connections or requests; the open model and rates on one', () => {
    expect(shardsFor(plan, 2)).toBe(2);
    expect(shardsFor({ ...plan, connections: 1 }, 4)).toBe(1);
    expect(shardsFor({ ...plan, requests: 3 }, 8)).toBe(3);
    expect(shardsFor({ ...plan, ratePerSecond: 100 }, 4)).toBe(1);
    expect(shardsFor({ ...plan, stages: [{ durationMs: 1000 }] }, 4)).toBe(1);
    expect(shardsFor({ ...plan, arrival: { process: 'constant', seed: 1, maxInFlight: 8, segments: [] } }, 4)).toBe(1);
  });

  it('splits connections and the request bound so that the shares add up exactly', () => {
    for (const [connections, requests, n] of [[32, 1000, 2], [5, 7, 3], [3, 101, 3], [7, undefined, 4]] as const) {
      const shares = Array.from({ length: n }, (_, i) => shardPlan({ ...plan, connections, ...(requests !== undefined ? { requests } : {}) }, i, n));
      expect(shares.reduce((sum, s) => sum + s.connections, 0)).toBe(connections);
      expect(shares.every((s) => s.connections >= 1)).toBe(true);
      if (requests !== undefined) expect(shares.reduce((sum, s) => sum + s.requests!, 0)).toBe(requests);
      else expect(shares.every((s) => s.requests === undefined)).toBe(true);
    }
  });
});

describe('StatusSeries.merge', () => {
  it('gives exactly the series one thread would have counted: counts, intervals and latencies', () => {
    const events = Array.from({ length: 500 }, (_, i) => ({ status: i % 7 === 0 ? 504 : 200, atMs: (i * 13) % 2000, latencyMs: 1 + ((i * 37) % 300) }));
    const one = new StatusSeries(250);
    const parts = [new StatusSeries(250), new StatusSeries(250), new StatusSeries(250)];
    events.forEach((e, i) => {
      const timing = { atMs: e.atMs, latencyMs: e.latencyMs, fromSendMs: e.latencyMs / 2 };
      one.response(e.status, timing);
      parts[i % 3]!.response(e.status, timing);
      if (i % 50 === 0) {
        one.failure('ECONNRESET', timing, undefined);
        parts[i % 3]!.failure('ECONNRESET', timing, undefined);
      }
    });
    one.failure('truncated', 1999, 200);
    parts[1]!.failure('truncated', 1999, 200);
    const merged = new StatusSeries(250);
    // through JSON, as a thread hands it over
    for (const part of parts) merged.merge(JSON.parse(JSON.stringify(part.state())) as ReturnType<StatusSeries['state']>);
    expect(merged.finish(1000, 5)).toEqual(one.finish(1000, 5));
  });
});
