import { describe, expect, it } from 'vitest';
import { countOf, judge } from '../../../harness/expect/judge.js';
import { DEFAULT_JUDGE_CONTEXT } from '../../../harness/expect/verdict.js';
import { verdictLine } from '../../../harness/report/report-facts.js';

const share = (count: number, total: number) => (c: Parameters<typeof countOf>[2]) => countOf(count, total, c, 'none');
const failed = (count: number, total: number, budget: string) => judge('failed', budget, 'client', ['share'], share(count, total), DEFAULT_JUDGE_CONTEXT);

describe('verdictLine', () => {
  it('names the count that would decide an inconclusive share when a scenario can send it', () => {
    expect(verdictLine(failed(0, 300, '<= 0.1%'))).toMatch(/\(inconclusive; about 38\d\d requests would decide it\)$/);
  });

  it('says a share a hair from its budget is too close for any count to decide, instead of naming millions', () => {
    const line = verdictLine(failed(4, 401, '<= 1%'));
    expect(line).toContain('(inconclusive; the share is too close to the threshold for a count a scenario can send to decide it)');
    expect(line).not.toMatch(/\d{7,} requests/);
  });

  it('adds nothing to a decided share', () => {
    expect(verdictLine(failed(0, 1000, '<= 1%'))).toBe('failed: expected <= 1%, measured 0% (0 of 1000) · 95% CI 0%–0.383%');
  });
});
