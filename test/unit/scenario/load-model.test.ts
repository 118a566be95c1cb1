import { describe, expect, it } from 'vitest';
import { expandScenario } from '../../../harness/scenario/expand.js';
import { parseScenarioText } from '../../../harness/scenario/load-scenario.js';

const scenario = (load: string, variantLoad = '') => `name: load-model
summary: the load model's fields
backends: [{ name: app, behavior: { kind: ok } }]
load: ${load}
variants:
  - name: one
${variantLoad ? `    load: ${variantLoad}\n` : ''}`;

function messages(text: string): string[] {
  const parsed = parseScenarioText(text, 'x.yaml');
  return parsed.ok ? [] : parsed.error.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
}

function loadPlan(text: string) {
  const parsed = parseScenarioText(text, 'x.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const plans = expandScenario('x.yaml', parsed.value);
  if (!plans.ok) throw new Error(plans.error.join('\n'));
  return plans.value[0]!.load;
}

describe('the load model in the scenario format', () => {
  it('turns arrival_rate into an open-model schedule with its defaults', () => {
    const load = loadPlan(scenario('{ arrival_rate: 200, duration: 3s }'));
    expect(load.arrival).toEqual({ process: 'constant', maxInFlight: 256, seed: 1, segments: [{ durationMs: 3000, fromPerSecond: 200, toPerSecond: 200 }] });
    expect(load.durationMs).toBe(3000);
    expect(load.ratePerSecond).toBeUndefined();
  });

  it('bounds an open model by requests alone: the duration is requests over the rate', () => {
    const load = loadPlan(scenario('{ arrival_rate: 2000, requests: 30000, arrivals: poisson, seed: 9, max_in_flight: 64 }'));
    expect(load.arrival).toEqual({ process: 'poisson', maxInFlight: 64, seed: 9, segments: [{ durationMs: 15000, fromPerSecond: 2000, toPerSecond: 2000 }] });
    expect(load.requests).toBe(30000);
  });

  it('puts open-model stages on one clock, a linear ramp starting from the previous rate', () => {
    const load = loadPlan(scenario('{ stages: [{ duration: 1s, arrival_rate: 10 }, { duration: 2s, arrival_rate: 100, ramp: linear }, { duration: 1s, arrival_rate: 20 }] }'));
    expect(load.arrival!.segments).toEqual([
      { durationMs: 1000, fromPerSecond: 10, toPerSecond: 10 },
      { durationMs: 2000, fromPerSecond: 10, toPerSecond: 100 },
      { durationMs: 1000, fromPerSecond: 20, toPerSecond: 20 },
    ]);
    expect(load.stages).toBeUndefined();
    expect(load.durationMs).toBe(4000);
  });

  it('keeps rate and closed stages on the closed model', () => {
    const load = loadPlan(scenario('{ connections: 8, rate: 80, duration: 2s }'));
    expect(load.arrival).toBeUndefined();
    expect(load.ratePerSecond).toBe(80);
  });

  it('carries a weighted mix', () => {
    const load = loadPlan(scenario('{ arrival_rate: 50, duration: 1s, mix: [{ weight: 1, method: POST, path: /login, body: "{}" }, { weight: 9, path: "/catalog?p=1" }] }'));
    expect(load.mix).toEqual([
      { method: 'POST', path: '/login', headers: {}, weight: 1, body: '{}' },
      { method: 'GET', path: '/catalog?p=1', headers: {}, weight: 9 },
    ]);
  });

  it.each([
    ['{ duration: 1s, path: "//evil.example/x" }', 'origin-form'],
    ['{ duration: 1s, mix: [{ path: "//evil.example/x" }] }', 'origin-form'],
    ['{ duration: 1s, arrival_rate: 10, rate: 10 }', 'not both'],
    ['{ duration: 1s, max_in_flight: 10 }', 'belongs to the open model'],
    ['{ stages: [{ duration: 1s, arrival_rate: 10 }, { duration: 1s, rate: 10 }] }', 'arrival_rate'],
    ['{ stages: [{ duration: 1s, rate: 10, ramp: linear }] }', 'ramp needs arrival_rate'],
    ['{ arrival_rate: 10 }', 'needs duration or requests'],
    ['{ duration: 1s, mix: [{ method: GET, path: /, body: x }] }', 'carries no body'],
  ])('rejects %s', (load, message) => {
    expect(messages(scenario(load)).join('\n')).toContain(message);
  });

  it('accepts every field of the open model together', () => {
    expect(messages(scenario('{ arrival_rate: 10.5, arrivals: poisson, seed: 3, max_in_flight: 32, duration: 2s, mix: [{ path: /a }, { path: /b, weight: 3 }] }'))).toEqual([]);
  });
});
