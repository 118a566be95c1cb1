/**
 * The closed model runs on autocannon and relies on parts of it that are not its public API
 * (AutocannonDriver patches each client's _connect, parser, pipelinedRequests, responseMax). It
 * is pinned to an exact version; this contract fails on an upgrade that moves any of them, and
 * drives the patched driver against real misbehaving servers so a silent miscount shows.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import autocannon from 'autocannon';
import { afterEach, describe, expect, it } from 'vitest';
import { AutocannonDriver } from '../../../harness/load/autocannon-driver.js';
import type { LoadPlan } from '../../../harness/load/load-driver.js';
import { failedCount } from '../../../harness/observe/client-totals.js';
import { localServer, respond, type LocalServer } from './local-server.js';

let server: LocalServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

const plan = (baseUrl: string, extra: Partial<LoadPlan> = {}): LoadPlan => ({ baseUrl, path: '/', method: 'GET', headers: {}, connections: 2, requests: 30, clientTimeoutMs: 5000, intervalMs: 250, ...extra });

describe('autocannon contract', () => {
  it('is the exact version package.json pins', () => {
    const pinned = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> }).dependencies.autocannon;
    const installed = (createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed).toBe(pinned);
  });

  it('still has the client internals the driver patches, with the shapes it uses', async () => {
    server = await localServer((_request, socket) => respond(socket, 200));
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      autocannon({
        url: server!.baseUrl, connections: 1, amount: 2,
        setupClient: (raw: unknown) => {
          const client = raw as Record<string, unknown> & { parser: Record<string, unknown>; pipelinedRequests: Record<string, unknown>; conn: Record<string, unknown> };
          for (const [name, value] of Object.entries({ _connect: client._connect, _resetConnection: client._resetConnection, destroy: client.destroy, on: client.on })) if (typeof value === 'function') seen.push(name);
          if (typeof client.responseMax === 'number') seen.push('responseMax');
          if (typeof client.reqsMade === 'number') seen.push('reqsMade');
          if (typeof client.parser?.execute === 'function' && typeof client.parser?.initialize === 'function') seen.push('parser');
          if (typeof client.pipelinedRequests?.clear === 'function' && typeof client.pipelinedRequests?.terminateRequest === 'function') seen.push('pipelinedRequests');
          // the socket exists once connected
          (client.on as (event: string, listener: () => void) => void)('response', () => {
            if (typeof client.conn?.prependListener === 'function' && !seen.includes('conn')) seen.push('conn');
          });
        },
      } as autocannon.Options, (error) => (error ? reject(error) : resolve()));
    });
    expect(seen.sort()).toEqual(['_connect', '_resetConnection', 'conn', 'destroy', 'on', 'parser', 'pipelinedRequests', 'reqsMade', 'responseMax'].sort());
  });

  it('counts cut bodies, answers that are not HTTP and closes exactly through the patched internals', async () => {
    let n = 0;
    server = await localServer((_request, socket) => {
      n++;
      if (n % 4 === 1) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b');
      else if (n % 4 === 2) socket.end('garbage instead of HTTP\n');
      else respond(socket, n % 4 === 3 ? 504 : 200, 'fine');
    });
    const observed = await new AutocannonDriver().run(plan(server.baseUrl, { requests: 40, connections: 1 }), new AbortController().signal);
    expect(observed.failed).toEqual({ truncated: 10, 'invalid-response': 10 });
    expect(observed.truncatedStatuses).toEqual({ '200': 10 });
    expect(observed.statusCounts).toEqual({ '504': 10, '200': 10 });
    expect(observed.sent).toBe(observed.responses + failedCount(observed));
    expect(observed.sent).toBe(server.received.length);
  });

  it('sends a weighted mix as a request sequence in its shares, and refuses a foreign origin', async () => {
    server = await localServer((_request, socket) => respond(socket, 200));
    const mix = [{ method: 'GET', path: '/a', headers: {}, weight: 1 }, { method: 'GET', path: '/b', headers: {}, weight: 3 }];
    await new AutocannonDriver().run(plan(server.baseUrl, { requests: 40, connections: 1, mix }), new AbortController().signal);
    expect([server.received.filter((r) => r.path === '/a').length, server.received.filter((r) => r.path === '/b').length]).toEqual([10, 30]);
    await expect(new AutocannonDriver().run(plan(server.baseUrl, { path: '//evil.example/' }), new AbortController().signal)).rejects.toThrow(/not origin-form/);
    expect(server.received).toHaveLength(40);
  });
});
