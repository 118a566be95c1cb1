import { describe, expect, it } from 'vitest';
import { integrityVerdicts } from '../../../harness/expect/integrity.js';
import { makeObservation } from '../../fixtures/observation.js';

describe('integrityVerdicts', () => {
  it('adds nothing when requests were sent, reached an upstream and were all accounted for', () => {
    expect(integrityVerdicts(makeObservation())).toEqual([]);
  });

  it('is inconclusive when no request was sent', () => {
    const [v] = integrityVerdicts(makeObservation({ client: { statusCounts: {}, failed: {} } }));
    expect(v).toMatchObject({ expectation: 'requests', result: 'inconclusive', measured: 'no request was sent: nothing was measured' });
  });

  it('is inconclusive, saying what nginx answered and what to change, when no request reached an upstream', () => {
    const obs = makeObservation({ client: { statusCounts: { '301': 400 } }, accessLog: { lines: 400, statusCounts: { '301': 400 }, upstreamAttempts: 0 } });
    expect(integrityVerdicts(obs)).toEqual([{
      expectation: 'upstream', expected: 'reached by the load', measuredValue: null, pass: false, result: 'inconclusive', source: 'access_log',
      measured: 'nginx answered all 400 requests itself (301×400) without trying an upstream: point the load at a location that proxies (a path, or a Host header for server_name)',
    }]);
  });

  it('says when nginx logged none of the requests', () => {
    const obs = makeObservation({ client: { statusCounts: {}, failed: { 'no-response': 50 } }, accessLog: { lines: 0, statusCounts: {}, upstreamAttempts: 0 } });
    expect(integrityVerdicts(obs)[0]!.measured).toMatch(/^nginx logged none of the 50 requests/);
  });

  it('fails on a client and access-log difference the report cannot explain', () => {
    const obs = makeObservation({ reconciliation: { agrees: false, differences: [{ status: '502', client: 5, accessLog: 7 }], notes: [] } });
    expect(integrityVerdicts(obs)).toEqual([{
      expectation: 'client-vs-access-log', expected: 'every request accounted for', measured: 'unexplained difference (502: client 5, access log 7)', measuredValue: null, pass: false, result: 'fail', source: 'access_log',
    }]);
  });
});

describe('integrityVerdicts: requests that failed resolving the upstream name', () => {
  it('counts them as having reached proxy_pass', () => {
    for (const id of ['upstream-host-not-found', 'resolver-server-failure', 'resolver-timed-out', 'no-resolver-defined']) {
      const observation = makeObservation({
        client: { statusCounts: { '502': 100 } },
        accessLog: { upstreamAttempts: 0, statusCounts: { '502': 100 } },
        errorLog: { total: 100, signatureCounts: { [id]: 100 } },
      });
      expect(integrityVerdicts(observation), id).toEqual([]);
    }
  });

  it('does not take a resolver that could not be reached, alone, for a request that reached proxy_pass', () => {
    const observation = makeObservation({
      client: { statusCounts: { '502': 10 } },
      accessLog: { upstreamAttempts: 0, statusCounts: { '502': 10 } },
      errorLog: { total: 2, signatureCounts: { 'resolver-unreachable': 2 } },
    });
    expect(integrityVerdicts(observation)).toMatchObject([{ expectation: 'upstream', result: 'inconclusive' }]);
  });
});
