/**
 * Cross-field rules: what the schema cannot see field by field. They run on a Scenario the schema
 * accepted (defaults filled in) and return issues by data path; load-scenario.ts locates them.
 */
import { isKnownSignature, SIGNATURE_IDS } from '../nginx/signatures.js';
import { checkTemplateParams, loadTemplate } from '../nginx/template-registry.js';
import type { Behavior, ParamValues, Scenario, Variant } from './schema.js';
import { parseDurationMs } from './units.js';
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
    ...scenario.backends.flatMap((backend, i) => checkSlowBehavior(backend.behavior, ['backends', i, 'behavior'])),
    ...templateParams(template, scenario.nginx.params, ['nginx', 'params']),
    ...checkLoad(scenario),
    ...uniqueNames(scenario.variants, 'variants', 'variant'),
    ...scenario.variants.flatMap((variant, i) => [
      ...(templateKnown ? templateParams(template, variant.nginx, ['variants', i, 'nginx']) : []),
      ...errorLogKeys(variant, i),
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

function checkSlowBehavior(behavior: Behavior, path: PathSegment[]): RuleIssue[] {
  if (behavior.kind !== 'slow') return [];
  const { delay, median, p99 } = behavior;
  if (delay !== undefined && (median !== undefined || p99 !== undefined)) {
    return [{ path, message: 'gives both delay and median/p99; use delay for a fixed delay, or median and p99 for a spread, not both' }];
  }
  if (delay !== undefined) return [];
  if (median === undefined && p99 === undefined) {
    return [{ path, message: 'a slow backend needs a delay; add delay (e.g. delay: 2s), or median and p99 (e.g. median: 200ms, p99: 2s)' }];
  }
  if (median === undefined || p99 === undefined) {
    const missing = median === undefined ? 'median' : 'p99';
    return [{ path, message: `has ${missing === 'median' ? 'p99' : 'median'} without ${missing}; give both median and p99 (e.g. median: 200ms, p99: 2s)` }];
  }
  if (parseDurationMs(p99)! < parseDurationMs(median)!) {
    return [{ path: [...path, 'p99'], message: `${p99} is below the median of ${median}; p99 must be at least the median` }];
  }
  return [];
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

function errorLogKeys(variant: Variant, i: number): RuleIssue[] {
  const ids = SIGNATURE_IDS.includes('unknown') ? [...SIGNATURE_IDS] : [...SIGNATURE_IDS, 'unknown'];
  return Object.keys(variant.expect.error_log ?? {})
    .filter((id) => !isKnownSignature(id))
    .map((id) => {
      const guess = closestMatch(id, ids);
      const message = `"${id}" is not a known error-log signature; known: ${ids.join(', ')}${guess ? `; did you mean "${guess}"?` : ''}`;
      return { path: ['variants', i, 'expect', 'error_log'], key: id, message };
    });
}

/** Each variant runs with its load merged over the scenario's; issues sit where the values were written. */
function checkLoad(scenario: Scenario): RuleIssue[] {
  const issues = new Map<string, RuleIssue>();
  const add = (issue: RuleIssue): void => void issues.set(JSON.stringify(issue.path), issue);
  const unbounded = scenario.variants.map((v) => ({ ...scenario.load, ...v.load })).map((load) => load.duration === undefined && load.requests === undefined);
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
    const body = own.body ?? scenario.load.body;
    const method = own.method ?? scenario.load.method;
    if (body === undefined || METHODS_WITH_BODY.includes(method)) return;
    const path: PathSegment[] = own.body !== undefined ? ['variants', i, 'load', 'body'] : own.method !== undefined ? ['variants', i, 'load', 'method'] : ['load', 'body'];
    add({ path, message: `a ${method} request carries no body; use method ${METHODS_WITH_BODY.slice(0, -1).join(', ')} or ${METHODS_WITH_BODY.at(-1)!}, or remove body` });
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
