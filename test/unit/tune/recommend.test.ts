import { describe, expect, it } from 'vitest';
import { recommend, type SweepPoint } from '../../../harness/tune/recommend.js';
import { sweepValues } from '../../../harness/tune/sweep-values.js';
import { loadTemplate } from '../../../harness/nginx/template-registry.js';

const point = (timeout: string, share5xx: number, upstreamP99 = 800): SweepPoint => ({
  values: { proxy_read_timeout: timeout }, requests: 400, share502: 0, share504: share5xx, share5xx,
  latencyP50Ms: 200, latencyP95Ms: 600, latencyP99Ms: 900, upstreamHeaderP50Ms: 200, upstreamHeaderP99Ms: upstreamP99, upstreamHeaderSamples: 400,
});

describe('recommend', () => {
  it('takes the smallest value within the budget that is at least 1.2× the measured upstream p99', () => {
    const points = [point('400ms', 20), point('800ms', 1.2), point('900ms', 0.5), point('1s', 0.25), point('2s', 0, 810)];
    const r = recommend('proxy_read_timeout', points, 1);
    expect(r.value).toBe('1s');
    expect(r.rule).toEqual({ measuredP99Ms: 810, lowerMs: 972, upperMs: 1053 });
    expect(r.text).toContain('measured upstream p99 810ms (at proxy_read_timeout 2s, 400 samples)');
    expect(r.text).toContain('900ms already met the budget in this run but sits below the rule');
  });

  it('stays above the backend\'s own timeout', () => {
    const points = [point('1s', 0), point('2s', 0), point('3s', 0, 800)];
    expect(recommend('proxy_read_timeout', points, 1, 2000).value).toBe('3s');
  });

  it('recommends nothing when no value both meets the budget and the rule', () => {
    const r = recommend('proxy_read_timeout', [point('200ms', 40), point('500ms', 9, 700)], 1);
    expect(r.value).toBeNull();
    expect(r.text).toMatch(/^no value swept both met the budget \(1%\) and reached 840ms/);
  });

  it('for a parameter that is not a timeout, the smallest value within the budget', () => {
    const k = (v: string, s: number): SweepPoint => ({ ...point('1s', s), values: { keepalive: v } });
    expect(recommend('keepalive', [k('32', 0), k('0', 3), k('16', 0.5)], 1).value).toBe('16');
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
