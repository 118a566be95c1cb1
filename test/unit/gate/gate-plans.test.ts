import { describe, expect, it } from 'vitest';
import { requestsForBudget, sized } from '../../../harness/gate/gate-plans.js';
import type { LoadSpec } from '../../../harness/scenario/schema.js';

const load: LoadSpec = { connections: 8, duration: '2s', method: 'GET', path: '/', headers: {} };

describe('requestsForBudget', () => {
  it('asks for the requests a clean run needs to show the tightest share budget holds', () => {
    expect(requestsForBudget({ failed: '<= 1%' }, 0.95)).toBeGreaterThanOrEqual(381);
    expect(requestsForBudget({ failed: '<= 1%' }, 0.95)).toBeLessThan(420);
    expect(requestsForBudget({ failed: '<= 5%', status: { '502': '<= 1%' } }, 0.95)).toBeGreaterThanOrEqual(381);
  });
  it('asks nothing for count budgets, and caps what a tiny budget would ask', () => {
    expect(requestsForBudget({ status: { '502': '<= 5' } }, 0.95)).toBeUndefined();
    expect(requestsForBudget({ failed: '<= 0.001%' }, 0.95)).toBe(20_000);
  });
});

describe('sized', () => {
  it('bounds a plain load by the requests needed and a time cap, whichever comes first', () => {
    expect(sized(load, false, 400)).toEqual({ ...load, requests: 400, duration: '20s' });
    expect(sized({ ...load, duration: '10s' }, false, 400)).toEqual({ ...load, requests: 400, duration: '40s' });
  });
  it('leaves chaos, stages, enough requests and count budgets alone', () => {
    expect(sized(load, true, 400)).toBe(load);
    expect(sized({ ...load, stages: [{ duration: '1s' }] }, false, 400)).toEqual({ ...load, stages: [{ duration: '1s' }] });
    expect(sized({ ...load, requests: 1000 }, false, 400)).toEqual({ ...load, requests: 1000 });
    expect(sized(load, false, undefined)).toBe(load);
  });
});
