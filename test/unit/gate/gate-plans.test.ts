import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../../harness/cli/load-plans.js';
import { failureModeOf } from '../../../harness/gate/failure-modes.js';
import { gatePlans, requestsForBudget, sized } from '../../../harness/gate/gate-plans.js';
import { loadUserConfig } from '../../../harness/nginx/user-config/load-user-config.js';
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

const httpModes = (await loadScenarios(['scenarios/'])).filter((s) => !s.scenario.backends.some((b) => b.server?.kind === 'php-fpm'));

describe('gatePlans: which modes may stop once their budget is broken', () => {
  const scenarios = httpModes;
  const plansFor = (budget: string) => gatePlans({
    scenarios, modes: scenarios.map(failureModeOf), config: loadUserConfig('examples/nginx/nginx.conf'),
    budget: { failed: budget }, confidence: 0.95, upstreams: {}, loadOverride: {},
  });

  it('a load sized to a share budget, closed or open, without chaos or stages; never one with chaos or stages', () => {
    const plans = plansFor('<= 1%');
    const stopping = plans.filter((p) => p.earlyStop !== undefined);
    expect(stopping.map((p) => p.scenario.name)).toEqual(expect.arrayContaining(['gunicorn-worker-timeout', 'keepalive-race-rare', 'upstream-keepalive-default', 'uvicorn-blocking-call']));
    expect(stopping.every((p) => p.earlyStop!.confidence === 0.95 && p.chaos.length === 0 && !p.load.stages && p.load.requests! >= 401)).toBe(true);
    const timed = plans.filter((p) => p.chaos.length > 0 || p.load.stages);
    expect(timed.map((p) => p.scenario.name)).toEqual(expect.arrayContaining(['rolling-deploy', 'restart-storm', 'traffic-step', 'backend-slowdown-open-load']));
    expect(timed.filter((p) => p.earlyStop !== undefined)).toEqual([]);
  });

  it('none for a count budget, which sizes no load, nor beside a baseline, where the comparison decides', () => {
    expect(plansFor('<= 3').filter((p) => p.earlyStop !== undefined)).toEqual([]);
    const config = loadUserConfig('examples/nginx/nginx.conf');
    const compared = gatePlans({ scenarios, modes: scenarios.map(failureModeOf), config, baseline: config, budget: { failed: '<= 1%' }, confidence: 0.95, upstreams: {}, loadOverride: {} });
    expect(compared.length).toBe(2 * plansFor('<= 1%').length);
    expect(compared.filter((p) => p.earlyStop !== undefined)).toEqual([]);
  });
});
