import { describe, expect, it } from 'vitest';
import type { LimitFigures } from '../../../bench/limits.js';
import { renderLimitsMarkdown } from '../../../bench/render-limits.js';

const machine = { cpus: 2, cpuModel: 'cpu', memoryGb: 24, node: 'v20', images: { nginx: 'n', node: 'b' } };
const base: LimitFigures = {
  name: 'requests-1000000', label: '1000000 requests, 64 connections', outcome: 'passed', problems: [], notes: [],
  wallS: 900.5, peakRssMiB: 160, peakIsOwn: true, quartersRssMiB: [140, 141, 150, 152],
  accessLogBytes: 356_000_000, errorLogBytes: 0, sent: 1_000_000, declaredRequests: 1_000_000, loadS: 880.2,
  requestsPerSecond: 1136, accessLogLines: 1_000_000, reconciliationAgrees: true,
};

describe('renderLimitsMarkdown', () => {
  it('puts the client count beside the access log and says equal only when they are', () => {
    const md = renderLimitsMarkdown({ at: 't', machine, cases: [base, { ...base, name: 'x', accessLogLines: 999_990 }] });
    expect(md).toContain('| 1,000,000 vs 1,000,000 (equal) |');
    expect(md).toContain('| 1,000,000 vs 999,990 (DIFFER by 10) |');
    expect(md).toContain('| 1,000,000 of 1,000,000 | 880.2 s, 1,136 req/s | 900.5 s |');
    expect(md).toContain('160 MiB (140, 141, 150, 152 MiB at each quarter)');
  });

  it('lists each problem of a case that did not pass, and marks a peak that is not its own', () => {
    const failed = { ...base, outcome: 'failed', peakIsOwn: false, problems: ['fail: load.requests: expected all, measured 300000 of 1000000'] };
    const md = renderLimitsMarkdown({ at: 't', machine, cases: [failed] });
    expect(md).toContain('| failed |');
    expect(md).toContain("160 MiB (the process's peak so far)");
    expect(md).toContain('- requests-1000000: fail: load.requests: expected all, measured 300000 of 1000000');
  });

  it('prints the reconciliation notes after the problems', () => {
    const md = renderLimitsMarkdown({ at: 't', machine, cases: [{ ...base, notes: ['64 request(s) were abandoned by the client'] }] });
    expect(md).toContain('- requests-1000000: note: 64 request(s) were abandoned by the client');
  });

  it('says not measured when the run produced no observation', () => {
    const { sent: _s, accessLogLines: _a, ...none } = base;
    expect(renderLimitsMarkdown({ at: 't', machine, cases: [none] })).toContain('| not measured |');
  });
});
