/**
 * Cross-field rules of the load model (pure): the open model (arrival_rate) and the closed model
 * (connections, rate) do not mix, the open model's own fields need it, and a mix entry's body
 * needs a method that carries one. Each variant's load is checked merged over the scenario's.
 */
import type { Scenario } from './schema.js';
import type { PathSegment } from './yaml-positions.js';

interface Issue {
  path: PathSegment[];
  message: string;
}

const METHODS_WITH_BODY = ['POST', 'PUT', 'PATCH', 'DELETE'];
const OPEN_ONLY = ['arrivals', 'max_in_flight', 'seed'] as const;

export function checkLoadModel(scenario: Scenario): Issue[] {
  const issues = new Map<string, Issue>();
  const add = (path: PathSegment[], message: string) => void issues.set(JSON.stringify(path), { path, message });
  const loads: { own: Partial<Scenario['load']>; base: PathSegment[] }[] = [
    { own: scenario.load, base: ['load'] },
    ...scenario.variants.map((v, i) => ({ own: v.load ?? {}, base: ['variants', i, 'load'] as PathSegment[] })),
  ];
  scenario.variants.forEach((variant, i) => {
    const own = variant.load ?? {};
    const load = { ...scenario.load, ...own };
    const at = (field: keyof Scenario['load']): PathSegment[] => (own[field] !== undefined ? ['variants', i, 'load', field] : ['load', field]);
    const openStages = load.stages?.some((s) => s.arrival_rate !== undefined) ?? false;
    const closedStages = load.stages?.some((s) => s.rate !== undefined || s.connections !== undefined) ?? false;
    const open = load.arrival_rate !== undefined || openStages;
    if (load.arrival_rate !== undefined && load.rate !== undefined) add(at('rate'), 'give arrival_rate (open model) or rate (closed model), not both');
    if (load.stages && openStages && load.stages.some((s) => s.arrival_rate === undefined)) add(at('stages'), 'give every stage an arrival_rate (open model), or none');
    if (load.stages && openStages && closedStages) add(at('stages'), 'a stage takes arrival_rate and ramp (open model) or rate and connections (closed model), not both');
    if (load.stages && !openStages && load.stages.some((s) => s.ramp !== undefined)) add(at('stages'), 'ramp needs arrival_rate in the stages (open model)');
    if (load.stages && load.arrival_rate !== undefined) add(at('arrival_rate'), 'with stages, give arrival_rate in each stage instead');
    if (open && load.rate !== undefined && load.arrival_rate === undefined) add(at('rate'), 'rate is the closed model; the stages have arrival_rate (open model)');
    if (!open) {
      for (const field of OPEN_ONLY) if (load[field] !== undefined) add(at(field), `${field} belongs to the open model; add arrival_rate (requests per second) or remove ${field}`);
    }
    if (load.arrival_rate !== undefined && load.duration === undefined && load.requests === undefined) add(at('arrival_rate'), 'the open model needs duration or requests so that arrivals end (e.g. duration: 10s)');
    if (load.mix && (load.body !== undefined || load.body_bytes !== undefined)) add(at(load.body !== undefined ? 'body' : 'body_bytes'), 'with mix, give each entry its own body');
  });
  for (const { own, base } of loads) {
    own.mix?.forEach((entry, j) => {
      if (entry.body !== undefined && !METHODS_WITH_BODY.includes(entry.method)) add([...base, 'mix', j, 'body'], `a ${entry.method} request carries no body; use POST, PUT, PATCH or DELETE, or remove body`);
    });
  }
  return [...issues.values()];
}
