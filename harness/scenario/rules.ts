/**
 * Cross-field rules: what the schema cannot see field by field. They run on a Scenario the schema
 * accepted (defaults filled in) and return issues by data path; load-scenario.ts locates them.
 */
import { isKnownSignature, SIGNATURE_IDS } from '../nginx/signatures.js';
import { checkTemplateParams, loadTemplate } from '../nginx/template-registry.js';
import { checkNetworkRules } from './network-rules.js';
import type { Behavior, Expectations, ParamValues, Scenario, Variant } from './schema.js';
import { checkLoadModel } from './load-model-rules.js';
import { parseDurationMs } from './units.js';
import { backendIssues, duplicateSockets } from './backend-rules.js';
import type { PathSegment } from './yaml-positions.js';

/** A problem at path; with key, a problem with that key of the map at path. */
export interface RuleIssue {
  path: PathSegment[];
  key?: string;
  message: string;
}

const METHODS_WITH_BODY = ['POST', 'PUT', 'PATCH', 'DELETE'];

export function checkScenarioRules(scenario: Scenario): RuleIssue[] {
  const template = scenario.nginx.template;
  // An unknown template is reported once, by the scenario-level check.
  const templateKnown = loadTemplate(template) !== undefined;
  return [
    ...uniqueNames(scenario.backends, 'backends', 'backend'),
    ...scenario.backends.flatMap((backend, i) => backendIssues(backend, ['backends', i], scenario.nginx.config === undefined ? template : undefined)),
    ...duplicateSockets(scenario.backends),
    ...scenario.variants.flatMap((variant, i) => variantBackends(scenario, variant, i)),
    ...userConfig(scenario),
    ...templateParams(template, scenario.nginx.params, ['nginx', 'params']),
    ...checkLoad(scenario),
    ...checkNetworkRules(scenario),
    ...checkLoadModel(scenario),
    ...uniqueNames(scenario.variants, 'variants', 'variant'),
    ...scenario.variants.flatMap((variant, i) => [
      ...(templateKnown ? templateParams(template, variant.nginx, ['variants', i, 'nginx']) : []),
      ...errorLogKeys(variant.expect, ['variants', i, 'expect', 'error_log']),
      ...Object.entries(variant.expect_by_version ?? {}).flatMap(([line, expect]) => errorLogKeys(expect, ['variants', i, 'expect_by_version', line, 'error_log'])),
      ...versionKeys(scenario, variant, i),
      ...backendKeys(scenario, variant, i),
      ...chaosReferences(scenario, variant, i),
    ]),
  ];
}

function uniqueNames(items: readonly { name: string }[], field: string, what: string): RuleIssue[] {
  const first = new Map<string, number>();
  const issues: RuleIssue[] = [];
  items.forEach((item, i) => {
    const earlier = first.get(item.name);
    if (earlier === undefined) first.set(item.name, i);
    else issues.push({ path: [field, i, 'name'], message: `"${item.name}" is already the name of ${field}[${earlier}]; give each ${what} its own name` });
  });
  return issues;
}

function templateParams(template: string, params: ParamValues, path: PathSegment[]): RuleIssue[] {
  const known = loadTemplate(template);
  return checkTemplateParams(template, params).map((issue) => {
    if (issue.key === '' || !known) return { path: ['nginx', 'template'], message: issue.message };
    if (!known.params[issue.key]) {
      const guess = closestMatch(issue.key, Object.keys(known.params));
      return { path, key: issue.key, message: `"${issue.key}" ${issue.message}${guess ? `; did you mean "${guess}"?` : ''}` };
    }
    return { path: [...path, issue.key], message: issue.message };
  });
}

function errorLogKeys(expect: Expectations, path: PathSegment[]): RuleIssue[] {
  const ids = SIGNATURE_IDS.includes('unknown') ? [...SIGNATURE_IDS] : [...SIGNATURE_IDS, 'unknown'];
  return Object.keys(expect.error_log ?? {})
    .filter((id) => !isKnownSignature(id))
    .map((id) => {
      const guess = closestMatch(id, ids);
      const message = `"${id}" is not a known error-log signature; known: ${ids.join(', ')}${guess ? `; did you mean "${guess}"?` : ''}`;
      return { path, key: id, message };
    });
}

/** expect_by_version names lines the scenario runs on (when it names any). */
function versionKeys(scenario: Scenario, variant: Variant, i: number): RuleIssue[] {
  const versions = scenario.nginx.versions;
  if (versions === undefined) return [];
  return Object.keys(variant.expect_by_version ?? {})
    .filter((line) => !versions.includes(line))
    .map((line) => ({ path: ['variants', i, 'expect_by_version'], key: line, message: `nginx ${line} is not one of nginx.versions (${versions.join(', ')}); add it there or remove these expectations` }));
}

/** Each variant's backends as they run (its overrides merged, which replace what the backend is). */
function variantBackends(scenario: Scenario, variant: Variant, i: number): RuleIssue[] {
  const template = scenario.nginx.config === undefined ? scenario.nginx.template : undefined;
  return Object.entries(variant.backends ?? {}).flatMap(([name, override]) => {
    const base = scenario.backends.find((b) => b.name === name);
    if (!base) return [];
    const merged = mergeBackend(base, override);
    const own = backendIssues(merged, ['variants', i, 'backends', name], template);
    // what the scenario's backend already reports is not said twice
    const baseMessages = new Set(backendIssues(base, [], template).map((issue) => issue.message));
    return own.filter((issue) => !baseMessages.has(issue.message));
  });
}

/** A backend with a variant's override: a new behavior, image or server replaces the others. */
export function mergeBackend<B extends Scenario['backends'][number]>(base: B, override: NonNullable<Variant['backends']>[string]): B {
  const merged = { ...base, ...override } as B;
  if (override.image || override.server) delete merged.behavior;
  if (override.behavior || override.server) delete merged.image;
  if (override.behavior || override.image) delete merged.server;
  return merged;
}

/** With the user's own config, template parameters have nothing to set: the config's values are tested. */
function userConfig(scenario: Scenario): RuleIssue[] {
  if (scenario.nginx.config === undefined) {
    return scenario.nginx.upstreams ? [{ path: ['nginx', 'upstreams'], message: 'maps the upstreams of your own config; give nginx.config too, or remove it' }] : [];
  }
  const issues: RuleIssue[] = [];
  if (Object.keys(scenario.nginx.params).length > 0) issues.push({ path: ['nginx', 'params'], message: 'sets template parameters, but nginx.config is your own config: its own values are what gets tested; remove params' });
  scenario.variants.forEach((variant, i) => {
    if (Object.keys(variant.nginx).length > 0) issues.push({ path: ['variants', i, 'nginx'], message: 'sets template parameters, but nginx.config is your own config; make a second config file for this variant instead' });
  });
  const names = scenario.backends.map((b) => b.name);
  for (const [upstream, backends] of Object.entries(scenario.nginx.upstreams ?? {})) {
    backends.forEach((name, j) => {
      if (!names.includes(name)) issues.push({ path: ['nginx', 'upstreams', upstream, j], message: `"${name}" is not a backend of this scenario; its backends: ${names.join(', ')}` });
    });
  }
  return issues;
}

/** Chaos targets name a backend, a replica or nginx; windows and recovery name actions that exist. */
function chaosReferences(scenario: Scenario, variant: Variant, i: number): RuleIssue[] {
  const actions = variant.chaos ?? scenario.chaos;
  const base: PathSegment[] = variant.chaos ? ['variants', i, 'chaos'] : ['chaos'];
  const targets = ['nginx', ...scenario.backends.flatMap((b) => {
    const replicas = variant.backends?.[b.name]?.replicas ?? b.replicas;
    return [b.name, ...Array.from({ length: replicas }, (_, r) => `${b.name}-${r + 1}`)];
  })];
  const issues: RuleIssue[] = actions.flatMap((a, j): RuleIssue[] => {
    if (!targets.includes(a.target)) return [{ path: [...base, j, 'target'], message: `"${a.target}" is not a backend, a replica or nginx; known: ${targets.join(', ')}` }];
    if (a.action !== 'scale') return [];
    const backend = scenario.backends.find((b) => b.name === a.target);
    if (!backend) return [{ path: [...base, j, 'target'], message: `scale takes a backend (e.g. ${scenario.backends[0]?.name ?? 'app'}), not a replica` }];
    const declared = variant.backends?.[backend.name]?.replicas ?? backend.replicas;
    return (a.replicas ?? 0) > declared ? [{ path: [...base, j, 'replicas'], message: `${a.replicas} is more than the ${declared} replica(s) ${backend.name} declares; declare the most it can have in replicas` }] : [];
  });
  const names = actions.map((a, j) => a.name ?? (actions.filter((o) => o.action === a.action).length > 1 ? `${a.action}-${actions.slice(0, j + 1).filter((o) => o.action === a.action).length}` : a.action));
  const check = (reference: string | undefined, path: PathSegment[]) => {
    if (reference === undefined || /^\d/.test(reference)) return;
    const name = /^([a-z0-9][a-z0-9-]*?)(?:\s*[+-]\s*\d+(?:\.\d+)?(?:ms|s))?$/.exec(reference)?.[1] ?? reference;
    if (!names.includes(name)) issues.push({ path, message: `"${name}" is not a chaos action of this variant; its actions: ${names.join(', ') || 'none'}` });
  };
  (variant.expect.windows ?? []).forEach((w, k) => {
    check(w.from, ['variants', i, 'expect', 'windows', k, 'from']);
    check(w.to, ['variants', i, 'expect', 'windows', k, 'to']);
  });
  check(variant.expect.recovery?.after, ['variants', i, 'expect', 'recovery', 'after']);
  return issues;
}

/** Backend names in a variant's overrides and expectations must be the scenario's backends. */
function backendKeys(scenario: Scenario, variant: Variant, i: number): RuleIssue[] {
  const names = scenario.backends.map((b) => b.name);
  const unknown = (keys: string[], path: PathSegment[]): RuleIssue[] =>
    keys
      .filter((name) => !names.includes(name))
      .map((name) => {
        const guess = closestMatch(name, names);
        return { path, key: name, message: `"${name}" is not a backend of this scenario; its backends: ${names.join(', ')}${guess ? `; did you mean "${guess}"?` : ''}` };
      });
  return [
    ...unknown(Object.keys(variant.backends ?? {}), ['variants', i, 'backends']),
    ...unknown(Object.keys(variant.expect.backends ?? {}), ['variants', i, 'expect', 'backends']),
  ];
}

/** Each variant runs with its load merged over the scenario's; issues sit where the values were written. */
function checkLoad(scenario: Scenario): RuleIssue[] {
  const issues = new Map<string, RuleIssue>();
  const add = (issue: RuleIssue): void => void issues.set(JSON.stringify(issue.path), issue);
  const unbounded = scenario.variants.map((v) => ({ ...scenario.load, ...v.load })).map((load) => load.duration === undefined && load.requests === undefined && load.stages === undefined);
  if (unbounded.every(Boolean)) {
    add({ path: ['load'], message: 'needs duration or requests so that the request loop ends; add one (e.g. duration: 10s)' });
  } else {
    unbounded.forEach((missing, i) => {
      if (!missing) return;
      const path: PathSegment[] = scenario.variants[i]!.load ? ['variants', i, 'load'] : ['variants', i];
      add({ path, message: "runs without duration or requests (neither here nor in the scenario's load); add one to this variant's load or the scenario's (e.g. duration: 10s)" });
    });
  }
  scenario.variants.forEach((variant, i) => {
    const own = variant.load ?? {};
    // Where each value was written: the variant's own load, or the scenario's.
    const at = (field: 'body' | 'body_bytes' | 'method'): PathSegment[] => (own[field] !== undefined ? ['variants', i, 'load', field] : ['load', field]);
    const bodyField = (own.body ?? scenario.load.body) !== undefined ? 'body' : (own.body_bytes ?? scenario.load.body_bytes) !== undefined ? 'body_bytes' : undefined;
    if ((own.body ?? scenario.load.body) !== undefined && (own.body_bytes ?? scenario.load.body_bytes) !== undefined) {
      add({ path: at('body_bytes'), message: 'give body or body_bytes, not both' });
    }
    const method = own.method ?? scenario.load.method;
    if (bodyField === undefined || METHODS_WITH_BODY.includes(method)) return;
    const path = own.method !== undefined && own[bodyField] === undefined ? at('method') : at(bodyField);
    add({ path, message: `a ${method} request carries no body; use method ${METHODS_WITH_BODY.slice(0, -1).join(', ')} or ${METHODS_WITH_BODY.at(-1)!}, or remove ${bodyField}` });
  });
  return [...issues.values()];
}

/** The candidate the word was most likely meant to be (a typo, another case, - for _), if any. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/-/g, '_');
  const exact = candidates.find((c) => norm(c) === norm(word));
  if (exact) return exact;
  const limit = Math.min(2, Math.floor(word.length / 3));
  const near = candidates
    .map((candidate) => ({ candidate, distance: editDistance(norm(word), norm(candidate)) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance);
  // Only an obvious match: p98 is as close to p95 as to p99, so neither is suggested.
  if (near.length === 0 || near[1]?.distance === near[0]!.distance) return undefined;
  return near[0]!.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
