/**
 * From a base scenario and one or two swept parameters to one plan per point of the grid (pure but
 * for loading the template). A parameter is a template parameter, or, with the user's config, a
 * directive set where the sweep places it (place-directive.ts). Every point is held to the budget
 * as the gate holds a mode (its expectations are the budget) and, unless the load gives its own
 * count, sends the requests the budget needs to be decided (the gate's sizing). Without a
 * scenario, the base is a backend whose latency is log-normal with the given median and p99
 * (seeded: the same delays on every run).
 */
import { ScenarioError } from '../errors.js';
import { sized, requestsForBudget } from '../gate/gate-plans.js';
import type { UserConfig } from '../nginx/user-config/load-user-config.js';
import { expandScenario, type VariantPlan } from '../scenario/expand.js';
import { scenarioSchema, type Expectations, type Scenario } from '../scenario/schema.js';
import { setDirective, type Placement } from './place-directive.js';
import type { DirectiveType } from './directive-types.js';
import type { SweptParam } from './recommend.js';

export const MAX_SWEEP_POINTS = 40;

export interface PointPlan {
  values: Record<string, string>;
  plan: VariantPlan;
}

/** A swept directive of the user's config, where it goes. */
export interface PlacedParam extends SweptParam {
  type: DirectiveType;
  placement: Placement;
}

export interface SweepInput {
  file: string;
  base: Scenario;
  budget: Expectations;
  confidence: number;
  /** requests per point, instead of the budget's sizing */
  requests?: number;
}

export function latencyScenario(p50: string, p99: string, load: { connections: number; duration: string }): Scenario {
  return scenarioSchema.parse({
    name: 'tune-latency',
    summary: `A backend whose latency is log-normal with median ${p50} and p99 ${p99}.`,
    backends: [{ name: 'app', behavior: { kind: 'slow', median: p50, p99 } }],
    load,
    variants: [{ name: 'sweep' }],
  });
}

/** Template parameters: each point renders the template with its values. */
export function sweepPoints(input: SweepInput, swept: SweptParam[]): PointPlan[] {
  return grid(swept).map((values) => ({ values, plan: expand(input, (nginx) => ({ ...nginx, params: { ...nginx.params, ...values } })) }));
}

/** Directives of the user's config: each point runs the config with its values set in place. */
export function configSweepPoints(input: SweepInput, config: UserConfig, swept: PlacedParam[], upstreams: Record<string, string[]>): PointPlan[] {
  return grid(swept).map((values) => {
    const directives = swept.reduce((list, s) => setDirective(list, s.placement, s.param, values[s.param]!, s.type), config.directives);
    const placed = swept.map((s) => `${s.placement.context}: ${s.param} ${values[s.param]} (swept by tune)`);
    const own: UserConfig = { ...config, directives, notes: [...config.notes, ...placed] };
    return { values, plan: expand(input, () => ({ template: input.base.nginx.template, params: {}, config: config.file, upstreams }), own) };
  });
}

function grid(swept: SweptParam[]): Record<string, string>[] {
  const combos = swept.reduce<Record<string, string>[]>((list, { param, values }) => list.flatMap((c) => values.map((v) => ({ ...c, [param]: v }))), [{}]);
  if (combos.length > MAX_SWEEP_POINTS) throw new ScenarioError([`the sweep has ${combos.length} points; at most ${MAX_SWEEP_POINTS}`], 'Sweep fewer values (a range like 200ms..2s/10).');
  return combos;
}

function expand(input: SweepInput, nginxOf: (nginx: Scenario['nginx']) => Scenario['nginx'], userConfig?: UserConfig): VariantPlan {
  const { base } = input;
  const reproduction = base.variants[0]!;
  const merged = { ...base.nginx, params: { ...base.nginx.params, ...reproduction.nginx } };
  const load = { ...base.load, ...reproduction.load };
  // --requests: that many per point (a time cap as the gate's); else what the budget needs, unless the load counts its own
  const { requests: _own, ...uncounted } = load;
  const counted = input.requests !== undefined ? uncounted : load;
  const scenario: Scenario = {
    ...base,
    chaos: [],
    nginx: nginxOf(merged),
    load: sized(counted, false, input.requests ?? requestsForBudget(input.budget, input.confidence)),
    variants: [{ ...reproduction, name: 'sweep', nginx: {}, expect: input.budget, chaos: undefined, load: undefined }],
  };
  const expanded = expandScenario(input.file, scenario, userConfig);
  if (!expanded.ok) throw new ScenarioError(expanded.error);
  return expanded.value[0]!;
}
