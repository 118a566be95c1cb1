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

  it('reports a difference in 502, with both counts, and says the client counts are used', () => {
    const result = reconcile(client({ statusCounts: { '200': 95, '502': 5 } }), { '200': 95, '502': 7 });
    expect(result.agrees).toBe(false);
    expect(result.differences).toEqual([{ status: '502', client: 5, accessLog: 7 }]);
    expect(result.notes).toEqual(['client and access log disagree: the client-side counts are what the expectations use.']);
  });

  it('reports a status only one side saw, sorted by status', () => {
    const result = reconcile(client({ statusCounts: { '200': 100, '503': 1 } }), { '200': 100, '502': 2 });
    expect(result.differences).toEqual([
      { status: '502', client: 0, accessLog: 2 },
      { status: '503', client: 1, accessLog: 0 },
    ]);
  });

  it('explains 499 in the access log by client timeouts and requests cut off at the hard stop', () => {
    const c = client({ statusCounts: { '200': 90 }, transportErrors: { timeout: 4 }, cutOffAtStop: 6 });
    const result = reconcile(c, { '200': 90, '499': 10 });
    expect(result.agrees).toBe(true);
    expect(result.differences).toEqual([]);
    expect(result.notes).toEqual([
      '10 request(s) were abandoned by the client (6 cut off at the hard stop, 4 client timeouts); nginx logs those as 499.',
    ]);
  });

  it('differs when the client gave up on requests that the access log has no 499 for', () => {
    const c = client({ statusCounts: { '200': 90 }, cutOffAtStop: 3 });
    const result = reconcile(c, { '200': 90 });
    expect(result.agrees).toBe(false);
    expect(result.differences).toEqual([{ status: '499', client: 3, accessLog: 0 }]);
  });

  it('differs on 499s that neither a timeout nor the hard stop explains', () => {
    const c = client({ statusCounts: { '200': 90 }, transportErrors: { timeout: 2 }, cutOffAtStop: 0 });
    const result = reconcile(c, { '200': 90, '499': 5 });
    expect(result.agrees).toBe(false);
    expect(result.differences).toEqual([{ status: '499', client: 2, accessLog: 5 }]);
    expect(result.notes).toHaveLength(2);
    expect(result.notes[1]).toBe('client and access log disagree: the client-side counts are what the expectations use.');
  });

  it('differs on 499 with no client give-up at all', () => {
    const result = reconcile(client({ statusCounts: { '200': 99 } }), { '200': 99, '499': 1 });
    expect(result.agrees).toBe(false);
    expect(result.differences).toEqual([{ status: '499', client: 0, accessLog: 1 }]);
  });

  it('adds abandoned requests to a 499 the client itself received', () => {
    const c = client({ statusCounts: { '200': 10, '499': 1 }, cutOffAtStop: 2 });
    expect(reconcile(c, { '200': 10, '499': 3 }).agrees).toBe(true);
  });

  it('does not change the client statusCounts it is given', () => {
    const c = client({ statusCounts: { '200': 10 }, cutOffAtStop: 2 });
    reconcile(c, { '200': 10, '499': 2 });
    expect(c.statusCounts).toEqual({ '200': 10 });
  });

  it('notes transport errors other than timeouts by kind', () => {
    const c = client({ statusCounts: { '200': 95 }, transportErrors: { ECONNRESET: 3, ECONNREFUSED: 2 } });
    const result = reconcile(c, { '200': 95 });
    expect(result.agrees).toBe(true);
    expect(result.notes).toEqual(['requests that ended without a status: ECONNRESET×3, ECONNREFUSED×2.']);
  });

  it('notes timeouts and other kinds separately', () => {
    const c = client({ statusCounts: { '200': 95 }, transportErrors: { timeout: 1, ECONNRESET: 4 } });
    const result = reconcile(c, { '200': 95, '499': 1 });
    expect(result.agrees).toBe(true);
    expect(result.notes).toEqual([
      '1 request(s) were abandoned by the client (0 cut off at the hard stop, 1 client timeouts); nginx logs those as 499.',
      'requests that ended without a status: ECONNRESET×4.',
    ]);
  });
});
