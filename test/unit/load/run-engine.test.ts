import { afterEach, describe, expect, it } from 'vitest';
import { runEngine } from '../../../harness/load/engine/run-engine.js';
import { ForeignOriginError } from '../../../harness/load/http1/request-bytes.js';
import type { LoadPlan, WeightedRequest } from '../../../harness/load/load-driver.js';
import { failedCount } from '../../../harness/observe/client-totals.js';
import type { ClientObservation } from '../../../harness/observe/observation.js';
import { localServer, respond, type LocalServer } from './local-server.js';

let server: LocalServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

function plan(baseUrl: string, extra: Partial<LoadPlan> = {}): LoadPlan {
  return { baseUrl, path: '/', method: 'GET', headers: {}, connections: 4, requests: 40, clientTimeoutMs: 5_000, intervalMs: 250, ...extra };
}

/** The fail-closed invariant: every request sent ended exactly one way, and the server saw each one. */
function expectAccounted(observed: ClientObservation, receivedByServer: number): void {
  expect(observed.sent).toBe(observed.responses + failedCount(observed));
  expect(Object.values(observed.statusCounts).reduce((a, b) => a + b, 0)).toBe(observed.responses);
  expect(observed.sent).toBe(receivedByServer);
}

describe('runEngine against real local servers', () => {
  it('counts every status of a closed-model run exactly, with latency per status', async () => {
    server = await localServer((request, socket) => respond(socket, request.path === '/slow' ? 504 : 200, 'ok'));
    const observed = await runEngine({ ...plan(server.baseUrl, { requests: 90 }), mix: [{ method: 'GET', path: '/', headers: {}, weight: 2 }, { method: 'GET', path: '/slow', headers: {}, weight: 1 }] }, new AbortController().signal);
    expect(observed.statusCounts).toEqual({ '200': 60, '504': 30 });
    expect(observed.failed).toEqual({});
    expect(observed.latencyBasis).toBe('send');
    expect(observed.latencyByOutcome?.['504']?.latency.count).toBe(30);
    expect(observed.latencyByOutcome?.['200']?.fromSend.count).toBe(60);
    expectAccounted(observed, server.received.length);
  });

  it('sends a weighted mix of methods, paths, headers and bodies in its exact shares', async () => {
    server = await localServer((_request, socket) => respond(socket, 200));
    const mix: WeightedRequest[] = [
      { method: 'POST', path: '/login', headers: { 'content-type': 'application/json' }, body: '{"user":"a"}', weight: 1 },
      { method: 'GET', path: '/catalog?page=2', headers: { 'x-mix': 'catalog' }, weight: 9 },
    ];
    await runEngine(plan(server.baseUrl, { requests: 100, mix }), new AbortController().signal);
    const logins = server.received.filter((r) => r.method === 'POST' && r.path === '/login' && r.headers['content-length'] === '12');
    const catalog = server.received.filter((r) => r.method === 'GET' && r.path === '/catalog?page=2' && r.headers['x-mix'] === 'catalog');
    expect([logins.length, catalog.length]).toEqual([10, 90]);
  });

  it('counts a body cut short as truncated with its status, and bytes that are not HTTP as invalid', async () => {
    let n = 0;
    server = await localServer((_request, socket) => {
      n++;
      if (n % 3 === 1) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b');
      else if (n % 3 === 2) socket.end('garbage instead of HTTP\n');
      else respond(socket, 200, 'fine');
    });
    const observed = await runEngine(plan(server.baseUrl, { requests: 30, connections: 3 }), new AbortController().signal);
    expect(observed.failed).toEqual({ truncated: 10, 'invalid-response': 10 });
    expect(observed.truncatedStatuses).toEqual({ '200': 10 });
    expect(observed.statusCounts).toEqual({ '200': 10 });
    expectAccounted(observed, server.received.length);
  });

  it('counts a request on a connection closed before any answer as no-response, and goes on on a new connection', async () => {
    let n = 0;
    server = await localServer((_request, socket) => { if (++n % 2 === 0) socket.end(); else respond(socket, 200); });
    const observed = await runEngine(plan(server.baseUrl, { requests: 20, connections: 2 }), new AbortController().signal);
    expect(observed.responses + (observed.failed['no-response'] ?? 0) + (observed.failed.ECONNRESET ?? 0)).toBe(20);
    expect((observed.failed['no-response'] ?? 0) + (observed.failed.ECONNRESET ?? 0)).toBe(10);
    expectAccounted(observed, server.received.length);
  });

  it('reads HEAD, 204 and 304 answers without a body, and a close-delimited body to the end', async () => {
    let n = 0;
    server = await localServer((request, socket) => {
      n++;
      if (request.method === 'HEAD') socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n');
      else if (n % 3 === 0) socket.write('HTTP/1.1 204 No Content\r\n\r\n');
      else if (n % 3 === 1) socket.write('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n');
      else socket.end('HTTP/1.1 200 OK\r\n\r\nbody until the close');
    });
    const head = await runEngine(plan(server.baseUrl, { method: 'HEAD', requests: 10, connections: 2 }), new AbortController().signal);
    expect(head.statusCounts).toEqual({ '200': 10 });
    n = 0;
    const rest = await runEngine(plan(server.baseUrl, { requests: 30, connections: 1 }), new AbortController().signal);
    expect(rest.statusCounts).toEqual({ '204': 10, '304': 10, '200': 10 });
    expect(rest.failed).toEqual({});
    expectAccounted(rest, server.received.length - 10);
  });

  it('counts its own timeout, and requests in flight at an abort as cut off', async () => {
    server = await localServer(() => {}); // never answers
    const timedOut = await runEngine(plan(server.baseUrl, { requests: 4, clientTimeoutMs: 200 }), new AbortController().signal);
    expect(timedOut.failed).toEqual({ timeout: 4 });
    expect(timedOut.latencyByOutcome?.timeout?.fromSend.minMs).toBeGreaterThanOrEqual(200);
    const abort = new AbortController();
    const running = runEngine(plan(server.baseUrl, { requests: 3, connections: 3 }), abort.signal);
    await waitFor(() => server!.received.length >= 7);
    abort.abort();
    const cut = await running;
    expect(cut.failed).toEqual({ 'cut-off': 3 });
    expectAccounted(cut, 3);
  });

  it('refuses a path that would leave the plan\'s origin, before sending anything', async () => {
    server = await localServer((_request, socket) => respond(socket, 200));
    for (const path of ['//evil.example/x', 'http://evil.example/', 'relative']) {
      await expect(runEngine(plan(server.baseUrl, { path }), new AbortController().signal)).rejects.toThrow(ForeignOriginError);
      await expect(runEngine(plan(server.baseUrl, { mix: [{ method: 'GET', path: '/', headers: {}, weight: 1 }, { method: 'GET', path, headers: {}, weight: 1 }] }), new AbortController().signal)).rejects.toThrow(ForeignOriginError);
    }
    expect(server.received).toEqual([]);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
