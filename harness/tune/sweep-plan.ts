/**
 * From a base scenario and one or two swept parameters to one plan per point of the grid (pure but
 * for loading the template). Without a scenario, the base is a backend whose latency is log-normal
 * with the given median and p99 (seeded: the same delays on every run).
 */
import { ScenarioError } from '../errors.js';
import { expandScenario, type VariantPlan } from '../scenario/expand.js';
import { scenarioSchema, type Scenario } from '../scenario/schema.js';

export interface SweptParam {
  param: string;
  values: string[];
}

export const MAX_SWEEP_POINTS = 40;

export function latencyScenario(p50: string, p99: string, load: { connections: number; duration: string }): Scenario {
  return scenarioSchema.parse({
    name: 'tune-latency',
    summary: `A backend whose latency is log-normal with median ${p50} and p99 ${p99}.`,
    backends: [{ name: 'app', behavior: { kind: 'slow', median: p50, p99 } }],
    load,
    variants: [{ name: 'sweep' }],
  });
}

export function sweepPoints(file: string, base: Scenario, swept: SweptParam[]): { values: Record<string, string>; plan: VariantPlan }[] {
  const grid = swept.reduce<Record<string, string>[]>((combos, { param, values }) => combos.flatMap((c) => values.map((v) => ({ ...c, [param]: v }))), [{}]);
  if (grid.length > MAX_SWEEP_POINTS) throw new ScenarioError([`the sweep has ${grid.length} points; at most ${MAX_SWEEP_POINTS}`], 'Sweep fewer values (a range like 200ms..2s/10).');
  const reproduction = base.variants[0]!;
  return grid.map((values) => {
    const scenario: Scenario = {
      ...base,
      chaos: [],
      nginx: { ...base.nginx, params: { ...base.nginx.params, ...reproduction.nginx, ...values } },
      load: { ...base.load, ...reproduction.load },
      variants: [{ ...reproduction, name: 'sweep', nginx: {}, expect: {}, chaos: undefined, load: undefined }],
    };
    const expanded = expandScenario(file, scenario);
    if (!expanded.ok) throw new ScenarioError(expanded.error);
    return { values, plan: expanded.value[0]! };
  });
}
