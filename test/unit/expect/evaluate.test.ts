import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../harness/expect/evaluate.js';
import type { Verdict } from '../../../harness/expect/verdict.js';
import type { Observation } from '../../../harness/observe/observation.js';
import type { Expectations } from '../../../harness/scenario/schema.js';
import { makeErrorLogLine, makeObservation, makeTiming, NO_SAMPLES } from '../../fixtures/observation.js';

function only(verdicts: Verdict[]): Verdict {
  expect(verdicts).toHaveLength(1);
  return verdicts[0]!;
}

describe('evaluate: status', () => {
  it('passes "100%" when every request got the code', () => {
    const obs = makeObservation({ client: { statusCounts: { '504': 412 } } });
    expect(only(evaluate({ status: { '504': '100%' } }, obs))).toEqual({
      expectation: 'status.504', expected: '100%', measured: '100% (412 of 412)', measuredValue: 100, pass: true, result: 'pass', source: 'client',
    });
  });

  it('decides ">= 99%" on the interval: 98.9% or 99.0% of 1000 cannot tell, 99.9% passes, 97% fails', () => {
    const near = only(evaluate({ status: { '504': '>= 99%' } }, makeObservation({ client: { statusCounts: { '504': 989, '200': 11 } } })));
    expect(near).toMatchObject({ pass: false, result: 'inconclusive', measured: '98.9% (989 of 1000) · 95% CI 98%–99.4%', measuredValue: 98.9 });
    const edge = only(evaluate({ status: { '504': '>= 99%' } }, makeObservation({ client: { statusCounts: { '504': 990, '200': 10 } } })));
    expect(edge).toMatchObject({ result: 'inconclusive', measured: '99% (990 of 1000) · 95% CI 98.2%–99.5%' });
    expect(edge.requestsToDecide).toBeUndefined();
    const pass = only(evaluate({ status: { '504': '>= 99%' } }, makeObservation({ client: { statusCounts: { '504': 999, '200': 1 } } })));
    expect(pass).toMatchObject({ pass: true, result: 'pass' });
    const fail = only(evaluate({ status: { '504': '>= 99%' } }, makeObservation({ client: { statusCounts: { '504': 970, '200': 30 } } })));
    expect(fail).toMatchObject({ pass: false, result: 'fail' });
  });

  it('never shows a rounded share that reads as passing when it fails', () => {
    const obs = makeObservation({ client: { statusCounts: { '504': 9996, '200': 4 } } });
    const verdict = only(evaluate({ status: { '504': '>= 99.97%' } }, obs));
    expect(verdict.pass).toBe(false);
    expect(verdict.measured).toMatch(/^99\.96% \(9996 of 10000\)/);
    const nearly = only(evaluate({ status: { '504': '100%' } }, makeObservation({ client: { statusCounts: { '504': 99_999, '200': 1 } } })));
    expect(nearly.pass).toBe(false);
    expect(nearly.measured).not.toMatch(/^100%/);
  });

  it('counts every request sent in the total, also those without a complete response', () => {
    const obs = makeObservation({ client: { statusCounts: { '504': 99 }, failed: { timeout: 1 } } });
    const verdict = only(evaluate({ status: { '504': '100%' } }, obs));
    expect(verdict).toMatchObject({ pass: false, measured: '99% (99 of 100)', measuredValue: 99 });
  });

  it('sums a class like 5xx, by share and by count', () => {
    const obs = makeObservation({ client: { statusCounts: { '502': 3, '504': 5, '200': 2 } } });
    const [share, count, none] = evaluate({ status: { '5xx': '>= 30%', '2xx': '== 2', '4xx': 0 } }, obs);
    expect(share).toMatchObject({ expectation: 'status.5xx', pass: true, measured: '80% (8 of 10) · 95% CI 49%–94.3%', measuredValue: 80 });
    expect(count).toMatchObject({ expectation: 'status.2xx', pass: true, measured: '2 (20% of 10)', measuredValue: 2 });
    expect(none).toMatchObject({ expectation: 'status.4xx', pass: true, measured: '0 (0% of 10)', measuredValue: 0 });
  });

  it('compares neither a share nor a count when no request was sent: "5xx: 0" on nothing is not a pass', () => {
    const obs = makeObservation({ client: { statusCounts: {}, failed: {} } });
    const [share, count] = evaluate({ status: { '200': '100%', '5xx': 0 } }, obs);
    expect(share).toMatchObject({ pass: false, result: 'inconclusive', measured: 'no request was sent', measuredValue: null });
    expect(count).toMatchObject({ pass: false, result: 'inconclusive', measured: 'no request was sent', measuredValue: null });
  });

  it('does not count a truncated 200 as a 200: its share is of every request sent', () => {
    const obs = makeObservation({ client: { statusCounts: { '200': 10 }, failed: { truncated: 90 }, truncatedStatuses: { '200': 90 } } });
    expect(only(evaluate({ status: { '200': '100%' } }, obs))).toMatchObject({ pass: false, measured: '10% (10 of 100)' });
  });
});

describe('evaluate: error_log', () => {
  const obs = makeObservation({
    errorLog: {
      total: 5,
      signatureCounts: { 'upstream-timed-out-reading-header': 3, unknown: 2 },
      levelCounts: { error: 5 },
      lines: [
        makeErrorLogLine(),
        makeErrorLogLine({ signature: 'unknown', message: 'something new' }),
        makeErrorLogLine({ signature: 'unknown', message: 'something else' }),
      ],
    },
  });

  it('counts lines per signature, a missing signature as 0', () => {
    const verdicts = evaluate({
      error_log: { 'upstream-timed-out-reading-header': '>= 1', 'connect-refused': 0, 'upstream-prematurely-closed': '>= 1' },
    }, obs);
    expect(verdicts.map((v) => [v.expectation, v.measured, v.measuredValue, v.pass, v.source])).toEqual([
      ['error_log.upstream-timed-out-reading-header', '3 lines', 3, true, 'error_log'],
      ['error_log.connect-refused', '0 lines', 0, true, 'error_log'],
      ['error_log.upstream-prematurely-closed', '0 lines', 0, false, 'error_log'],
    ]);
  });

  it('counts lines with an unknown signature', () => {
    expect(only(evaluate({ error_log: { unknown: 0 } }, obs))).toMatchObject({ measured: '2 lines', measuredValue: 2, pass: false });
  });
});

describe('evaluate: timings', () => {
  it('compares client latency percentiles', () => {
    const obs = makeObservation({ client: { latency: makeTiming({ p50Ms: 1020, p99Ms: 40, p999Ms: 55, maxMs: 60, meanMs: 12 }) } });
    const verdicts = evaluate({ latency: { p50: '>= 1s', p99: '< 50ms', 'p99.9': '< 50ms', max: '<= 60ms', mean: '< 1s' } }, obs);
    expect(verdicts.map((v) => [v.expectation, v.measured, v.pass, v.source])).toEqual([
      ['latency.p50', '1.02s', true, 'client'],
      ['latency.p99', '40ms', true, 'client'],
      ['latency.p99.9', '55ms', false, 'client'],
      ['latency.max', '60ms', true, 'client'],
      ['latency.mean', '12ms', true, 'client'],
    ]);
  });

  it('reads upstream timings from the access log', () => {
    const obs = makeObservation({ accessLog: { upstreamHeaderTime: makeTiming({ p50Ms: 2000 }), upstreamConnectTime: makeTiming({ p99Ms: 2 }) } });
    const verdicts = evaluate({ upstream_header_time: { p50: '>= 2s' }, upstream_connect_time: { p99: '< 10ms' } }, obs);
    expect(verdicts.map((v) => [v.expectation, v.measured, v.measuredValue, v.pass, v.source])).toEqual([
      ['upstream_header_time.p50', '2s', 2000, true, 'access_log'],
      ['upstream_connect_time.p99', '2ms', 2, true, 'access_log'],
    ]);
  });

  it('does not round a duration across the threshold', () => {
    const obs = makeObservation({ client: { latency: makeTiming({ p99Ms: 1499.9996 }) } });
    const verdict = only(evaluate({ latency: { p99: '< 1.5s' } }, obs));
    expect(verdict.pass).toBe(true);
    expect(verdict.measured).not.toBe('1.5s');
  });

  it('is inconclusive with "no samples" when nothing was measured', () => {
    const obs = makeObservation({ accessLog: { upstreamResponseTime: NO_SAMPLES } });
    expect(only(evaluate({ upstream_response_time: { p99: '< 1s' } }, obs))).toEqual({
      expectation: 'upstream_response_time.p99', expected: '< 1s', measured: 'no samples', measuredValue: null, pass: false, result: 'inconclusive', source: 'access_log',
    });
  });
});

describe('evaluate: order and robustness', () => {
  it('keeps the order the expectations were written in', () => {
    const expectations: Expectations = { error_log: { 'upstream-timed-out-reading-header': 0 }, latency: { p99: '< 1s' }, status: { '200': '100%' } };
    expect(evaluate(expectations, makeObservation()).map((v) => v.expectation)).toEqual([
      'error_log.upstream-timed-out-reading-header', 'latency.p99', 'status.200',
    ]);
  });

  it('returns nothing for no expectations', () => {
    expect(evaluate({}, makeObservation())).toEqual([]);
  });

  it('fails instead of throwing on a comparison the schema would have rejected', () => {
    const verdicts = evaluate({ status: { '504': '5O4%' }, latency: { p99: '5' }, error_log: { x: '50%' } }, makeObservation());
    expect(verdicts.every((v) => !v.pass && v.measuredValue === null)).toBe(true);
    expect(verdicts.map((v) => v.expected)).toEqual(['5O4%', '5', '50%']);
    expect(verdicts[1]!.measured).toMatch(/not compared: 5 is a count/);
  });
});

describe('evaluate: transport_errors', () => {
  const obs = makeObservation({ client: { statusCounts: { '200': 90 }, failed: { timeout: 6, ECONNRESET: 4 } } });

  it('counts requests without a complete response, out of every request sent', () => {
    expect(only(evaluate({ transport_errors: 0 }, obs))).toEqual({
      expectation: 'transport_errors', expected: '0', measured: '10 (10% of 100)', measuredValue: 10, pass: false, result: 'fail', source: 'client',
    });
    expect(only(evaluate({ transport_errors: '== 10' }, obs))).toMatchObject({ measuredValue: 10, pass: true });
    expect(only(evaluate({ transport_errors: 0 }, makeObservation()))).toEqual({
      expectation: 'transport_errors', expected: '0', measured: '0 (0% of 100)', measuredValue: 0, pass: true, result: 'pass', source: 'client',
    });
  });

  it('counts unanswered requests, cut bodies and answers that were not HTTP as failed', () => {
    const lost = makeObservation({ client: { statusCounts: { '200': 105 }, failed: { 'no-response': 3186, truncated: 5, 'invalid-response': 4 } } });
    expect(only(evaluate({ transport_errors: 0 }, lost))).toMatchObject({ measuredValue: 3195, pass: false });
    expect(only(evaluate({ status: { '200': '100%' } }, lost))).toMatchObject({ measured: '3.2% (105 of 3300)', pass: false });
  });

  it('compares a share of every request sent, decided on its interval', () => {
    expect(only(evaluate({ transport_errors: '<= 30%' }, obs))).toMatchObject({
      expectation: 'transport_errors', expected: '<= 30%', measuredValue: 10, pass: true, result: 'pass',
    });
    expect(only(evaluate({ transport_errors: '< 10%' }, obs))).toMatchObject({ result: 'inconclusive', pass: false });
    expect(only(evaluate({ transport_errors: '< 1%' }, obs))).toMatchObject({ result: 'fail', pass: false });
  });

  it('compares nothing when no request was sent', () => {
    const none = makeObservation({ client: { statusCounts: {}, failed: {} } });
    expect(only(evaluate({ transport_errors: '0%' }, none))).toMatchObject({ measured: 'no request was sent', measuredValue: null, result: 'inconclusive' });
    expect(only(evaluate({ transport_errors: 0 }, none))).toMatchObject({ measured: 'no request was sent', measuredValue: null, result: 'inconclusive' });
  });
});

describe('evaluate: failed', () => {
  it('adds 5xx responses to requests without a complete response', () => {
    const obs = makeObservation({ client: { statusCounts: { '200': 990, '502': 4 }, failed: { 'no-response': 6 } } });
    expect(only(evaluate({ failed: 10 }, obs))).toMatchObject({ measured: '10 (1% of 1000)', pass: true });
    expect(only(evaluate({ failed: '<= 5%' }, obs))).toMatchObject({ result: 'pass' });
    expect(only(evaluate({ failed: '<= 0.1%' }, obs))).toMatchObject({ result: 'fail' });
  });

  it('does not compare a duration', () => {
    expect(only(evaluate({ transport_errors: '< 1s' }, makeObservation()))).toMatchObject({
      measured: 'not compared: < 1s is a duration; transport_errors needs a share or count', measuredValue: null, pass: false,
    });
  });
});

describe('evaluate: upstream_status', () => {
  const obs = makeObservation({ accessLog: { upstreamStatusSequences: { '200': 95, '502, 200': 3, '504': 2 } } });

  it('counts requests per $upstream_status sequence as logged', () => {
    const verdicts = evaluate({ upstream_status: { '502, 200': '>= 1', '502, 502': 0, '504': '== 3' } }, obs);
    expect(verdicts).toEqual([
      // integer-like keys come first (see the note in evaluate.ts)
      { expectation: 'upstream_status.504', expected: '== 3', measured: '2 (2% of 100)', measuredValue: 2, pass: false, result: 'fail', source: 'access_log' },
      { expectation: 'upstream_status.502, 200', expected: '>= 1', measured: '3 (3% of 100)', measuredValue: 3, pass: true, result: 'pass', source: 'access_log' },
      { expectation: 'upstream_status.502, 502', expected: '0', measured: '0 (0% of 100)', measuredValue: 0, pass: true, result: 'pass', source: 'access_log' },
    ]);
  });

  it('compares a share of the access log lines with a sequence', () => {
    expect(only(evaluate({ upstream_status: { '502, 200': '3%' } }, obs))).toEqual({
      expectation: 'upstream_status.502, 200', expected: '3%', measured: '3% (3 of 100)', measuredValue: 3, pass: true, result: 'pass', source: 'access_log',
    });
    expect(only(evaluate({ upstream_status: { '200': '>= 96%' } }, obs))).toMatchObject({ measured: '95% (95 of 100) · 95% CI 88.8%–97.8%', measuredValue: 95, pass: false });
  });

  it('compares neither a share nor a count when the access log has no requests', () => {
    const empty = makeObservation({ accessLog: { upstreamStatusSequences: {} } });
    expect(only(evaluate({ upstream_status: { '200': '100%' } }, empty))).toMatchObject({ measured: 'no requests in the access log', measuredValue: null, result: 'inconclusive' });
    expect(only(evaluate({ upstream_status: { '502': 0 } }, empty))).toMatchObject({ measured: 'no requests in the access log', measuredValue: null, result: 'inconclusive' });
  });
});

describe('evaluate: backends', () => {
  type Facts = Observation['containers'][number];
  const replica = (n: number, facts: Partial<Facts> = {}): Facts => ({
    name: `bg-app-${n}`, role: 'backend', backend: 'app', replica: n, image: 'node:22-alpine', running: true, exitCode: null, oomKilled: false,
    restartCount: 0, exitCodes: [], appLogLines: 0, logTail: [], served: { connections: 5, requests: 100, cpuSeconds: 0.5 }, ...facts,
  });
  const nginx: Facts = {
    name: 'bg-nginx', role: 'nginx', image: 'nginx:1.28.0-alpine', running: true, exitCode: 0, oomKilled: true, restartCount: 9, exitCodes: [], appLogLines: 9, logTail: [], served: null,
  };
  const other: Facts = { ...replica(1), name: 'bg-db-1', backend: 'db', exitCode: 1, oomKilled: true, restartCount: 7, appLogLines: 7, served: { connections: 99, requests: 1, cpuSeconds: 9 } };
  const withReplicas = (...replicas: Facts[]) => makeObservation({ containers: [nginx, ...replicas, other], timings: { loadMs: 2000 } });

  it('oom_killed: true when any replica was OOM-killed', () => {
    const obs = withReplicas(replica(1), replica(2, { oomKilled: true, running: false, exitCode: 137 }));
    expect(only(evaluate({ backends: { app: { oom_killed: true } } }, obs))).toEqual({
      expectation: 'backends.app.oom_killed', expected: 'true', measured: '1 of 2 replica(s) OOM-killed', measuredValue: 1, pass: true, result: 'pass', source: 'container',
    });
    expect(only(evaluate({ backends: { app: { oom_killed: false } } }, obs))).toMatchObject({ expected: 'false', measuredValue: 1, pass: false });
  });

  it('oom_killed: false when none was, other backends and nginx not counted', () => {
    const obs = withReplicas(replica(1), replica(2));
    expect(only(evaluate({ backends: { app: { oom_killed: false } } }, obs))).toEqual({
      expectation: 'backends.app.oom_killed', expected: 'false', measured: 'not OOM-killed', measuredValue: 0, pass: true, result: 'pass', source: 'container',
    });
    expect(only(evaluate({ backends: { app: { oom_killed: true } } }, obs))).toMatchObject({ measured: 'not OOM-killed', measuredValue: 0, pass: false });
  });

  it('exit_code: the highest code of the replicas that exited', () => {
    const obs = withReplicas(replica(1, { exitCode: 0, running: false }), replica(2, { exitCode: 137, running: false }), replica(3));
    expect(only(evaluate({ backends: { app: { exit_code: 137 } } }, obs))).toEqual({
      expectation: 'backends.app.exit_code', expected: '137', measured: '137', measuredValue: 137, pass: true, result: 'pass', source: 'container',
    });
    expect(only(evaluate({ backends: { app: { exit_code: 0 } } }, obs))).toMatchObject({ measured: '137', measuredValue: 137, pass: false });
  });

  it('exit_code: not measured when no replica exited', () => {
    expect(only(evaluate({ backends: { app: { exit_code: 0 } } }, withReplicas(replica(1), replica(2))))).toEqual({
      expectation: 'backends.app.exit_code', expected: '0', measured: 'no replica exited', measuredValue: null, pass: false, result: 'inconclusive', source: 'container',
    });
  });

  it('restarts and app_log_lines: summed over the replicas', () => {
    const obs = withReplicas(replica(1, { restartCount: 2, appLogLines: 3 }), replica(2, { restartCount: 3, appLogLines: 4 }));
    expect(evaluate({ backends: { app: { restarts: '>= 5', app_log_lines: 0 } } }, obs)).toEqual([
      { expectation: 'backends.app.restarts', expected: '>= 5', measured: '5', measuredValue: 5, pass: true, result: 'pass', source: 'container' },
      { expectation: 'backends.app.app_log_lines', expected: '0', measured: '7 lines', measuredValue: 7, pass: false, result: 'fail', source: 'container' },
    ]);
    const one = withReplicas(replica(1, { appLogLines: 1 }));
    expect(only(evaluate({ backends: { app: { app_log_lines: 1 } } }, one))).toMatchObject({ measured: '1 line', measuredValue: 1, pass: true });
  });

  it('cpu_cores: CPU seconds of all replicas over the load time', () => {
    // (0.5 + 1) s of CPU in 2 s of load
    const obs = withReplicas(replica(1), replica(2, { served: { connections: 5, requests: 100, cpuSeconds: 1 } }));
    expect(only(evaluate({ backends: { app: { cpu_cores: '>= 0.7' } } }, obs))).toEqual({
      expectation: 'backends.app.cpu_cores', expected: '>= 0.7', measured: '0.75 cores', measuredValue: 0.75, pass: true, result: 'pass', source: 'container',
    });
    expect(only(evaluate({ backends: { app: { cpu_cores: '>= 1' } } }, obs))).toMatchObject({ measuredValue: 0.75, pass: false });
  });

  it('connections_per_request: new connections over requests, all replicas together', () => {
    const obs = withReplicas(replica(1, { served: { connections: 8, requests: 100, cpuSeconds: 0 } }), replica(2, { served: { connections: 2, requests: 100, cpuSeconds: 0 } }));
    expect(only(evaluate({ backends: { app: { connections_per_request: '<= 0.1' } } }, obs))).toEqual({
      expectation: 'backends.app.connections_per_request', expected: '<= 0.1', measured: '0.050 (10 connections, 200 requests)', measuredValue: 0.05, pass: true, result: 'pass', source: 'container',
    });
    const perRequest = withReplicas(replica(1, { served: { connections: 50, requests: 50, cpuSeconds: 0 } }));
    expect(only(evaluate({ backends: { app: { connections_per_request: 1 } } }, perRequest))).toMatchObject({ measured: '1.000 (50 connections, 50 requests)', measuredValue: 1, pass: true });
  });

  it('a backend that did not run: every comparison fails as not measured', () => {
    const verdicts = evaluate({ backends: { cache: { restarts: 0, exit_code: 0, app_log_lines: 0, cpu_cores: '>= 0', connections_per_request: '<= 1' } } }, withReplicas(replica(1)));
    expect(verdicts.map((v) => [v.expectation, v.measured, v.measuredValue, v.pass, v.source])).toEqual([
      ['backends.cache.restarts', 'no such backend ran', null, false, 'container'],
      ['backends.cache.exit_code', 'no such backend ran', null, false, 'container'],
      ['backends.cache.app_log_lines', 'no such backend ran', null, false, 'container'],
      ['backends.cache.cpu_cores', 'no such backend ran', null, false, 'container'],
      ['backends.cache.connections_per_request', 'no such backend ran', null, false, 'container'],
    ]);
    expect(only(evaluate({ backends: { cache: { oom_killed: true } } }, withReplicas(replica(1))))).toMatchObject({ measured: 'no such backend ran', pass: false });
  });

  it('served null (no answer on the control port): cpu_cores and connections_per_request are not measured', () => {
    const obs = withReplicas(replica(1, { served: null }), replica(2, { served: null }));
    const notMeasured = 'not measured (2 of 2 replica(s) did not answer their control port)';
    expect(only(evaluate({ backends: { app: { cpu_cores: '>= 0' } } }, obs))).toEqual({
      expectation: 'backends.app.cpu_cores', expected: '>= 0', measured: notMeasured, measuredValue: null, pass: false, result: 'inconclusive', source: 'container',
    });
    expect(only(evaluate({ backends: { app: { connections_per_request: '>= 0' } } }, obs))).toEqual({
      expectation: 'backends.app.connections_per_request', expected: '>= 0', measured: notMeasured, measuredValue: null, pass: false, result: 'inconclusive', source: 'container',
    });
  });

  it('a replica that did not answer makes sums unmeasured rather than quietly smaller', () => {
    const obs = withReplicas(replica(1), replica(2, { served: null }));
    expect(only(evaluate({ backends: { app: { cpu_cores: '>= 0' } } }, obs))).toMatchObject({
      measured: 'not measured (1 of 2 replica(s) did not answer their control port)', pass: false,
    });
  });

  it('oom_killed: false fails for a backend that never ran', () => {
    const obs = withReplicas(replica(1));
    expect(only(evaluate({ backends: { nope: { oom_killed: false } } }, obs))).toMatchObject({ measured: 'no such backend ran', pass: false });
  });

  it('refuses a unit the field does not measure, without throwing', () => {
    const obs = withReplicas(replica(1));
    expect(evaluate({ backends: { app: { restarts: '0.5', connections_per_request: '10%' } } }, obs)).toEqual([
      { expectation: 'backends.app.restarts', expected: '0.5', measured: 'not compared: 0.5 is a number; backends.app.restarts needs a count', measuredValue: null, pass: false, result: 'fail', source: 'container' },
      { expectation: 'backends.app.connections_per_request', expected: '10%', measured: 'not compared: 10% is a share; backends.app.connections_per_request needs a number', measuredValue: null, pass: false, result: 'fail', source: 'container' },
    ]);
  });

  it('keeps the order written, backends among the other sections', () => {
    const expectations: Expectations = {
      upstream_status: { '200': '100%' }, backends: { app: { restarts: 0, oom_killed: false } }, transport_errors: 0, status: { '200': '100%' },
    };
    expect(evaluate(expectations, makeObservation()).map((v) => v.expectation)).toEqual([
      'upstream_status.200', 'backends.app.restarts', 'backends.app.oom_killed', 'transport_errors', 'status.200',
    ]);
  });
});
