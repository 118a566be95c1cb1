/**
 * LoadHooks.stopSending on every driver: once it is aborted no further request goes out, and the
 * ones in flight are awaited and counted with their statuses (nothing cut off, nothing dropped).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AutocannonDriver } from '../../../harness/load/autocannon-driver.js';
import { EngineDriver } from '../../../harness/load/engine-driver.js';
import type { LoadDriver, LoadPlan } from '../../../harness/load/load-driver.js';
import type { ClientObservation } from '../../../harness/observe/observation.js';
import { localServer, respond, type LocalServer } from './local-server.js';

let server: LocalServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

const PLANNED = 5_000;

/** Stops sending once `after` requests reached the server; each is answered 30 ms after it came. */
async function stoppedAfter(driver: LoadDriver, plan: Omit<LoadPlan, 'baseUrl'>, after: number) {
  server = await localServer((_request, socket) => { setTimeout(() => respond(socket, 200, 'ok'), 30); });
  const stop = new AbortController();
  const running = driver.run({ ...plan, baseUrl: server.baseUrl }, new AbortController().signal, { stopSending: stop.signal });
  while (server.received.length < after) await new Promise((resolve) => setTimeout(resolve, 2));
  stop.abort();
  return { observed: await running, received: server.received.length };
}

/** Far fewer than planned went out, every one reached the server and got its 200: none cut off. */
function expectStoppedCleanly(observed: ClientObservation, received: number): void {
  expect(observed.sent).toBeLessThan(PLANNED / 10);
  expect(observed.sent).toBe(received);
  expect(observed.statusCounts).toEqual({ '200': observed.sent });
  expect(observed.failed).toEqual({});
}

const closed: Omit<LoadPlan, 'baseUrl'> = { path: '/', method: 'GET', headers: {}, connections: 4, requests: PLANNED, durationMs: 60_000, clientTimeoutMs: 5_000, intervalMs: 250 };

describe('stopSending', () => {
  it('autocannon (closed model): the requests in flight finish, no other is sent', async () => {
    const { observed, received } = await stoppedAfter(new AutocannonDriver(), closed, 20);
    expectStoppedCleanly(observed, received);
  });

  it('the engine, closed model on several threads', async () => {
    const { observed, received } = await stoppedAfter(new EngineDriver(), closed, 20);
    expectStoppedCleanly(observed, received);
  });

  it('the engine, open model: its schedule ends where it was cut, with no start dropped', async () => {
    const open: Omit<LoadPlan, 'baseUrl'> = {
      path: '/', method: 'GET', headers: {}, connections: 1, requests: PLANNED, clientTimeoutMs: 5_000, intervalMs: 250,
      arrival: { process: 'constant', seed: 1, maxInFlight: 64, segments: [{ durationMs: 50_000, fromPerSecond: 100, toPerSecond: 100 }] },
    };
    const { observed, received } = await stoppedAfter(new EngineDriver(), open, 20);
    expectStoppedCleanly(observed, received);
    expect(observed.schedule).toMatchObject({ intended: observed.sent, started: observed.sent, dropped: 0 });
    // delivered over the time it ran, not over the 50 s it was planned for
    expect(observed.schedule!.deliveredPerSecond).toBeGreaterThan(50);
  });
});
