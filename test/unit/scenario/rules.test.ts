import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadScenarioFile } from '../../../harness/scenario/load-scenario.js';
import { checkScenarioRules, closestMatch } from '../../../harness/scenario/rules.js';
import { scenarioSchema, type Scenario } from '../../../harness/scenario/schema.js';

const fixtures = fileURLToPath(new URL('../../fixtures/scenarios/bad/', import.meta.url));

/** A valid scenario with the given top-level fields replaced, normalized through the schema. */
function scenario(overrides: Record<string, unknown> = {}): Scenario {
  return scenarioSchema.parse({
    name: 'base',
    summary: 'A base scenario for rule tests.',
    backends: [{ name: 'app', behavior: { kind: 'slow', delay: '2s' } }],
    load: { duration: '4s' },
    variants: [{ name: 'only' }],
    ...overrides,
  });
}

async function messages(name: string): Promise<string[]> {
  const loaded = await loadScenarioFile(`${fixtures}${name}`);
  return loaded.ok ? [] : loaded.error.map(formatIssue);
}

describe('checkScenarioRules', () => {
  it('accepts a valid scenario', () => {
    expect(checkScenarioRules(scenario())).toEqual([]);
  });

  it('wants backend and variant names to be unique', () => {
    const backend = { name: 'app', behavior: { kind: 'slow', delay: '1s' } };
    expect(checkScenarioRules(scenario({ backends: [backend, backend], variants: [{ name: 'a' }, { name: 'b' }, { name: 'a' }] }))).toEqual([
      { path: ['backends', 1, 'name'], message: '"app" is already the name of backends[0]; give each backend its own name' },
      { path: ['variants', 2, 'name'], message: '"a" is already the name of variants[0]; give each variant its own name' },
    ]);
  });

  it('knows every error-log signature id, and "unknown"', () => {
    const expectLog = (error_log: Record<string, unknown>) => scenario({ variants: [{ name: 'v', expect: { error_log } }] });
    expect(checkScenarioRules(expectLog({ 'upstream-timed-out-reading-header': 1, unknown: 0 }))).toEqual([]);
    const [issue, ...rest] = checkScenarioRules(expectLog({ upstream_timed_out_reading_header: 1 }));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ path: ['variants', 0, 'expect', 'error_log'], key: 'upstream_timed_out_reading_header' });
    expect(issue!.message).toMatch(/^"upstream_timed_out_reading_header" is not a known error-log signature; known: upstream-timed-out-reading-header, .*, unknown; did you mean "upstream-timed-out-reading-header"\?$/);
  });

  it('checks template parameters at the scenario and in each variant', () => {
    const issues = checkScenarioRules(scenario({
      nginx: { template: 'reverse-proxy', params: { proxy_read_timout: '1s' } },
      variants: [{ name: 'v', nginx: { proxy_read_timeout: '1s; include /etc/passwd' } }],
    }));
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ path: ['nginx', 'params'], key: 'proxy_read_timout' });
    expect(issues[0]!.message).toMatch(/^"proxy_read_timout" is not a parameter of template reverse-proxy; known: .*proxy_read_timeout.*; did you mean "proxy_read_timeout"\?$/);
    expect(issues[1]).toEqual({
      path: ['variants', 0, 'nginx', 'proxy_read_timeout'],
      message: '"1s; include /etc/passwd" is not a duration; write a whole number with a unit (e.g. 500ms, 2s)',
    });
  });

  it('reports an unknown template once', () => {
    const issues = checkScenarioRules(scenario({ nginx: { template: 'no-such-template', params: {} }, variants: [{ name: 'v', nginx: { keepalive: 4 } }] }));
    expect(issues).toEqual([{ path: ['nginx', 'template'], message: expect.stringMatching(/^unknown template "no-such-template"; known: .*reverse-proxy/) as unknown }]);
  });

  it('wants every variant load bounded by duration or requests once merged', () => {
    expect(checkScenarioRules(scenario({ load: { connections: 2 } }))).toEqual([
      { path: ['load'], message: 'needs duration or requests so that the request loop ends; add one (e.g. duration: 10s)' },
    ]);
    const mixed = scenario({ load: { connections: 2 }, variants: [{ name: 'a', load: { requests: 100 } }, { name: 'b' }, { name: 'c', load: { rate: 5 } }] });
    expect(checkScenarioRules(mixed).map((i) => i.path)).toEqual([['variants', 1], ['variants', 2, 'load']]);
  });

  it('leaves the slow behaviour\'s delay checks to its schema (backends/behaviors/slow/schema.ts)', () => {
    const slow = (behavior: Record<string, unknown>) => scenarioSchema.safeParse({
      name: 'base', summary: 's', backends: [{ name: 'app', behavior: { kind: 'slow', ...behavior } }], load: { duration: '1s' }, variants: [{ name: 'a' }],
    });
    expect(checkScenarioRules(scenario({ backends: [{ name: 'app', behavior: { kind: 'slow', median: '100ms', p99: '2s' } }] }))).toEqual([]);
    const issues = (behavior: Record<string, unknown>) => {
      const parsed = slow(behavior);
      return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path, message: i.message }));
    };
    expect(issues({})).toEqual([{ path: ['backends', 0, 'behavior'], message: 'needs delay, or median and p99' }]);
    expect(issues({ delay: '1s', p99: '2s' })).toEqual([{ path: ['backends', 0, 'behavior', 'delay'], message: 'give either delay, or median and p99, not both' }]);
    expect(issues({ median: '1s' })).toEqual([{ path: ['backends', 0, 'behavior', 'p99'], message: 'median and p99 go together' }]);
    expect(issues({ p99: '1s' })).toEqual([{ path: ['backends', 0, 'behavior', 'median'], message: 'median and p99 go together' }]);
    expect(issues({ median: '2s', p99: '1s' })).toEqual([{ path: ['backends', 0, 'behavior', 'p99'], message: 'p99 (1s) must not be below median (2s)' }]);
  });

  it('allows a body only with methods that carry one, after merging', () => {
    const body = scenario({ load: { duration: '1s', method: 'POST', body: '{}' }, variants: [{ name: 'a' }, { name: 'b', load: { method: 'GET' } }] });
    expect(checkScenarioRules(body)).toEqual([
      { path: ['variants', 1, 'load', 'method'], message: 'a GET request carries no body; use method POST, PUT, PATCH or DELETE, or remove body' },
    ]);
    expect(checkScenarioRules(scenario({ load: { duration: '1s', body: 'x' } })).map((i) => i.path)).toEqual([['load', 'body']]);
  });

  it('refuses body and body_bytes together, at body_bytes, once', () => {
    const both = scenario({ load: { duration: '1s', method: 'POST', body: 'x', body_bytes: 10 }, variants: [{ name: 'a' }, { name: 'b' }] });
    expect(checkScenarioRules(both)).toEqual([{ path: ['load', 'body_bytes'], message: 'give body or body_bytes, not both' }]);
    const merged = scenario({ load: { duration: '1s', method: 'POST', body: 'x' }, variants: [{ name: 'a' }, { name: 'b', load: { body_bytes: 10 } }] });
    expect(checkScenarioRules(merged)).toEqual([{ path: ['variants', 1, 'load', 'body_bytes'], message: 'give body or body_bytes, not both' }]);
    expect(checkScenarioRules(scenario({ load: { duration: '1s', method: 'PUT', body_bytes: 1024 } }))).toEqual([]);
  });

  it('wants the backend names of variants[i].backends to be declared backends', () => {
    const two = [{ name: 'api', behavior: { kind: 'ok' } }, { name: 'worker', behavior: { kind: 'ok' } }];
    expect(checkScenarioRules(scenario({ backends: two, variants: [{ name: 'v', backends: { worker: { replicas: 2 } } }] }))).toEqual([]);
    expect(checkScenarioRules(scenario({ backends: two, variants: [{ name: 'a' }, { name: 'v', backends: { wroker: { replicas: 2 }, db: { memory: '64m' } } }] }))).toEqual([
      { path: ['variants', 1, 'backends'], key: 'wroker', message: '"wroker" is not a backend of this scenario; its backends: api, worker; did you mean "worker"?' },
      { path: ['variants', 1, 'backends'], key: 'db', message: '"db" is not a backend of this scenario; its backends: api, worker' },
    ]);
  });

  it('wants the backend names of variants[i].expect.backends to be declared backends', () => {
    const two = [{ name: 'api', behavior: { kind: 'ok' } }, { name: 'worker', behavior: { kind: 'ok' } }];
    expect(checkScenarioRules(scenario({ backends: two, variants: [{ name: 'v', expect: { backends: { api: { restarts: 0 } } } }] }))).toEqual([]);
    expect(checkScenarioRules(scenario({ backends: two, variants: [{ name: 'v', backends: { apu: {} }, expect: { backends: { apu: { restarts: 0 } } } }] }))).toEqual([
      { path: ['variants', 0, 'backends'], key: 'apu', message: '"apu" is not a backend of this scenario; its backends: api, worker; did you mean "api"?' },
      { path: ['variants', 0, 'expect', 'backends'], key: 'apu', message: '"apu" is not a backend of this scenario; its backends: api, worker; did you mean "api"?' },
    ]);
  });
});

describe('rules on fixture files, located', () => {
  it.each([
    ['missing-load-bound.yaml', '8:3 load: needs duration or requests so that the request loop ends; add one (e.g. duration: 10s)'],
    ['injection.yaml', '10:25 nginx.params.proxy_read_timeout: "1s; include /etc/passwd" is not a duration; write a whole number with a unit (e.g. 500ms, 2s)'],
    ['duplicate-variant-names.yaml', '10:11 variants[1].name: "same" is already the name of variants[0]; give each variant its own name'],
    ['body-and-body-bytes.yaml', '10:15 load.body_bytes: give body or body_bytes, not both'],
  ])('%s', async (name, message) => {
    expect(await messages(name)).toEqual([`${fixtures}${name}:${message}`]);
  });

  it('unknown-signature.yaml: at the key, listing the known ids', async () => {
    const [only, ...rest] = await messages('unknown-signature.yaml');
    expect(rest).toEqual([]);
    expect(only).toMatch(/unknown-signature\.yaml:13:9 variants\[0\]\.expect\.error_log: "upstream-timeout" is not a known error-log signature; known: upstream-timed-out-reading-header, .*, unknown$/);
  });

  it('unknown-backend.yaml: at each key, with did-you-mean when one is obvious', async () => {
    expect(await messages('unknown-backend.yaml')).toEqual([
      `${fixtures}unknown-backend.yaml:15:7 variants[0].backends: "wroker" is not a backend of this scenario; its backends: api, worker; did you mean "worker"?`,
      `${fixtures}unknown-backend.yaml:17:7 variants[0].backends: "db" is not a backend of this scenario; its backends: api, worker`,
      `${fixtures}unknown-backend.yaml:20:9 variants[0].expect.backends: "apu" is not a backend of this scenario; its backends: api, worker; did you mean "api"?`,
    ]);
  });
});

describe('closestMatch', () => {
  it('suggests only an obvious match', () => {
    expect(closestMatch('conections', ['connections', 'duration'])).toBe('connections');
    expect(closestMatch('error-log', ['status', 'error_log'])).toBe('error_log');
    expect(closestMatch('GET', ['get'])).toBe('get');
    expect(closestMatch('p98', ['p90', 'p95', 'p99'])).toBeUndefined();
    expect(closestMatch('zzz', ['connections'])).toBeUndefined();
  });
});

describe('checkScenarioRules: fake backends and the user\'s own app', () => {
  it('accepts a backend with behavior, or with image', () => {
    expect(checkScenarioRules(scenario({ backends: [{ name: 'app', image: 'myapp:1.4', port: 3000 }, { name: 'fake', behavior: { kind: 'ok' } }] }))).toEqual([]);
  });

  it('wants behavior or image, and not both', () => {
    expect(checkScenarioRules(scenario({ backends: [{ name: 'app', behavior: { kind: 'ok' }, image: 'myapp:1.4' }, { name: 'none' }] }))).toEqual([
      { path: ['backends', 0, 'image'], message: 'give one of behavior (a fake backend), image (your own app) or server (a real app server), not both behavior and image' },
      { path: ['backends', 1], message: 'needs behavior (e.g. behavior: { kind: slow, delay: 2s }), image (your own app, e.g. image: myapp:1.4) or server (e.g. server: { kind: gunicorn })' },
    ]);
  });
});

describe('checkScenarioRules: nginx.config, the user\'s own config', () => {
  it('accepts a config with upstreams that name backends', () => {
    expect(checkScenarioRules(scenario({ nginx: { config: 'nginx.conf', upstreams: { api: ['app'] } } }))).toEqual([]);
  });

  it('refuses template parameters beside it, at the scenario and in each variant', () => {
    expect(checkScenarioRules(scenario({
      nginx: { config: 'nginx.conf', params: { proxy_read_timeout: '1s' } },
      variants: [{ name: 'a' }, { name: 'b', nginx: { proxy_read_timeout: '2s' } }],
    }))).toEqual([
      { path: ['nginx', 'params'], message: 'sets template parameters, but nginx.config is your own config: its own values are what gets tested; remove params' },
      { path: ['variants', 1, 'nginx'], message: 'sets template parameters, but nginx.config is your own config; make a second config file for this variant instead' },
    ]);
  });

  it('wants the upstreams to name backends of the scenario', () => {
    expect(checkScenarioRules(scenario({ nginx: { config: 'nginx.conf', upstreams: { api: ['app', 'db'], auth: ['login'] } } }))).toEqual([
      { path: ['nginx', 'upstreams', 'api', 1], message: '"db" is not a backend of this scenario; its backends: app' },
      { path: ['nginx', 'upstreams', 'auth', 0], message: '"login" is not a backend of this scenario; its backends: app' },
    ]);
  });

  it('refuses upstreams without a config', () => {
    expect(checkScenarioRules(scenario({ nginx: { upstreams: { api: ['app'] } } }))).toEqual([
      { path: ['nginx', 'upstreams'], message: 'maps the upstreams of your own config; give nginx.config too, or remove it' },
    ]);
  });
});

describe('checkScenarioRules: chaos references', () => {
  const two = [{ name: 'app', replicas: 2, behavior: { kind: 'ok' } }, { name: 'cache', behavior: { kind: 'ok' } }];

  it('accepts targets that are a backend, a replica or nginx', () => {
    expect(checkScenarioRules(scenario({
      backends: two,
      chaos: [{ action: 'kill', target: 'app', at: '1s' }, { action: 'stop', target: 'app-2', at: '2s' }, { action: 'pause', target: 'cache-1', at: '3s' }, { action: 'reload', target: 'nginx', at: '4s' }],
    }))).toEqual([]);
  });

  it('refuses an unknown target or a replica the backend does not have, listing the known ones', () => {
    expect(checkScenarioRules(scenario({ backends: two, chaos: [{ action: 'kill', target: 'ap', at: '1s' }, { action: 'kill', target: 'app-3', at: '1s' }] }))).toEqual([
      { path: ['chaos', 0, 'target'], message: '"ap" is not a backend, a replica or nginx; known: nginx, app, app-1, app-2, cache, cache-1' },
      { path: ['chaos', 1, 'target'], message: '"app-3" is not a backend, a replica or nginx; known: nginx, app, app-1, app-2, cache, cache-1' },
    ]);
  });

  it('scales a backend within its declared replicas, never a replica or beyond', () => {
    expect(checkScenarioRules(scenario({ backends: two, chaos: [{ action: 'scale', target: 'app', replicas: 1, at: '1s' }] }))).toEqual([]);
    expect(checkScenarioRules(scenario({ backends: two, chaos: [{ action: 'scale', target: 'app-1', replicas: 1, at: '1s' }, { action: 'scale', target: 'app', replicas: 3, at: '2s' }] }))).toEqual([
      { path: ['chaos', 0, 'target'], message: 'scale takes a backend (e.g. app), not a replica' },
      { path: ['chaos', 1, 'replicas'], message: '3 is more than the 2 replica(s) app declares; declare the most it can have in replicas' },
    ]);
  });

  it('counts the replicas a variant overrides, and checks a variant\'s own chaos at its path', () => {
    expect(checkScenarioRules(scenario({
      backends: two,
      variants: [
        { name: 'a', backends: { app: { replicas: 3 } }, chaos: [{ action: 'kill', target: 'app-3', at: '1s' }] },
        { name: 'b', chaos: [{ action: 'kill', target: 'app-3', at: '1s' }] },
      ],
    }))).toEqual([
      { path: ['variants', 1, 'chaos', 0, 'target'], message: '"app-3" is not a backend, a replica or nginx; known: nginx, app, app-1, app-2, cache, cache-1' },
    ]);
  });

  it('accepts windows and recovery that name an action, its default name, or a time', () => {
    expect(checkScenarioRules(scenario({
      chaos: [{ action: 'kill', target: 'app', at: '1s' }, { name: 'back', action: 'start', target: 'app', at: '3s' }],
      variants: [{ name: 'a', expect: { windows: [{ from: 'kill', to: 'back+500ms' }, { from: '2s', to: 'kill - 200ms' }], recovery: { after: 'back', within: '2s' } } }],
    }))).toEqual([]);
  });

  it('refuses windows and recovery that name an action the variant does not have', () => {
    expect(checkScenarioRules(scenario({
      chaos: [{ action: 'kill', target: 'app', at: '1s' }],
      variants: [
        { name: 'a', expect: { windows: [{ from: 'kil', to: 'kill+1s' }, { from: 'kill', to: 'restart+2s' }], recovery: { after: 'restart', within: '2s' } } },
        { name: 'b', chaos: [], expect: { windows: [{ from: 'kill' }] } },
      ],
    }))).toEqual([
      { path: ['variants', 0, 'expect', 'windows', 0, 'from'], message: '"kil" is not a chaos action of this variant; its actions: kill' },
      { path: ['variants', 0, 'expect', 'windows', 1, 'to'], message: '"restart" is not a chaos action of this variant; its actions: kill' },
      { path: ['variants', 0, 'expect', 'recovery', 'after'], message: '"restart" is not a chaos action of this variant; its actions: kill' },
      { path: ['variants', 1, 'expect', 'windows', 0, 'from'], message: '"kill" is not a chaos action of this variant; its actions: none' },
    ]);
  });

  // Source bug (harness/scenario/rules.ts, chaosReferences): the action name is cut at the first
  // "-<digit>" (reference.split(/\s*[+-]\s*\d/)), so the names rules.ts itself gives a repeated
  // action ("restart-2") cannot be referenced: "restart-2" is read as "restart" and refused.
  // evaluate-windows.ts (resolveTime) reads "restart-2" and "restart-2+1s" correctly.
  it('accepts a reference to a repeated action by its default name, action-N', () => {
    expect(checkScenarioRules(scenario({
      chaos: [{ action: 'restart', target: 'app', at: '1s' }, { action: 'restart', target: 'app', at: '3s' }],
      variants: [{ name: 'a', expect: { windows: [{ from: 'restart-1', to: 'restart-2+1s' }] } }],
    }))).toEqual([]);
  });
});
