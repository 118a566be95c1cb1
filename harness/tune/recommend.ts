/**
 * The recommendation of a sweep (pure): the smallest value whose error share meets the budget
 * and, for a timeout, that also keeps the rule of thumb the incident playbooks give: above the
 * upstream's p99 by 20–30%, and above the backend's own timeout. It quotes the measured p99 it
 * rests on: the upstream header time p99 at the largest value swept, where the fewest requests
 * were cut short by the timeout itself.
 */
import { parseDurationMs, formatMs } from '../scenario/units.js';

export interface SweepPoint {
  /** the parameter values of this point, e.g. { proxy_read_timeout: "1s" } */
  values: Record<string, string>;
  requests: number;
  /** shares in percent */
  share502: number;
  share504: number;
  share5xx: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  upstreamHeaderP50Ms: number;
  upstreamHeaderP99Ms: number;
  upstreamHeaderSamples: number;
}

export interface Recommendation {
  param: string;
  value: string | null;
  text: string;
  /** for a timeout: the measured upstream p99 and the rule's lower bound */
  rule?: { measuredP99Ms: number; lowerMs: number; upperMs: number; backendTimeoutMs?: number };
}

export const RULE_LOW = 1.2;
export const RULE_HIGH = 1.3;

export function recommend(param: string, points: SweepPoint[], budgetShare: number, backendTimeoutMs?: number): Recommendation {
  const ordered = [...points].sort((a, b) => order(a.values[param]!) - order(b.values[param]!));
  const meets = ordered.filter((p) => p.share5xx <= budgetShare);
  const isTimeout = param.endsWith('_timeout') && parseDurationMs(ordered[0]?.values[param] ?? '') !== undefined;
  if (!isTimeout) {
    const first = meets[0];
    return first
      ? { param, value: first.values[param]!, text: `${param} ${first.values[param]}: the smallest value swept with 5xx ${pct(first.share5xx)} (budget ${pct(budgetShare)})` }
      : { param, value: null, text: `no value swept kept 5xx within ${pct(budgetShare)}` };
  }
  const widest = ordered.at(-1)!;
  const p99 = widest.upstreamHeaderP99Ms;
  const lowerMs = Math.max(p99 * RULE_LOW, backendTimeoutMs !== undefined ? backendTimeoutMs + 1 : 0);
  const upperMs = Math.max(p99 * RULE_HIGH, lowerMs);
  const rule = { measuredP99Ms: p99, lowerMs, upperMs, ...(backendTimeoutMs !== undefined ? { backendTimeoutMs } : {}) };
  const quote = `measured upstream p99 ${formatMs(p99)} (at ${param} ${widest.values[param]}, ${widest.upstreamHeaderSamples} samples)`;
  const chosen = meets.find((p) => parseDurationMs(p.values[param]!)! >= lowerMs);
  const cheapest = meets[0];
  if (!chosen) {
    return { param, value: null, rule, text: `no value swept both met the budget (${pct(budgetShare)}) and reached ${formatMs(lowerMs)} (${RULE_LOW}× the ${quote}); sweep higher` };
  }
  const below = cheapest && cheapest !== chosen ? `; ${cheapest.values[param]} already met the budget in this run but sits below the rule` : '';
  return {
    param,
    value: chosen.values[param]!,
    rule,
    text: `${param} ${chosen.values[param]}: 5xx ${pct(chosen.share5xx)} (budget ${pct(budgetShare)}), and at least ${RULE_LOW}× the ${quote}, i.e. ${formatMs(lowerMs)}${backendTimeoutMs !== undefined ? `, above the backend's own ${formatMs(backendTimeoutMs)}` : ''}${below}`,
  };
}

function order(value: string): number {
  return parseDurationMs(value) ?? (Number.isFinite(Number(value)) ? Number(value) : 0);
}

const pct = (share: number) => `${Number(share.toFixed(2))}%`;
