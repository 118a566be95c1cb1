import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadScenarioFile, parseScenarioText, renderPath, type ScenarioIssue } from '../../../harness/scenario/load-scenario.js';

const fixtures = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url));

async function messages(name: string): Promise<string[]> {
  const loaded = await loadScenarioFile(`${fixtures}bad/${name}`);
  if (loaded.ok) throw new Error(`${name} loaded, but it should not`);
  return loaded.error.map(formatIssue);
}

function textMessages(text: string): string[] {
  const parsed = parseScenarioText(text, 'x.yaml');
  return parsed.ok ? [] : parsed.error.map(formatIssue);
}

const VALID = `name: ok
summary: s
backends:
  - name: app
    behavior: { kind: slow, delay: 2s }
load: { connections: 3, duration: 4s, method: POST, body: "{}" }
variants:
  - name: only
`;

describe('loadScenarioFile', () => {
  it('loads a valid scenario with defaults filled in', async () => {
    const loaded = await loadScenarioFile(`${fixtures}good/slow-backend-read-timeout.yaml`);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const { scenario } = loaded.value;
    expect(scenario.name).toBe('slow-backend-read-timeout');
    expect(scenario.backends[0]).toMatchObject({ name: 'app', replicas: 1, behavior: { kind: 'slow', delay: '2s', status: 200 } });
    expect(scenario.load).toMatchObject({ connections: 8, duration: '4s', method: 'GET', path: '/', headers: {} });
    expect(scenario.variants[1]!.nginx).toEqual({ proxy_read_timeout: '3s' });
    expect(scenario.variants[0]!.expect.error_log).toEqual({ 'upstream-timed-out-reading-header': '>= 1' });
  });

  it.each([
    ['typo-key.yaml', 'load.conections: unknown field; known fields: connections, duration, requests, rate, method, path, headers, body, client_timeout; did you mean "connections"?', '8:3'],
    ['status-key.yaml', 'variants[1].expect.status: "5O4" is not a status code or class (e.g. 504, 5xx)', '15:9'],
    ['duration-without-unit.yaml', 'backends[0].behavior.delay: must be a duration with a unit (e.g. 500ms, 2s)', '8:14'],
    ['negative-connections.yaml', 'load.connections: -4 is too small; use a whole number from 1 to 1000', '9:16'],
    ['empty.yaml', 'the file is empty; a scenario is a map with name, summary, backends, nginx, load and variants', '1:1'],
  ])('%s: one located message', async (name, message, position) => {
    expect(await messages(name)).toEqual([`${fixtures}bad/${name}:${position} ${message}`]);
  });

  it('reports a YAML syntax error at its position and nothing else', async () => {
    const [only, ...rest] = await messages('yaml-syntax-error.yaml');
    expect(rest).toEqual([]);
    expect(only).toMatch(/yaml-syntax-error\.yaml:8:1 not valid YAML: .*\}.*; check the indentation/);
  });

  it('says so when the file does not exist', async () => {
    const loaded = await loadScenarioFile(`${fixtures}bad/no-such-file.yaml`);
    expect(loaded.ok ? [] : loaded.error.map(formatIssue)).toEqual([
      `${fixtures}bad/no-such-file.yaml: no such file; check the path (scenarios live in scenarios/*.yaml)`,
    ]);
  });
});

describe('parseScenarioText', () => {
  it('accepts a valid text', () => {
    expect(parseScenarioText(VALID, 'x.yaml').ok).toBe(true);
  });

  it('reports every issue, in file order, with the line and column of each', () => {
    const text = `name: Bad_Name
summary: s
backends:
  - name: app
    behavior: { kind: slow, delay: 2s, extra: 1 }
load:
  connections: "eight"
  method: get
  duration: 4s
variants:
  - summary: no name
    expect:
      latency: { p98: "< 1s" }
`;
    expect(textMessages(text)).toEqual([
      'x.yaml:1:7 name: must be lowercase letters, digits and dashes, starting with a letter or digit (e.g. slow-backend)',
      'x.yaml:5:40 backends[0].behavior.extra: unknown field; known fields: kind, delay, median, p99, status, body_bytes',
      'x.yaml:7:16 load.connections: must be a whole number, not "eight"',
      'x.yaml:8:11 load.method: "get" is not one of GET, HEAD, POST, PUT, PATCH, DELETE; did you mean "GET"?',
      'x.yaml:11:5 variants[0].name: missing; must be a name (e.g. slow-backend)',
      'x.yaml:13:18 variants[0].expect.latency.p98: unknown field; known fields: p50, p90, p95, p99, p99.9, max, mean',
    ]);
  });

  it('points a missing field at its parent map, and an empty value at its key', () => {
    const text = 'name: x\nsummary: s\nbackends:\n  - name: app\n    behavior:\n      delay: 2s\nload:\nvariants: [{ name: a }]\n';
    expect(textMessages(text)).toEqual([
      'x.yaml:6:7 backends[0].behavior.kind: missing; must have a known kind (slow)',
      'x.yaml:7:1 load: is empty; must be a map with the fields connections, duration, requests, rate, method, path, headers, body, client_timeout',
    ]);
  });

  it('reads a top-level list or a bare value as a mistake, not as a crash', () => {
    expect(textMessages('- name: a\n')).toEqual(['x.yaml:1:1 the file holds a list, not a map of fields; a scenario is a map with name, summary, backends, nginx, load and variants']);
    expect(textMessages('# comment only\n')[0]).toMatch(/^x\.yaml:1:1 the file is empty;/);
    expect(textMessages('hello\n')[0]).toMatch(/^x\.yaml:1:1 the file holds the single value "hello", not a map/);
  });

  it('reports duplicate keys at the second one', () => {
    expect(textMessages(VALID.replace('  - name: only\n', '  - name: only\n    name: again\n'))).toEqual([
      'x.yaml:9:5 variants[0].name: duplicate key; each key may appear only once in a map; remove or rename one',
    ]);
  });

  it('keeps a variant load override to the fields it sets', () => {
    const parsed = parseScenarioText(`${VALID}    load: { duration: 1s }\n`, 'x.yaml');
    expect(parsed.ok && parsed.value.variants[0]!.load).toStrictEqual({ duration: '1s' });
  });

  it('accepts unquoted status codes and locates issues under them', () => {
    const text = `${VALID}    expect:\n      status: { 504: lots }\n`;
    expect(textMessages(text)).toEqual([
      'x.yaml:10:22 variants[0].expect.status.504: "lots" is not a comparison like ">= 99%", "0", "< 1.5s" (e.g. ">= 99%" or 0)',
    ]);
  });
});

describe('formatIssue and renderPath', () => {
  it('renders paths the way the user reads them', () => {
    expect(renderPath(['variants', 1, 'expect', 'status'])).toBe('variants[1].expect.status');
    expect(renderPath(['load', 'headers', 'X Bad'])).toBe('load.headers["X Bad"]');
    expect(renderPath([])).toBe('');
  });

  it('gives file:line:col path: message', () => {
    const issue: ScenarioIssue = { file: 'scenarios/x.yaml', line: 12, column: 5, path: 'variants[1].expect.status', message: '"5O4" is not a status code or class (e.g. 504, 5xx)' };
    expect(formatIssue(issue)).toBe('scenarios/x.yaml:12:5 variants[1].expect.status: "5O4" is not a status code or class (e.g. 504, 5xx)');
    expect(formatIssue({ ...issue, path: '', line: 0, column: 0, message: 'no such file' })).toBe('scenarios/x.yaml: no such file');
  });
});
