import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../harness/expect/binomial.js';
import { EarlyDecision } from '../../../harness/gate/early-decision.js';
import { seededRandom } from '../../../harness/seeded-random.js';

const PLANNED = 401;

/** progress after `ok` 200s, `bad` 502s and `lost` requests without a response */
const progress = (ok: number, bad: number, lost = 0) => ({ responses: ok + bad, statusCounts: { ...(ok > 0 ? { 200: ok } : {}), ...(bad > 0 ? { 502: bad } : {}) }, failed: lost });

/** Looks after every finished request, as progress ticks may: where it stopped (requests, failures), or undefined. */
function run(outcomes: boolean[]): { finished: number; failures: number } | undefined {
  const decision = new EarlyDecision({ failed: '<= 1%' }, 0.95, PLANNED);
  let ok = 0;
  let bad = 0;
  for (const failed of outcomes) {
    if (failed) bad++;
    else ok++;
    if (decision.look(progress(ok, bad))) return { finished: ok + bad, failures: bad };
  }
  return undefined;
}

/** The run's own verdict on a "<= 1%" share (judge.ts): fails when the whole interval is above it. */
const fails = (count: number, total: number) => wilsonInterval(count, total, 0.95).lowPct > 1;

describe('EarlyDecision', () => {
  it('stops a mode whose every request fails once the planned load could no longer hold the budget, saying why', () => {
    const decision = new EarlyDecision({ failed: '<= 1%' }, 0.95, PLANNED);
    let n = 0;
    while (!decision.look(progress(0, ++n)) && n < PLANNED);
    expect(n).toBeLessThan(15);
    expect(fails(n, PLANNED)).toBe(true);
    expect(fails(n - 1, PLANNED)).toBe(false);
    expect(new EarlyDecision({ failed: '<= 1%' }, 0.95, PLANNED).look(progress(0, n))?.reason).toMatch(new RegExp(`^failed ${n} of ${n}: over the 401 planned at least 1\\.\\d+% \\(95% CI\\), budget <= 1%$`));
  });

  it('never stops a clean run, nor one whose share holds the budget or sits near it', () => {
    expect(run(Array.from({ length: PLANNED }, () => false))).toBeUndefined();
    expect(run(Array.from({ length: PLANNED }, (_, i) => i % 200 === 199))).toBeUndefined(); // 0.5%
    expect(run(Array.from({ length: PLANNED }, (_, i) => i % 60 === 59))).toBeUndefined(); // 1.7%: inconclusive on 401
  });

  it('a burst of failures first (a bad replica before nginx marks it down) stops it only when the whole load would fail', () => {
    // 7 failures at once, then none: 7 of 401 is inconclusive, so the load goes on to the end
    expect(run([...Array.from({ length: 7 }, () => true), ...Array.from({ length: PLANNED - 7 }, () => false)])).toBeUndefined();
    expect(run([...Array.from({ length: 12 }, () => true), ...Array.from({ length: PLANNED - 12 }, () => false)])).toBeDefined();
  });

  it('whenever it stops, the whole load and the requests sent both fail the budget, at any share', () => {
    const random = seededRandom(42);
    let stops = 0;
    for (const share of [0.005, 0.01, 0.02, 0.05, 0.3, 1]) {
      for (let r = 0; r < 100; r++) {
        const outcomes = Array.from({ length: PLANNED }, () => random() < share);
        const stop = run(outcomes);
        if (!stop) continue;
        stops++;
        const total = outcomes.filter(Boolean).length;
        expect(fails(total, PLANNED), `share ${share}`).toBe(true);
        expect(fails(stop.failures, stop.finished), `share ${share}`).toBe(true);
      }
    }
    expect(stops).toBeGreaterThan(250);
  });

  it('counts requests without a response and 5xx in "failed", and reads status budgets by code and class', () => {
    expect(new EarlyDecision({ failed: '<= 1%' }, 0.95, PLANNED).look(progress(0, 0, 12))?.reason).toMatch(/^failed 12 of 12/);
    expect(new EarlyDecision({ status: { '502': '< 1%' } }, 0.95, PLANNED).look({ responses: 12, statusCounts: { 504: 12 }, failed: 0 })).toBeUndefined();
    expect(new EarlyDecision({ status: { '5xx': '< 1%' } }, 0.95, PLANNED).look({ responses: 12, statusCounts: { 504: 12 }, failed: 0 })?.reason).toMatch(/^5xx 12 of 12/);
  });

  it('stops a count budget as soon as the count passes it', () => {
    expect(new EarlyDecision({ transport_errors: '<= 0' }, 0.95, PLANNED).look(progress(3, 0, 1))?.reason).toBe('errors 1 of 4, budget <= 0');
    const decision = new EarlyDecision({ status: { '502': '<= 5' } }, 0.95, PLANNED);
    expect(decision.look(progress(0, 5))).toBeUndefined();
    expect(decision.look(progress(0, 6))?.reason).toBe('502 6 of 6, budget <= 5');
  });
});
