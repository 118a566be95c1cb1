import { describe, expect, it } from 'vitest';
import { integrityVerdicts } from '../../../harness/expect/integrity.js';
import { makeObservation } from '../../fixtures/observation.js';

describe('integrityVerdicts: the load reached an upstream', () => {
  it('is inconclusive when nginx answered every request itself', () => {
    const observation = makeObservation({ client: { statusCounts: { '404': 100 } }, accessLog: { upstreamAttempts: 0, statusCounts: { '404': 100 } } });
    expect(integrityVerdicts(observation)).toMatchObject([{ expectation: 'upstream', result: 'inconclusive' }]);
  });

  it('counts requests that failed resolving the upstream name as having reached proxy_pass', () => {
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
