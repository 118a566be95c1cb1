import { describe, expect, it } from 'vitest';
import type { ClientObservation } from '../../../harness/observe/observation.js';
import { reconcile } from '../../../harness/observe/reconcile.js';
import { makeObservation } from '../../fixtures/observation.js';

function client(overrides: Partial<ClientObservation> = {}): ClientObservation {
  return makeObservation({ client: overrides }).client;
}

describe('reconcile', () => {
  it('agrees when client and access log count the same statuses', () => {
    const result = reconcile(client({ statusCounts: { '200': 90, '504': 10 } }), { '504': 10, '200': 90 });
    expect(result).toEqual({ agrees: true, differences: [], notes: [] });
  });

  it('reports a difference in 502, with both counts, as unexplained', () => {
    const result = reconcile(client({ statusCounts: { '200': 95, '502': 5 } }), { '200': 95, '502': 7 });
    expect(result.agrees).toBe(false);
    expect(result.differences).toEqual([{ status: '502', client: 5, accessLog: 7 }]);
    expect(result.notes).toEqual(['client and access log disagree on 502 (client 5, access log 7): a request was lost or counted twice in a way none of the above explains.']);
  });

  it('reports a status only one side saw, sorted by status', () => {
    const result = reconcile(client({ statusCounts: { '200': 100, '503': 1 } }), { '200': 100, '502': 2 });
    expect(result.differences).toEqual([
      { status: '502', client: 0, accessLog: 2 },
      { status: '503', client: 1, accessLog: 0 },
    ]);
  });

  it('explains 499 in the access log by client timeouts and requests cut off at the hard stop', () => {
    const c = client({ statusCounts: { '200': 90 }, failed: { timeout: 4, 'cut-off': 6 } });
    const result = reconcile(c, { '200': 90, '499': 10 });
    expect(result.agrees).toBe(true);
    expect(result.notes).toEqual([
      '10 request(s) were abandoned by the client (6 cut off at the hard stop, 4 client timeouts); nginx logs those as 499.',
    ]);
  });

  it('explains requests cut off at the hard stop that nginx had already answered by the status it logged', () => {
    const c = client({ statusCounts: { '200': 955_159 }, failed: { 'cut-off': 64 } });
    const result = reconcile(c, { '200': 955_196, '499': 27 });
    expect(result.agrees).toBe(true);
    expect(result.notes).toContain('nginx had already sent the whole response of some of them as the client closed, and logged 37 as 200.');
  });

  it('leaves a surplus unexplained when it and the 499s do not make up exactly the abandoned requests', () => {
    const c = client({ statusCounts: { '200': 100 }, failed: { 'cut-off': 10 } });
    expect(reconcile(c, { '200': 108, '499': 5 }).differences).toEqual([
      { status: '200', client: 100, accessLog: 108 },
      { status: '499', client: 10, accessLog: 5 },
    ]);
    expect(reconcile(c, { '200': 100, '502': 3, '499': 10 }).agrees).toBe(false);
  });

  it('explains 009 by answers that were not HTTP, and a cut body by the status nginx had sent', () => {
    const c = client({ statusCounts: { '200': 5 }, failed: { 'invalid-response': 3, truncated: 2 }, truncatedStatuses: { '200': 2 } });
    const result = reconcile(c, { '200': 7, '009': 3 });
    expect(result.agrees).toBe(true);
    expect(result.notes).toEqual(['2 response(s) had their body cut short; nginx logged the status it had sent.']);
  });

  it('differs when the client gave up on requests that the access log has no 499 for', () => {
    const result = reconcile(client({ statusCounts: { '200': 90 }, failed: { 'cut-off': 3 } }), { '200': 90 });
    expect(result.agrees).toBe(false);
    expect(result.differences).toEqual([{ status: '499', client: 3, accessLog: 0 }]);
  });

  it('differs on 499s that neither a timeout nor the hard stop explains', () => {
    const result = reconcile(client({ statusCounts: { '200': 90 }, failed: { timeout: 2 } }), { '200': 90, '499': 5 });
    expect(result.agrees).toBe(false);
    expect(result.differences).toEqual([{ status: '499', client: 2, accessLog: 5 }]);
  });

  it('expects no line for a request sent on a connection nginx closed, and says so', () => {
    const result = reconcile(client({ statusCounts: { '200': 105 }, failed: { 'no-response': 3186 } }), { '200': 105 });
    expect(result.agrees).toBe(true);
    expect(result.notes).toEqual(['3186 request(s) were sent on a connection nginx closed before answering, and got neither a response nor an error; nginx never logged them.']);
  });

  it('adds abandoned requests to a 499 the client itself received, without changing its counts', () => {
    const c = client({ statusCounts: { '200': 10, '499': 1 }, failed: { 'cut-off': 2 } });
    expect(reconcile(c, { '200': 10, '499': 3 }).agrees).toBe(true);
    expect(c.statusCounts).toEqual({ '200': 10, '499': 1 });
  });

  it('notes socket errors by kind', () => {
    const result = reconcile(client({ statusCounts: { '200': 95 }, failed: { ECONNRESET: 3, ECONNREFUSED: 2 } }), { '200': 95 });
    expect(result.agrees).toBe(true);
    expect(result.notes).toEqual(['requests that ended in a socket error: ECONNRESET×3, ECONNREFUSED×2.']);
  });
});
