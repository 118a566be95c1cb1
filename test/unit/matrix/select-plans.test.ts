import { describe, expect, it } from 'vitest';
import { globToRegExp, parseShard, selectPlans, type Selection } from '../../../harness/matrix/select-plans.js';
import { expandScenario, type VariantPlan } from '../../../harness/scenario/expand.js';
import { parseScenarioText } from '../../../harness/scenario/load-scenario.js';

function plansOf(name: string, variants: string[]): VariantPlan[] {
  const text = `name: ${name}\nsummary: s\nbackends:\n  - name: app\n    behavior: { kind: ok }\nload: { duration: 1s }\nvariants:\n${variants.map((v) => `  - name: ${v}\n`).join('')}`;
  const parsed = parseScenarioText(text, `${name}.yaml`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const plans = expandScenario(`${name}.yaml`, parsed.value);
  if (!plans.ok) throw new Error(plans.error.join('\n'));
  return plans.value;
}

/** In catalog order, not sorted: the shard split must not depend on it. */
const PLANS: VariantPlan[] = [
  ...plansOf('slow-backend', ['broken', 'tuned']),
  ...plansOf('crash', ['no-retry', 'retry', 'retry-post']),
  ...plansOf('oom', ['small']),
  ...plansOf('backlog-full', ['default', 'tuned']),
  ...plansOf('keepalive-race', ['broken', 'fixed']),
];

const ids = (plans: readonly VariantPlan[]) => plans.map((p) => `${p.scenario.name}/${p.variant.name}`);
const all: Selection = { scenarioPatterns: [], variantPatterns: [] };

describe('selectPlans: name filters', () => {
  it('takes every plan, in order, without patterns or shard', () => {
    expect(ids(selectPlans(PLANS, all))).toEqual(ids(PLANS));
  });

  it('matches scenario names by glob, whole names only', () => {
    expect(ids(selectPlans(PLANS, { ...all, scenarioPatterns: ['*backend*'] }))).toEqual(['slow-backend/broken', 'slow-backend/tuned']);
    expect(ids(selectPlans(PLANS, { ...all, scenarioPatterns: ['o?m'] }))).toEqual(['oom/small']);
    expect(ids(selectPlans(PLANS, { ...all, scenarioPatterns: ['slow'] }))).toEqual([]);
  });

  it('takes a plan that any pattern matches, and needs both the scenario and the variant to match', () => {
    expect(ids(selectPlans(PLANS, { ...all, scenarioPatterns: ['oom', 'crash'] }))).toEqual(['crash/no-retry', 'crash/retry', 'crash/retry-post', 'oom/small']);
    expect(ids(selectPlans(PLANS, { ...all, variantPatterns: ['tuned', 'retry*'] }))).toEqual([
      'slow-backend/tuned', 'crash/retry', 'crash/retry-post', 'backlog-full/tuned',
    ]);
    expect(ids(selectPlans(PLANS, { scenarioPatterns: ['crash'], variantPatterns: ['*post'] }))).toEqual(['crash/retry-post']);
  });
});

describe('selectPlans: shards', () => {
  const shard = (index: number, count: number, selection: Selection = all) => ids(selectPlans(PLANS, { ...selection, shard: { index, count } }));

  it('deals the sorted scenario names round-robin, keeping a scenario\'s variants together and in order', () => {
    // sorted: backlog-full, crash, keepalive-race, oom, slow-backend
    expect(shard(1, 2)).toEqual([
      'slow-backend/broken', 'slow-backend/tuned', 'backlog-full/default', 'backlog-full/tuned', 'keepalive-race/broken', 'keepalive-race/fixed',
    ]);
    expect(shard(2, 2)).toEqual(['crash/no-retry', 'crash/retry', 'crash/retry-post', 'oom/small']);
    expect(shard(1, 3)).toEqual(['oom/small', 'backlog-full/default', 'backlog-full/tuned']);
    expect(shard(2, 3)).toEqual(['slow-backend/broken', 'slow-backend/tuned', 'crash/no-retry', 'crash/retry', 'crash/retry-post']);
    expect(shard(3, 3)).toEqual(['keepalive-race/broken', 'keepalive-race/fixed']);
    expect(shard(7, 7)).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5, 7])('puts every plan in exactly one of %d shards', (count) => {
    const shards = Array.from({ length: count }, (_, i) => shard(i + 1, count));
    expect(shards.flat().sort()).toEqual(ids(PLANS).sort());
    for (const plans of shards) {
      const scenarios = new Set(plans.map((id) => id.split('/')[0]));
      for (const other of shards.filter((s) => s !== plans)) expect(other.some((id) => scenarios.has(id.split('/')[0]))).toBe(false);
    }
  });

  it('splits the same way whatever the order of the plans', () => {
    const reversed = ids(selectPlans([...PLANS].reverse(), { ...all, shard: { index: 2, count: 2 } }));
    expect(reversed.sort()).toEqual(shard(2, 2).sort());
  });

  it('shards what the filters chose', () => {
    expect(shard(1, 2, { ...all, variantPatterns: ['tuned'] })).toEqual(['backlog-full/tuned']);
    expect(shard(2, 2, { ...all, variantPatterns: ['tuned'] })).toEqual(['slow-backend/tuned']);
  });
});

describe('parseShard', () => {
  it.each([['1/1', 1, 1], ['2/4', 2, 4], ['4/4', 4, 4], ['01/04', 1, 4]])('reads %s', (text, index, count) => {
    expect(parseShard(text)).toEqual({ ok: true, value: { index, count } });
  });

  it.each(['0/4', '5/4', '1/0', '0/0', '2', '2/', '/4', 'a/b', '-1/4', '1.5/4', ' 2/4', '2/4 '])('refuses "%s"', (text) => {
    expect(parseShard(text)).toEqual({ ok: false, error: `--shard ${text} is not i/n with 1 <= i <= n (e.g. 2/4)` });
  });
});

describe('globToRegExp', () => {
  it('reads * as any run of characters and ? as one, everything else literally', () => {
    expect(globToRegExp('slow-*').test('slow-backend')).toBe(true);
    expect(globToRegExp('slow-*').test('very-slow-backend')).toBe(false);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('a?c').test('ac')).toBe(false);
    expect(globToRegExp('a.c').test('abc')).toBe(false);
    expect(globToRegExp('a+(b)[c]|{d}^$').test('a+(b)[c]|{d}^$')).toBe(true);
    expect(globToRegExp('*').test('')).toBe(true);
  });
});
