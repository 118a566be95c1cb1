import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../harness/expect/binomial.js';
import { costRanks, recommend } from '../../../harness/tune/recommend.js';
import type { SweepPoint } from '../../../harness/tune/sweep-point.js';
import { sweepValues } from '../../../harness/tune/sweep-values.js';
import { loadTemplate } from '../../../harness/nginx/template-registry.js';

const point = (values: Record<string, string>, result: SweepPoint['result'], failed = 0, requests = 400, upstreamP99 = 800): SweepPoint => ({
  values, requests, failed, status502: 0, status504: failed, unanswered: 0, failedShare: requests ? (failed / requests) * 100 : 0,
  failedInterval: wilsonInterval(failed, requests, 0.95), result, reasons: [],
  latencyP50Ms: 200, latencyP99Ms: 900, upstreamHeaderP50Ms: 200, upstreamHeaderP99Ms: upstreamP99, upstreamHeaderSamples: requests,
});
const rt = (timeout: string, result: SweepPoint['result'], failed = 0, p99 = 800) => point({ proxy_read_timeout: timeout }, result, failed, 400, p99);
const swept = (param: string, values: string[]) => ({ param, values });

describe('recommend', () => {
  it('takes the shortest passing timeout that is at least 1.2× the upstream p99 measured at the largest value', () => {
    const points = [rt('400ms', 'fail', 80), rt('800ms', 'pass'), rt('900ms', 'pass'), rt('1s', 'pass'), rt('2s', 'pass', 0, 810)];
    const r = recommend(points, [swept('proxy_read_timeout', ['400ms', '800ms', '900ms', '1s', '2s'])], { budget: 'failed<=1%' });
    expect(r.values).toEqual({ proxy_read_timeout: '1s' });
    expect(r.rules[0]).toMatchObject({ measuredP99Ms: 810, lowerMs: 972, upperMs: 1053, samples: 400 });
    expect(r.text).toContain('measured upstream p99 810ms (400 samples at proxy_read_timeout 2s)');
    expect(r.text).toContain('failed 0% (0 of 400, 95% CI 0%–0.951%) against failed<=1%');
    expect(r.text).toContain('proxy_read_timeout 800ms also met the budget in this run but breaks the rule');
  });

  it('stays above the backend\'s own timeout', () => {
    const points = [rt('1s', 'pass'), rt('2s', 'pass'), rt('3s', 'pass')];
    expect(recommend(points, [swept('proxy_read_timeout', ['1s', '2s', '3s'])], { budget: 'b', backendTimeoutMs: 2000 }).values).toEqual({ proxy_read_timeout: '3s' });
  });

  it('never recommends a point that sent no request, even when it is the cheapest and nothing else passed', () => {
    const empty = point({ proxy_read_timeout: '1s' }, 'inconclusive', 0, 0);
    const r = recommend([empty, rt('2s', 'fail', 40)], [swept('proxy_read_timeout', ['1s', '2s'])], { budget: 'failed<=1%' });
    expect(r.values).toBeNull();
    expect(r.counts).toEqual({ pass: 0, fail: 1, inconclusive: 1, belowRule: 0 });
    expect(r.text).toMatch(/^no value recommended: 2 values swept: 0 within the budget, 1 over it, 1 inconclusive; inconclusive points are never recommended/);
  });

  it('never recommends an inconclusive point (too few requests), only a passing one', () => {
    const few = point({ keepalive: '1' }, 'inconclusive', 0, 20);
    const r = recommend([few, point({ keepalive: '8' }, 'pass'), point({ keepalive: '32' }, 'pass')], [swept('keepalive', ['1', '8', '32'])], { budget: 'b' });
    // keepalive: the longest-lived pool is the cheapest (fewest new connections)
    expect(r.values).toEqual({ keepalive: '32' });
  });

  it('holds an upstream keepalive_timeout below the backend idle timeout, and says so', () => {
    const ka = (v: string, result: SweepPoint['result']) => point({ keepalive_timeout: v }, result);
    const points = [ka('1s', 'pass'), ka('1500ms', 'pass'), ka('3s', 'pass')];
    const r = recommend(points, [swept('keepalive_timeout', ['1s', '1500ms', '3s'])], { budget: 'b', backendIdleTimeoutMs: 2000 });
    expect(r.values).toEqual({ keepalive_timeout: '1500ms' });
    expect(r.text).toContain("keepalive_timeout below the backend's idle timeout 2s");
    expect(r.text).toContain('keepalive_timeout 3s also met the budget in this run but breaks the rule');
  });

  it('for a grid, the cheapest pair by both parameters, not by the first one only', () => {
    const values = { tries: ['0', '1', '2', '3'], timeout: ['0s', '1s', '5s'] };
    const grid = [swept('proxy_next_upstream_tries', values.tries), swept('proxy_next_upstream_timeout', values.timeout)];
    const p = (tries: string, timeout: string, result: SweepPoint['result']) => point({ proxy_next_upstream_tries: tries, proxy_next_upstream_timeout: timeout }, result);
    const points = values.tries.flatMap((t) => values.timeout.map((o) => p(t, o, (t === '3' && o === '1s') || (t === '2' && o === '5s') || (t === '1' && o === '0s') ? 'pass' : 'fail')));
    const r = recommend(points, grid, { budget: 'b' });
    // on each parameter's order, 0 to 1: 1 try with no time limit is 0 + 1 (0s is unlimited: the
    // most expensive), 2 tries in 5s 1/3 + 1/2, 3 tries in 1s 2/3 + 0: the cheapest together,
    // though the first parameter alone would pick 1 try
    expect(r.values).toEqual({ proxy_next_upstream_tries: '3', proxy_next_upstream_timeout: '1s' });
    expect(r.text).toMatch(/^proxy_next_upstream_tries 3 × proxy_next_upstream_timeout 1s: the cheapest pair within the budget/);
    expect(r.text).toContain('12 pairs swept: 3 within the budget, 9 over it, 0 inconclusive');
  });
});

describe('costRanks', () => {
  it('puts 0 ("no limit") last for retries and their time limit, and the longest keep-alive first', () => {
    expect([...costRanks(swept('proxy_next_upstream_tries', ['0', '3', '1'])).entries()]).toEqual([['1', 0], ['3', 1], ['0', 2]]);
    expect([...costRanks(swept('proxy_next_upstream_timeout', ['0s', '10s', '2s'])).entries()]).toEqual([['2s', 0], ['10s', 1], ['0s', 2]]);
    expect([...costRanks(swept('keepalive_timeout', ['1s', '4s', '2s'])).entries()]).toEqual([['4s', 0], ['2s', 1], ['1s', 2]]);
    expect([...costRanks(swept('proxy_buffering', ['off', 'on'])).entries()]).toEqual([['off', 0], ['on', 1]]);
  });
});

describe('sweepValues', () => {
  const params = loadTemplate('reverse-proxy')!.params;

  it('spreads a range evenly and writes values as nginx takes them', () => {
    expect(sweepValues('proxy_read_timeout', params.proxy_read_timeout!, '200ms..2s/4')).toEqual({ ok: true, value: ['200ms', '800ms', '1400ms', '2s'] });
    expect(sweepValues('keepalive', params.keepalive!, '0..32/3')).toEqual({ ok: true, value: ['0', '16', '32'] });
  });

  it('checks every value against the parameter type, so nothing unchecked reaches nginx.conf', () => {
    expect(sweepValues('proxy_read_timeout', params.proxy_read_timeout!, '1s,2s; include /etc/passwd')).toMatchObject({ ok: false });
    expect(sweepValues('proxy_read_timeout', params.proxy_read_timeout!, '2s..1s/3')).toEqual({ ok: false, error: '--sweep proxy_read_timeout=2s..1s/3: "2s..1s" is not a rising range of durations' });
    expect(sweepValues('proxy_read_timeout', params.proxy_read_timeout!, '1ms..1h/21')).toMatchObject({ ok: false });
  });
});
