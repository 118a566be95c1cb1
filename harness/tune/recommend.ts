/**
 * The recommendation of a sweep (pure): among the points that passed the budget (never a failed
 * or inconclusive one: a point with too few requests to decide is not evidence), those that keep
 * each parameter's rule, then the cheapest: for one parameter the cheapest value, for a grid the
 * pair whose values sit lowest on their cost orders together (directive-types.ts says what cheap
 * means per directive). The rules are the incident playbooks': a read timeout 20–30% above the
 * measured upstream p99 and above the backend's own timeout; an upstream keep-alive timeout below
 * the backend's idle timeout. The text says what it rests on: the point's measured failed share
 * and interval, the measured p99 and where it was measured, the backend's timeouts.
 */
import { formatInterval } from '../expect/judge.js';
import { parseDurationMs, formatMs } from '../scenario/units.js';
import { tuningOf, type CostOrder } from './directive-types.js';
import type { SweepPoint } from './sweep-point.js';

export interface SweptParam {
  param: string;
  values: string[];
}

export interface RecommendOptions {
  /** the budget as given, for the text */
  budget: string;
  backendTimeoutMs?: number;
  backendIdleTimeoutMs?: number;
}

export interface RuleBound {
  param: string;
  rule: 'above-p99' | 'below-idle';
  /** above-p99: the upstream header time p99 it rests on, and where it was measured */
  measuredP99Ms?: number;
  measuredAt?: Record<string, string>;
  samples?: number;
  /** a value must be at least this (above-p99) or below this (below-idle), ms */
  lowerMs?: number;
  upperMs?: number;
  backendTimeoutMs?: number;
  backendIdleTimeoutMs?: number;
  text: string;
}

export interface Recommendation {
  /** the recommended value of each swept parameter; null when no point qualifies */
  values: Record<string, string> | null;
  text: string;
  rules: RuleBound[];
  counts: { pass: number; fail: number; inconclusive: number; belowRule: number };
}

export const RULE_LOW = 1.2;
export const RULE_HIGH = 1.3;

export function recommend(points: SweepPoint[], swept: SweptParam[], options: RecommendOptions): Recommendation {
  const rules = swept.flatMap((s) => ruleOf(s, points, options));
  const counts = { pass: 0, fail: 0, inconclusive: 0, belowRule: 0 };
  for (const p of points) counts[p.result]++;
  const passed = points.filter((p) => p.result === 'pass');
  const keeps = passed.filter((p) => rules.every((r) => keepsRule(p, r)));
  counts.belowRule = passed.length - keeps.length;
  const ranks = swept.map((s) => costRanks(s));
  const cost = (p: SweepPoint) => swept.map((s, i) => (s.values.length > 1 ? ranks[i]!.get(p.values[s.param]!)! / (s.values.length - 1) : 0));
  const order = (a: SweepPoint, b: SweepPoint) => {
    const [ca, cb] = [cost(a), cost(b)];
    const sum = (c: number[]) => c.reduce((x, y) => x + y, 0);
    return sum(ca) - sum(cb) || Math.max(...ca) - Math.max(...cb) || points.indexOf(a) - points.indexOf(b);
  };
  const what = swept.length > 1 ? 'pairs' : 'values';
  const tally = `${points.length} ${what} swept: ${counts.pass} within the budget, ${counts.fail} over it, ${counts.inconclusive} inconclusive`;
  const ruleText = rules.map((r) => r.text).join('; ');
  const chosen = [...keeps].sort(order)[0];
  if (!chosen) {
    const why = passed.length > 0 ? `the ${passed.length} within the budget break the rule (${ruleText})` : counts.inconclusive > 0 ? 'inconclusive points are never recommended: send more requests per point (--requests) or sweep a wider range' : 'sweep a wider range';
    return { values: null, rules, counts, text: `no ${what === 'pairs' ? 'pair' : 'value'} recommended: ${tally}; ${why}` };
  }
  const label = describe(chosen, swept);
  const cheaper = [...passed].sort(order)[0];
  const belowRule = cheaper && cheaper !== chosen && order(cheaper, chosen) < 0 ? `; ${describe(cheaper, swept)} also met the budget in this run but breaks the rule` : '';
  const costs = swept.map((s) => `${s.param} ${costWords(tuningOf(s.param).cost)}`).join(', ');
  return {
    values: chosen.values,
    rules,
    counts,
    text: `${label}: the cheapest ${what === 'pairs' ? 'pair' : 'value'} within the budget (${costs}); `
      + `failed ${pct(chosen.failedShare)} (${chosen.failed} of ${chosen.requests}, ${formatInterval(chosen.failedInterval)}) against ${options.budget}`
      + `${ruleText ? `; rests on: ${ruleText}` : ''}; ${tally}${belowRule}`,
  };
}

function ruleOf(s: SweptParam, points: SweepPoint[], options: RecommendOptions): RuleBound[] {
  const { rule } = tuningOf(s.param);
  if (!rule || s.values.some((v) => parseDurationMs(v) === undefined)) return [];
  if (rule === 'below-idle') {
    const idle = options.backendIdleTimeoutMs;
    if (idle === undefined) return [{ param: s.param, rule, text: `the backend's idle timeout is not known, so ${s.param} is not held below it (give --backend-idle-timeout)` }];
    return [{ param: s.param, rule, upperMs: idle, backendIdleTimeoutMs: idle, text: `${s.param} below the backend's idle timeout ${formatMs(idle)} (at or above it, nginx reuses connections the backend is closing)` }];
  }
  // The p99 where this parameter was largest: there the timeout itself cut the fewest requests.
  const largest = Math.max(...s.values.map((v) => parseDurationMs(v)!));
  const at = points.filter((p) => parseDurationMs(p.values[s.param]!) === largest && p.upstreamHeaderSamples > 0).sort((a, b) => b.upstreamHeaderSamples - a.upstreamHeaderSamples)[0];
  const timeout = options.backendTimeoutMs;
  if (!at) return [{ param: s.param, rule, lowerMs: Infinity, text: `no upstream header time was measured at ${s.param} ${formatMs(largest)}, so the p99 the rule needs is unknown` }];
  const p99 = at.upstreamHeaderP99Ms;
  const lowerMs = Math.max(p99 * RULE_LOW, timeout !== undefined ? timeout + 1 : 0);
  const upperMs = Math.max(p99 * RULE_HIGH, lowerMs);
  return [{
    param: s.param, rule, measuredP99Ms: p99, measuredAt: at.values, samples: at.upstreamHeaderSamples, lowerMs, upperMs,
    ...(timeout !== undefined ? { backendTimeoutMs: timeout } : {}),
    text: `${s.param} at least ${RULE_LOW}× the measured upstream p99 ${formatMs(p99)} (${at.upstreamHeaderSamples} samples at ${Object.entries(at.values).map(([k, v]) => `${k} ${v}`).join(', ')}), i.e. ${formatMs(lowerMs)}${timeout !== undefined ? `, above the backend's own timeout ${formatMs(timeout)}` : ''}`,
  }];
}

function keepsRule(p: SweepPoint, r: RuleBound): boolean {
  const ms = parseDurationMs(p.values[r.param]!)!;
  if (r.rule === 'above-p99') return r.lowerMs === undefined || ms >= r.lowerMs;
  return r.upperMs === undefined || ms < r.upperMs;
}

/** Each value's place on the parameter's cost order, 0 the cheapest. */
export function costRanks(s: SweptParam): Map<string, number> {
  const { cost, zeroIsUnlimited } = tuningOf(s.param);
  const magnitude = (v: string) => {
    const n = parseDurationMs(v) ?? (Number.isFinite(Number(v)) ? Number(v) : NaN);
    return zeroIsUnlimited && n === 0 ? Infinity : n;
  };
  const sorted = cost === 'as-given' || s.values.some((v) => Number.isNaN(magnitude(v)))
    ? [...s.values]
    : [...s.values].sort((a, b) => {
      const [x, y] = [magnitude(a), magnitude(b)];
      if (x === y) return 0;
      // "longest": the longest finite value is cheapest; unlimited stays the most expensive
      if (cost === 'longest') return x === Infinity ? 1 : y === Infinity ? -1 : y - x;
      return x - y;
    });
  return new Map(sorted.map((v, i) => [v, i]));
}

function costWords(cost: CostOrder): string {
  return { shortest: 'shortest first', longest: 'longest first', fewest: 'fewest first', smallest: 'smallest first', 'as-given': 'in the order swept' }[cost];
}

function describe(p: SweepPoint, swept: SweptParam[]): string {
  return swept.map((s) => `${s.param} ${p.values[s.param]}`).join(' × ');
}

const pct = (share: number) => `${Number(share.toFixed(2))}%`;
