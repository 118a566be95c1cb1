import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../harness/expect/evaluate.js';
import type { Verdict } from '../../../harness/expect/verdict.js';
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
      expectation: 'status.504', expected: '100%', measured: '100% (412 of 412)', measuredValue: 100, pass: true, source: 'client',
    });
  });

  it('fails 98.9% against ">= 99%" and passes 99.0%', () => {
    const fail = only(evaluate({ status: { '504': '>= 99%' } }, makeObservation({ client: { statusCounts: { '504': 989, '200': 11 } } })));
    expect(fail).toMatchObject({ pass: false, measured: '98.9% (989 of 1000)', measuredValue: 98.9 });
    const pass = only(evaluate({ status: { '504': '>= 99%' } }, makeObservation({ client: { statusCounts: { '504': 990, '200': 10 } } })));
    expect(pass).toMatchObject({ pass: true, measured: '99% (990 of 1000)' });
  });

  it('never shows a rounded share that reads as passing when it fails', () => {
    const obs = makeObservation({ client: { statusCounts: { '504': 9996, '200': 4 } } });
    const verdict = only(evaluate({ status: { '504': '>= 99.97%' } }, obs));
    expect(verdict.pass).toBe(false);
    expect(verdict.measured).toBe('99.96% (9996 of 10000)');
    const nearly = only(evaluate({ status: { '504': '100%' } }, makeObservation({ client: { statusCounts: { '504': 99_999, '200': 1 } } })));
    expect(nearly.pass).toBe(false);
    expect(nearly.measured).not.toMatch(/^100%/);
  });

  it('counts requests without a status in the total', () => {
    const obs = makeObservation({ client: { statusCounts: { '504': 99 }, transportErrors: { timeout: 1 } } });
    const verdict = only(evaluate({ status: { '504': '100%' } }, obs));
    expect(verdict).toMatchObject({ pass: false, measured: '99% (99 of 100)', measuredValue: 99 });
  });

  it('sums a class like 5xx, by share and by count', () => {
    const obs = makeObservation({ client: { statusCounts: { '502': 3, '504': 5, '200': 2 } } });
    const [share, count, none] = evaluate({ status: { '5xx': '>= 80%', '2xx': '== 2', '4xx': 0 } }, obs);
    expect(share).toMatchObject({ expectation: 'status.5xx', pass: true, measured: '80% (8 of 10)', measuredValue: 80 });
    expect(count).toMatchObject({ expectation: 'status.2xx', pass: true, measured: '2 (20% of 10)', measuredValue: 2 });
    expect(none).toMatchObject({ expectation: 'status.4xx', pass: true, measured: '0 (0% of 10)', measuredValue: 0 });
  });

  it('fails a share when no request completed, but still compares a count', () => {
    const obs = makeObservation({ client: { statusCounts: {}, transportErrors: {} } });
    const [share, count] = evaluate({ status: { '200': '100%', '5xx': 0 } }, obs);
    expect(share).toMatchObject({ pass: false, measured: 'no requests completed', measuredValue: null });
    expect(count).toMatchObject({ pass: true, measured: '0 (no requests completed)', measuredValue: 0 });
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

  it('fails with "no samples" when nothing was measured', () => {
    const obs = makeObservation({ accessLog: { upstreamResponseTime: NO_SAMPLES } });
    expect(only(evaluate({ upstream_response_time: { p99: '< 1s' } }, obs))).toEqual({
      expectation: 'upstream_response_time.p99', expected: '< 1s', measured: 'no samples', measuredValue: null, pass: false, source: 'access_log',
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
