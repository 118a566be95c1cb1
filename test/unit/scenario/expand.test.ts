import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hardStopMs, type LoadPlan } from '../../../harness/load/load-driver.js';
import { loadUserConfig } from '../../../harness/nginx/user-config/load-user-config.js';
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
        behavior: { kind: 'slow', delay: '100ms', phase: 'header', status: 200, body_bytes: 2 },
        port: 8080,
        protocol: 'http',
        memoryBytes: 256 * 1024 * 1024,
        restart: 'no',
        shutdown: 'abrupt',
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

describe('expandScenario: variant backend overrides', () => {
  const plans = expand(parse(`name: overrides
summary: a variant that changes one backend of two
backends:
  - name: app
    behavior: { kind: slow, delay: 2s }
    memory: 64m
  - name: cache
    replicas: 2
    behavior: { kind: ok }
    restart: always
load: { duration: 1s }
variants:
  - name: broken
  - name: fixed
    backends:
      app: { behavior: { kind: ok, status: 204 }, replicas: 2, memory: 128m, restart: on-failure }
  - name: broken-again
`));
  const APP_SLOW = { kind: 'slow', delay: '2s', phase: 'header', status: 200, body_bytes: 2 };
  const CACHE = [1, 2].map((replica) => ({
    backend: 'cache', replica, alias: `cache-${replica}`, behavior: { kind: 'ok', status: 200, body_bytes: 2 }, protocol: 'http', port: 8080, memoryBytes: 268_435_456, restart: 'always', shutdown: 'abrupt',
  }));

  it('parses memory into bytes ("64m" is 67108864) and keeps the scenario backends where no override applies', () => {
    for (const plan of [plans[0]!, plans[2]!]) {
      expect(plan.backends).toEqual([
        { backend: 'app', replica: 1, alias: 'app-1', behavior: APP_SLOW, protocol: 'http', port: 8080, memoryBytes: 67_108_864, restart: 'no', shutdown: 'abrupt' },
        ...CACHE,
      ]);
    }
  });

  it('changes behaviour, replicas, memory and restart of the overridden backend for that variant only', () => {
    expect(plans[1]!.backends).toEqual([
      { backend: 'app', replica: 1, alias: 'app-1', behavior: { kind: 'ok', status: 204, body_bytes: 2 }, protocol: 'http', port: 8080, memoryBytes: 134_217_728, restart: 'on-failure', shutdown: 'abrupt' },
      { backend: 'app', replica: 2, alias: 'app-2', behavior: { kind: 'ok', status: 204, body_bytes: 2 }, protocol: 'http', port: 8080, memoryBytes: 134_217_728, restart: 'on-failure', shutdown: 'abrupt' },
      ...CACHE,
    ]);
  });

  it('writes a server line per replica of the variant', () => {
    const servers = (plan: VariantPlan) => configLines(plan).filter((l) => /^server [a-z]+-\d+:/.test(l));
    expect(servers(plans[0]!)).toEqual([
      'server app-1:8080 max_fails=1 fail_timeout=10s;',
      'server cache-1:8080 max_fails=1 fail_timeout=10s;',
      'server cache-2:8080 max_fails=1 fail_timeout=10s;',
    ]);
    expect(servers(plans[1]!)).toEqual([
      'server app-1:8080 max_fails=1 fail_timeout=10s;',
      'server app-2:8080 max_fails=1 fail_timeout=10s;',
      'server cache-1:8080 max_fails=1 fail_timeout=10s;',
      'server cache-2:8080 max_fails=1 fail_timeout=10s;',
    ]);
  });

  it('counts the overridden replicas in the client timeout', () => {
    // 60s connect + 60s send + 60s read per attempt: 3 servers make 540 s, capped at 300 s; 4 servers too
    expect(plans[0]!.load.clientTimeoutMs).toBe(CAP_MS);
    const small = expand(parse(`name: t
summary: s
backends:
  - name: app
    behavior: { kind: ok }
nginx: { params: { proxy_connect_timeout: 1s, proxy_send_timeout: 1s, proxy_read_timeout: 1s } }
load: { duration: 1s }
variants:
  - name: one
  - name: three
    backends: { app: { replicas: 3 } }
`));
    expect(small.map((p) => p.load.clientTimeoutMs)).toEqual([3000 + MARGIN_MS, 3 * 3000 + MARGIN_MS]);
  });

  it('sends a generated body of body_bytes bytes', () => {
    const [plan] = expand(parse(`name: b
summary: s
backends:
  - name: app
    behavior: { kind: ok }
load: { duration: 1s, method: POST, body_bytes: 1000 }
variants:
  - name: only
`));
    expect(plan!.load.body).toBe('x'.repeat(1000));
  });
});

describe('expandScenario: the user\'s own app, shutdown, stages and chaos', () => {
  const text = `name: own-app
summary: s
backends:
  - name: app
    image: myapp:1.4
    command: [node, server.js]
    port: 3000
    env: { NODE_ENV: production }
    ready_path: /healthz
  - name: fake
    behavior: { kind: ok }
    shutdown: graceful
load:
  stages: [{ duration: 2s, rate: 10 }, { duration: 1500ms, connections: 4 }]
chaos:
  - { action: restart, target: app, at: 1s }
  - { action: restart, target: fake-1, after_requests: 5, signal: SIGTERM, grace: 2s }
  - { name: slow, action: set-behavior, target: fake, at: 2s, behavior: { kind: slow, delay: 1s } }
variants:
  - name: base
  - name: own-chaos
    backends: { fake: { shutdown: abrupt } }
    chaos:
      - { action: reload, target: nginx, at: 1s, nginx: { proxy_read_timeout: 9s } }
`;
  const plans = expand(parse(text));
  const APP = {
    backend: 'app', replica: 1, alias: 'app-1',
    app: { image: 'myapp:1.4', command: ['node', 'server.js'], env: { NODE_ENV: 'production' }, readyPath: '/healthz' },
    protocol: 'http', port: 3000, memoryBytes: 268_435_456, restart: 'no', shutdown: 'abrupt',
  };
  const FAKE = { backend: 'fake', replica: 1, alias: 'fake-1', behavior: { kind: 'ok', status: 200, body_bytes: 2 }, protocol: 'http', port: 8080, memoryBytes: 268_435_456, restart: 'no' };

  it('runs an image backend as an app on its own port, without a behaviour; a fake backend on 8080 with its shutdown', () => {
    expect(plans[0]!.backends).toStrictEqual([APP, { ...FAKE, shutdown: 'graceful' }]);
    expect(configLines(plans[0]!).filter((l) => l.startsWith('server ') && l.includes(':'))).toEqual([
      'server app-1:3000 max_fails=1 fail_timeout=10s;',
      'server fake-1:8080 max_fails=1 fail_timeout=10s;',
    ]);
  });

  it('lets a variant override the shutdown', () => {
    expect(plans[1]!.backends).toStrictEqual([APP, { ...FAKE, shutdown: 'abrupt' }]);
  });

  it('turns load stages into a plan whose duration is their sum', () => {
    expect(plans[0]!.load.stages).toEqual([{ durationMs: 2000, ratePerSecond: 10 }, { durationMs: 1500, connections: 4 }]);
    expect(plans[0]!.load.durationMs).toBe(3500);
  });

  it('plans the scenario\'s chaos: action-N names for a repeated action, times, signal and grace in ms', () => {
    expect(plans[0]!.configNotes).toEqual([]);
    expect(plans[0]!.chaos).toEqual([
      { name: 'restart-1', action: 'restart', target: 'app', atMs: 1000, signal: 'SIGKILL', graceMs: 10_000 },
      { name: 'restart-2', action: 'restart', target: 'fake-1', afterRequests: 5, signal: 'SIGTERM', graceMs: 2000 },
      { name: 'slow', action: 'set-behavior', target: 'fake', atMs: 2000, signal: 'SIGKILL', graceMs: 10_000, behavior: { kind: 'slow', delay: '1s', phase: 'header', status: 200, body_bytes: 2 } },
    ]);
  });

  it('replaces the scenario\'s chaos by a variant\'s own, rendering a reload\'s config with its parameters', () => {
    const [reload, ...rest] = plans[1]!.chaos;
    expect(rest).toEqual([]);
    expect(reload).toMatchObject({ name: 'reload', action: 'reload', target: 'nginx', atMs: 1000 });
    const lines = reload!.nginxConfig!.split('\n').map((l) => l.trim());
    expect(lines).toContain('proxy_read_timeout 9s;');
    expect(plans[1]!.nginxConfig.split('\n').map((l) => l.trim())).toContain('proxy_read_timeout 60s;');
  });

  it('refuses a reload with a bad parameter, naming the variant and the action', () => {
    const bad = parse(text.replace('proxy_read_timeout: 9s', 'proxy_read_timeout: soon'));
    expect(expandScenario('inline.yaml', bad)).toEqual({
      ok: false,
      error: ['inline.yaml: variants[1] chaos: reload: proxy_read_timeout: "soon" is not a duration; write a whole number with a unit (e.g. 500ms, 2s)'],
    });
  });

  // Source bug (harness/scenario/expand.ts instancesOf, with rules.ts backendKind checking only the
  // scenario-level backends): a variant that gives a fake backend an image (or an image backend a
  // behavior) yields an instance with both behavior and app, though BackendInstanceSpec says
  // behavior is absent for the user's own app; the runtime then starts the app and silently
  // ignores the behaviour.
  it('never gives an instance both a behaviour and an app', () => {
    const swapped = expand(parse(text.replace('backends: { fake: { shutdown: abrupt } }', 'backends: { fake: { image: "other:2" }, app: { behavior: { kind: ok } } }')));
    for (const instance of swapped[1]!.backends) expect([instance.alias, 'behavior' in instance && 'app' in instance]).toEqual([instance.alias, false]);
  });
});

describe('expandScenario: the user\'s own nginx config', () => {
  const location = fileURLToPath(new URL('../../fixtures/user-config/snippets/location.conf', import.meta.url));
  const scenario = parse(`name: own-config
summary: s
backends:
  - name: app
    replicas: 2
    behavior: { kind: ok }
nginx: { config: location.conf }
load: { duration: 1s }
chaos:
  - { action: reload, target: nginx, at: 500ms }
variants:
  - name: only
`);
  const result = expandScenario('inline.yaml', scenario, loadUserConfig(location));
  if (!result.ok) throw new Error(result.error.join('\n'));
  const [plan] = result.value;

  it('renders the adapted config, headed by where it came from, with no template params', () => {
    expect(plan!.params).toEqual({});
    const lines = plan!.nginxConfig.split('\n');
    expect(lines[0]).toBe(`# ${location}, adapted by badgateway (see the notes in the report)`);
    expect(lines.map((l) => l.trim())).toEqual(expect.arrayContaining([
      'upstream badgateway_backends {', 'server app-1:8080;', 'server app-2:8080;', 'listen 8080;', 'proxy_pass http://badgateway_backends;', 'proxy_read_timeout 3s;',
    ]));
  });

  it('carries the adaptation notes, none about what the snippet wrapper added itself', () => {
    expect(plan!.configNotes).toEqual([
      `${location}:1: proxy_pass http://127.0.0.1:3000 sent to the harness's backends`,
    ]);
  });

  it('chooses the client timeout above the config\'s own timeouts (60s defaults where it sets none), for two servers', () => {
    expect(plan!.load.clientTimeoutMs).toBe(2 * (60_000 + 60_000 + 3000) + MARGIN_MS);
  });

  it('reloads the same config for a reload without parameters', () => {
    expect(plan!.chaos).toEqual([{ name: 'reload', action: 'reload', target: 'nginx', atMs: 500, signal: 'SIGKILL', graceMs: 10_000, nginxConfig: plan!.nginxConfig }]);
  });

  it('reloads the user\'s config as it is for a reload with parameters, and says so (the gate runs the reload mode on it)', () => {
    const withParams: Scenario = { ...scenario, chaos: [{ ...scenario.chaos[0]!, nginx: { proxy_read_timeout: '1s' } }] };
    const result = expandScenario('inline.yaml', withParams, loadUserConfig(location));
    if (!result.ok) throw new Error(result.error.join('\n'));
    const [only] = result.value;
    expect(only!.chaos[0]!.nginxConfig).toBe(only!.nginxConfig);
    expect(only!.configNotes).toContain(`${scenario.name}: the reload's template parameters (proxy_read_timeout) do not apply to your config: it is reloaded as it is`);
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
    expect(hardStopMs({ clientTimeoutMs: plan.clientTimeoutMs }, 300_000)).toBe(300_000 + 7000 + 2000);
  });
});
