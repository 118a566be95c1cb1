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

  it('wants a slow backend to have one form of delay, with p99 >= median', () => {
    const slow = (behavior: Record<string, unknown>) => checkScenarioRules(scenario({ backends: [{ name: 'app', behavior: { kind: 'slow', ...behavior } }] })).map((i) => i.message);
    expect(slow({ median: '100ms', p99: '2s' })).toEqual([]);
    expect(slow({})).toEqual([expect.stringMatching(/^a slow backend needs a delay; add delay/)]);
    expect(slow({ delay: '1s', p99: '2s' })).toEqual([expect.stringMatching(/^gives both delay and median\/p99;/)]);
    expect(slow({ median: '1s' })).toEqual(['has median without p99; give both median and p99 (e.g. median: 200ms, p99: 2s)']);
    expect(slow({ median: '2s', p99: '1s' })).toEqual(['1s is below the median of 2s; p99 must be at least the median']);
  });

  it('allows a body only with methods that carry one, after merging', () => {
    const body = scenario({ load: { duration: '1s', method: 'POST', body: '{}' }, variants: [{ name: 'a' }, { name: 'b', load: { method: 'GET' } }] });
    expect(checkScenarioRules(body)).toEqual([
      { path: ['variants', 1, 'load', 'method'], message: 'a GET request carries no body; use method POST, PUT, PATCH or DELETE, or remove body' },
    ]);
    expect(checkScenarioRules(scenario({ load: { duration: '1s', body: 'x' } })).map((i) => i.path)).toEqual([['load', 'body']]);
  });
});

describe('rules on fixture files, located', () => {
  it.each([
    ['missing-load-bound.yaml', '8:3 load: needs duration or requests so that the request loop ends; add one (e.g. duration: 10s)'],
    ['injection.yaml', '10:25 nginx.params.proxy_read_timeout: "1s; include /etc/passwd" is not a duration; write a whole number with a unit (e.g. 500ms, 2s)'],
    ['duplicate-variant-names.yaml', '10:11 variants[1].name: "same" is already the name of variants[0]; give each variant its own name'],
  ])('%s', async (name, message) => {
    expect(await messages(name)).toEqual([`${fixtures}${name}:${message}`]);
  });

  it('unknown-signature.yaml: at the key, listing the known ids', async () => {
    const [only, ...rest] = await messages('unknown-signature.yaml');
    expect(rest).toEqual([]);
    expect(only).toMatch(/unknown-signature\.yaml:13:9 variants\[0\]\.expect\.error_log: "upstream-timeout" is not a known error-log signature; known: upstream-timed-out-reading-header, .*, unknown$/);
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
