import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS_OPTIONS, limitCases } from '../../../bench/limits.js';

describe('limitCases', () => {
  it('runs the format maximums by default: 1,000 connections, 1,000,000 requests, 300 s', () => {
    const cases = limitCases(DEFAULT_LIMITS_OPTIONS);
    expect(cases.map((c) => c.name)).toEqual(['connections-1000', 'requests-1000000', 'duration-300s']);
    expect(cases.map((c) => c.load)).toEqual([
      { connections: 1000, duration: '10s' },
      { connections: 64, requests: 1_000_000 },
      { connections: 16, duration: '300s' },
    ]);
  });

  it('picks cases by name prefix (--limits=requests,duration) and shrinks them on request', () => {
    const cases = limitCases({ ...DEFAULT_LIMITS_OPTIONS, cases: ['requests', 'dur'], requests: 5000, duration: '20s' });
    expect(cases.map((c) => c.name)).toEqual(['requests-5000', 'duration-20s']);
    expect(cases[0]!.label).toBe('5,000 requests, 64 connections (upstream keepalive 64)');
  });
});
