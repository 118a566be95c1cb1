import { describe, expect, it } from 'vitest';
import { hardStopMs, type LoadPlan } from '../../../harness/load/load-driver.js';
import { clientTimeoutMs, expandScenario, SERIES_INTERVAL_MS, type VariantPlan } from '../../../harness/scenario/expand.js';
import { parseScenarioText } from '../../../harness/scenario/load-scenario.js';
import type { LoadSpec, Scenario } from '../../../harness/scenario/schema.js';

const MARGIN_MS = 5_000;
const CAP_MS = 300_000;

function parse(text: string): Scenario {
  const parsed = parseScenarioText(text, 'inline.yaml');
  if (!parsed.ok) throw new Error(`scenario did not parse: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

function expand(scenario: Scenario): VariantPlan[] {
  const plans = expandScenario('inline.yaml', scenario);
  if (!plans.ok) throw new Error(`scenario did not expand: ${plans.error.join('\n')}`);
  return plans.value;
}

function configLines(plan: VariantPlan): string[] {
  return plan.nginxConfig.split('\n').map((l) => l.trim());
}

const SCENARIO = `name: expand-test
summary: three replicas behind nginx, three variants
backends:
  - name: app
    replicas: 3
    behavior: { kind: slow, delay: 100ms }
nginx:
  template: reverse-proxy
  params: { proxy_read_timeout: 2s, proxy_connect_timeout: 1s }
load:
  connections: 4
  duration: 3s
  method: POST
  path: /api/orders
  headers: { Content-Type: application/json }
  body: '{"id":1}'
variants:
  - name: base
  - name: tuned
    nginx: { proxy_read_timeout: 5s, proxy_send_timeout: 10s }
    load: { duration: 1s }
  - name: explicit-timeout
    load: { client_timeout: 7s, connections: 2 }
`;

describe('expandScenario', () => {
  const scenario = parse(SCENARIO);
  const plans = expand(scenario);

  it('gives one plan per variant, in order', () => {
    expect(plans.map((p) => p.variant.name)).toEqual(['base', 'tuned', 'explicit-timeout']);
    expect(plans.every((p) => p.file === 'inline.yaml' && p.scenario === scenario)).toBe(true);
  });

  it('names three replicas app-1..app-3 and writes a server line for each', () => {
    for (const plan of plans) {
      expect(plan.backends).toEqual([1, 2, 3].map((replica) => ({
        backend: 'app',
        replica,
        alias: `app-${replica}`,
        behavior: { kind: 'slow', delay: '100ms', status: 200, body_bytes: 2 },
      })));
      const servers = configLines(plan).filter((l) => /^server app-\d+:/.test(l));
      expect(servers).toEqual([
        'server app-1:8080 max_fails=1 fail_timeout=10s;',
        'server app-2:8080 max_fails=1 fail_timeout=10s;',
        'server app-3:8080 max_fails=1 fail_timeout=10s;',
      ]);
    }
  });

  it('uses the scenario nginx params when the variant sets none', () => {
    const [base] = plans;
    expect(base!.params).toMatchObject({ proxy_read_timeout: '2s', proxy_connect_timeout: '1s', proxy_send_timeout: '60s' });
    expect(configLines(base!)).toContain('proxy_read_timeout 2s;');
    expect(configLines(base!)).toContain('proxy_connect_timeout 1s;');
    expect(configLines(base!)).toContain('proxy_send_timeout 60s;');
  });

  it('lets variant nginx params override the scenario ones, keeping the rest', () => {
    const tuned = plans[1]!;
    expect(tuned.params).toMatchObject({ proxy_read_timeout: '5s', proxy_connect_timeout: '1s', proxy_send_timeout: '10s' });
    const lines = configLines(tuned);
    expect(lines).toContain('proxy_read_timeout 5s;');
    expect(lines).not.toContain('proxy_read_timeout 2s;');
    expect(lines).toContain('proxy_connect_timeout 1s;');
    expect(lines).toContain('proxy_send_timeout 10s;');
    expect(tuned.nginxConfig).toContain('expand-test / tuned.');
  });

  it('keeps the scenario load where the variant does not override it', () => {
    expect(plans[0]!.load).toEqual({
      path: '/api/orders',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"id":1}',
      connections: 4,
      durationMs: 3000,
      clientTimeoutMs: 3 * (1000 + 60_000 + 2000) + MARGIN_MS,
      intervalMs: SERIES_INTERVAL_MS,
    });
  });

  it('changes only the load fields a variant sets', () => {
    const tuned = plans[1]!.load;
    expect(tuned.durationMs).toBe(1000);
    expect(tuned.method).toBe('POST');
    expect(tuned.body).toBe('{"id":1}');
    expect(tuned.connections).toBe(4);
    expect(tuned.path).toBe('/api/orders');
    expect(tuned.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(tuned.requests).toBeUndefined();
    expect(tuned.ratePerSecond).toBeUndefined();
    // connect 1s + send 10s + read 5s per attempt, 3 servers, plus the margin
    expect(tuned.clientTimeoutMs).toBe(3 * (1000 + 10_000 + 5000) + MARGIN_MS);
  });

  it('uses an explicit client_timeout as it is', () => {
    const explicit = plans[2]!.load;
    expect(explicit.clientTimeoutMs).toBe(7000);
    expect(explicit.connections).toBe(2);
    expect(explicit.durationMs).toBe(3000);
    expect(explicit.method).toBe('POST');
  });

  it('carries requests and rate when given, and leaves durationMs out without a duration', () => {
    const s = parse(`name: counted
summary: s
backends:
  - name: app
    behavior: { kind: slow, delay: 10ms }
load: { requests: 500, rate: 50 }
variants:
  - name: only
`);
    const [plan] = expand(s);
    expect(plan!.load).toEqual({
      path: '/',
      method: 'GET',
      headers: {},
      connections: 8,
      requests: 500,
      ratePerSecond: 50,
      clientTimeoutMs: 3 * 60_000 + MARGIN_MS,
      intervalMs: SERIES_INTERVAL_MS,
    });
    expect('durationMs' in plan!.load).toBe(false);
    expect('body' in plan!.load).toBe(false);
  });

  it('refuses an unknown template', () => {
    const s: Scenario = { ...scenario, nginx: { template: 'no-such-template', params: {} } };
    const result = expandScenario('inline.yaml', s);
    expect(result).toEqual({ ok: false, error: ['inline.yaml: nginx.template: unknown template "no-such-template"'] });
  });

  it('reports a bad variant param with the variant index and renders nothing for it', () => {
    const s: Scenario = { ...scenario, variants: [scenario.variants[0]!, { ...scenario.variants[1]!, nginx: { proxy_read_timeout: '1s; include /etc/passwd' } }] };
    const result = expandScenario('inline.yaml', s);
    expect(result).toEqual({
      ok: false,
      error: ['inline.yaml: variants[1].nginx.proxy_read_timeout: "1s; include /etc/passwd" is not a duration; write a whole number with a unit (e.g. 500ms, 2s)'],
    });
  });
});

describe('clientTimeoutMs', () => {
  const load: LoadSpec = { connections: 1, method: 'GET', path: '/', headers: {}, duration: '1s' };
  const params = (p: Record<string, string>): Record<string, string> => ({
    proxy_connect_timeout: '1s',
    proxy_send_timeout: '2s',
    proxy_read_timeout: '3s',
    proxy_next_upstream_tries: '0',
    proxy_next_upstream_timeout: '0s',
    ...p,
  });
  const perAttempt = 1000 + 2000 + 3000;

  it('is one attempt per server plus the margin', () => {
    expect(clientTimeoutMs(load, params({}), 1)).toBe(perAttempt + MARGIN_MS);
    expect(clientTimeoutMs(load, params({}), 4)).toBe(4 * perAttempt + MARGIN_MS);
  });

  it('uses proxy_next_upstream_tries when it is set and smaller than the servers', () => {
    expect(clientTimeoutMs(load, params({ proxy_next_upstream_tries: '2' }), 4)).toBe(2 * perAttempt + MARGIN_MS);
    expect(clientTimeoutMs(load, params({ proxy_next_upstream_tries: '10' }), 4)).toBe(4 * perAttempt + MARGIN_MS);
    expect(clientTimeoutMs(load, params({ proxy_next_upstream_tries: '1' }), 4)).toBe(perAttempt + MARGIN_MS);
  });

  it('bounds retries by proxy_next_upstream_timeout: its limit plus one last attempt', () => {
    // 4 servers: 24 s of attempts, but no new attempt starts after 5 s, and that one can take 6 s
    expect(clientTimeoutMs(load, params({ proxy_next_upstream_timeout: '5s' }), 4)).toBe(5000 + perAttempt + MARGIN_MS);
    // a retry limit longer than all attempts together changes nothing
    expect(clientTimeoutMs(load, params({ proxy_next_upstream_timeout: '40s' }), 4)).toBe(4 * perAttempt + MARGIN_MS);
    expect(clientTimeoutMs(load, params({ proxy_next_upstream_timeout: '500ms', proxy_next_upstream_tries: '2' }), 4)).toBe(500 + perAttempt + MARGIN_MS);
  });

  it('is capped at the longest load duration', () => {
    const nginxDefaults = params({ proxy_connect_timeout: '60s', proxy_send_timeout: '60s', proxy_read_timeout: '60s' });
    expect(clientTimeoutMs(load, nginxDefaults, 1)).toBe(180_000 + MARGIN_MS);
    expect(clientTimeoutMs(load, nginxDefaults, 2)).toBe(CAP_MS);
    expect(clientTimeoutMs(load, params({ proxy_read_timeout: '1h' }), 1)).toBe(CAP_MS);
  });

  it('takes an explicit client_timeout over everything', () => {
    expect(clientTimeoutMs({ ...load, client_timeout: '250ms' }, params({ proxy_read_timeout: '1h' }), 8)).toBe(250);
    expect(clientTimeoutMs({ ...load, client_timeout: '1.5s' }, params({}), 1)).toBe(1500);
  });
});

describe('hardStopMs', () => {
  const plan: LoadPlan = {
    baseUrl: 'http://127.0.0.1:1',
    path: '/',
    method: 'GET',
    headers: {},
    connections: 1,
    clientTimeoutMs: 7000,
    intervalMs: 250,
  };

  it('is the sending time, one client timeout and a 2 s margin', () => {
    expect(hardStopMs({ ...plan, durationMs: 3000 }, 300_000)).toBe(3000 + 7000 + 2000);
  });

  it('uses the longest sending time when the plan has no duration', () => {
    expect(hardStopMs({ ...plan, requests: 100 }, 300_000)).toBe(300_000 + 7000 + 2000);
  });
});
