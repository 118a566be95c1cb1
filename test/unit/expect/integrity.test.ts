import { describe, expect, it } from 'vitest';
import { integrityVerdicts, MAX_LATE_SHARE } from '../../../harness/expect/integrity.js';
import type { ScheduleObservation } from '../../../harness/observe/observation.js';
import { makeObservation, NO_SAMPLES } from '../../fixtures/observation.js';


describe('integrityVerdicts', () => {
  it('adds nothing when requests were sent, reached an upstream and were all accounted for', () => {
    expect(integrityVerdicts(makeObservation())).toEqual([]);
  });

  it('fails a load bounded by a request count that did not send them all, and says by how many', () => {
    const short = makeObservation({ client: { sent: 360_000, statusCounts: { '200': 360_000 }, failed: {}, declaredRequests: 1_000_000 }, accessLog: { lines: 360_000, statusCounts: { '200': 360_000 } } });
    expect(integrityVerdicts(short)).toMatchObject([{ expectation: 'load.requests', result: 'fail', source: 'client', measured: expect.stringMatching(/^360000 of 1000000 sent before the load's time bound \(300 s/) }]);
    const whole = makeObservation({ client: { sent: 400, statusCounts: { '200': 400 }, failed: {}, declaredRequests: 400 }, accessLog: { lines: 400, statusCounts: { '200': 400 } } });
    expect(integrityVerdicts(whole)).toEqual([]);
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

function withSchedule(schedule: Partial<ScheduleObservation>) {
  const base = makeObservation();
  const full: ScheduleObservation = {
    process: 'constant', intended: 1000, started: 1000, late: 0, dropped: 0, lateThresholdMs: 10,
    declaredPerSecond: 100, deliveredPerSecond: 100, maxInFlight: 64, peakInFlight: 12, connectionsOpened: 12, lateness: NO_SAMPLES, ...schedule,
  };
  return { ...base, client: { ...base.client, schedule: full } };
}

const verdictOf = (o: ReturnType<typeof withSchedule>) => integrityVerdicts(o).find((v) => v.expectation === 'load.arrival_rate');

describe('integrityVerdicts: did the open model deliver its declared arrivals', () => {
  it('passes when every start went out, at most 1% of them late', () => {
    expect(verdictOf(withSchedule({ late: 1000 * MAX_LATE_SHARE }))?.result).toBe('pass');
  });

  it('fails on one dropped start, and on more than 1% late, saying what was delivered', () => {
    const dropped = verdictOf(withSchedule({ started: 999, dropped: 1, deliveredPerSecond: 99.9 }))!;
    expect(dropped.result).toBe('fail');
    expect(dropped.measured).toContain('999 of 1000 intended starts sent (99.9 of 100 req/s), 1 dropped');
    expect(verdictOf(withSchedule({ late: 11 }))?.result).toBe('fail');
  });

  it('says nothing about the schedule of a closed-model load', () => {
    expect(integrityVerdicts(makeObservation()).some((v) => v.expectation === 'load.arrival_rate')).toBe(false);
  });
});
