import { describe, expect, it } from 'vitest';
import { pointOf } from '../../../harness/tune/sweep-point.js';
import { pointBudget } from '../../../harness/tune/point-budget.js';
import { recommend } from '../../../harness/tune/recommend.js';
import type { Verdict } from '../../../harness/expect/verdict.js';
import type { VariantResult } from '../../../harness/report/run-report.js';
import { makeObservation } from '../../fixtures/observation.js';

const pass: Verdict = { expectation: 'failed', expected: '<= 1%', measured: '0%', measuredValue: 0, pass: true, result: 'pass', source: 'client' };
const run = (overrides: Partial<VariantResult>): VariantResult => ({ scenario: 's', variant: 'sweep', file: 'f', outcome: 'passed', verdicts: [pass], ...overrides });

describe('pointOf', () => {
  it('counts lost, cut and unanswered requests as failed, beside 5xx responses, in the share and its interval', () => {
    const observation = makeObservation({ client: { statusCounts: { '200': 380, '502': 12, '504': 3 }, failed: { reset: 2, truncated: 1, timeout: 2 } } });
    const p = pointOf({ keepalive_timeout: '3s' }, run({ observation }), 0.95);
    expect(p).toMatchObject({ requests: 400, failed: 20, status502: 12, status504: 3, unanswered: 5, failedShare: 5, result: 'pass' });
    expect(p.failedInterval.lowPct).toBeGreaterThan(3);
    expect(p.failedInterval.highPct).toBeLessThan(8);
  });

  it('a point that sent no request is inconclusive even when every verdict passed (the 0-request point)', () => {
    const observation = makeObservation({ client: { sent: 0, responses: 0, statusCounts: {}, failed: {} } });
    const p = pointOf({ proxy_read_timeout: '1s' }, run({ observation }), 0.95);
    expect(p).toMatchObject({ requests: 0, failed: 0, failedShare: 0, result: 'inconclusive', reasons: ['no request was sent: nothing was measured'] });
    expect(p.failedInterval).toEqual({ lowPct: 0, highPct: 100, confidence: 0.95 });
    const passing = pointOf({ proxy_read_timeout: '2s' }, run({ observation: makeObservation() }), 0.95);
    // the empty point is the cheaper value, and is still never recommended
    expect(recommend([p, passing], [{ param: 'proxy_read_timeout', values: ['1s', '2s'] }], { budget: 'failed<=1%' }).values).toEqual({ proxy_read_timeout: '2s' });
  });

  it('a point that did not run is inconclusive, saying why', () => {
    const p = pointOf({ keepalive: '1' }, run({ outcome: 'error', verdicts: [], error: { kind: 'infrastructure', message: 'nginx -t failed' } as VariantResult['error'] }), 0.95);
    expect(p).toMatchObject({ requests: 0, result: 'inconclusive', reasons: ['the point did not run: nginx -t failed'] });
  });

  it('takes the budget verdicts as the gate does: one fail fails the point, else one inconclusive makes it inconclusive', () => {
    const observation = makeObservation();
    expect(pointOf({}, run({ observation, verdicts: [pass, { ...pass, result: 'inconclusive', pass: false, requestsToDecide: 460 }] }), 0.95)).toMatchObject({ result: 'inconclusive', reasons: ['failed <= 1%: inconclusive, measured 0% (about 460 requests would decide it)'] });
    expect(pointOf({}, run({ observation, verdicts: [{ ...pass, result: 'inconclusive', pass: false }, { ...pass, result: 'fail', pass: false }] }), 0.95).result).toBe('fail');
  });
});

describe('pointBudget', () => {
  it('holds requests without a response to a status-only budget, and leaves failed/errors budgets as given', () => {
    expect(pointBudget({ status: { '5xx': '<= 1%', '502': '< 0.5%' } })).toEqual({ expect: { status: { '5xx': '<= 1%', '502': '< 0.5%' }, transport_errors: '< 0.5%' }, added: 'errors < 0.5%' });
    expect(pointBudget({ failed: '<= 1%' })).toEqual({ expect: { failed: '<= 1%' } });
    expect(pointBudget({ status: { '502': '<= 5' }, transport_errors: '<= 0' })).toEqual({ expect: { status: { '502': '<= 5' }, transport_errors: '<= 0' } });
  });
});
