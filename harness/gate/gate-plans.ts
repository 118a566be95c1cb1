/**
 * The gate's variant plans: each failure mode's reproduction (its backends, its load, its chaos)
 * against the user's config, held to the budget; with a baseline config, the same mode against it
 * right after, with the same load. A mode without chaos sends the requests its budget needs to be
 * decided (a clean run of 300 requests cannot show that a 0.1% budget holds).
 */
import { parseComparator } from '../expect/comparator.js';
import { requestsToDecide } from '../expect/binomial.js';
import type { UserConfig } from '../nginx/user-config/load-user-config.js';
import { plansOf } from '../cli/load-plans.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import type { VariantPlan } from '../scenario/expand.js';
import { LIMITS, type Expectations, type LoadSpec, type Scenario } from '../scenario/schema.js';
import { nginxDuration, parseDurationMs } from '../scenario/units.js';
import type { FailureMode } from './failure-modes.js';
import { BASELINE_SUFFIX } from './judge-modes.js';
import { modeApplies } from './mode-applicability.js';

/** The most requests a mode is stretched to, whatever the budget asks. */
export const MAX_SIZED_REQUESTS = 20_000;

export interface GatePlanInput {
  scenarios: LoadedScenario[];
  modes: FailureMode[];
  config: UserConfig;
  baseline?: UserConfig;
  /** the nginx version line the config runs on; the default image when absent */
  version?: string;
  /** the line the baseline runs on (the same config on another version, or --baseline's); `version` when absent */
  baselineVersion?: string;
  budget: Expectations;
  confidence: number;
  upstreams: Record<string, string[]>;
  loadOverride: Partial<Pick<LoadSpec, 'path' | 'headers'>>;
}

export function gatePlans(input: GatePlanInput): VariantPlan[] {
  const minimum = requestsForBudget(input.budget, input.confidence);
  const candidate = { config: input.config, suffix: '', version: input.version };
  const compared = input.baseline !== undefined || input.baselineVersion !== undefined;
  const configs = compared ? [candidate, { config: input.baseline ?? input.config, suffix: BASELINE_SUFFIX, version: input.baselineVersion ?? input.version }] : [candidate];
  const plans: VariantPlan[] = [];
  for (const loaded of input.scenarios) {
    const mode = input.modes.find((m) => m.scenario === loaded.scenario.name)!;
    if (!modeApplies(loaded.scenario, mode.reproduction, input.config.directives)) continue;
    for (const { config, suffix, version } of configs) {
      const own = plansOf([loaded], ({ scenario }) => ({ userConfig: config, scenario: modeScenario(scenario, mode, config, input, minimum, suffix) }));
      plans.push(...own.map((p) => ({ ...p, ...(version !== undefined ? { nginxVersion: version } : {}), ...(!compared && stopsEarly(p, minimum) ? { earlyStop: { confidence: input.confidence } } : {}) })));
    }
  }
  return plans;
}

function modeScenario(scenario: Scenario, mode: FailureMode, config: UserConfig, input: GatePlanInput, minimum: number | undefined, suffix: string): Scenario {
  const reproduction = mode.reproduction;
  const chaos = reproduction.chaos ?? scenario.chaos;
  const load: LoadSpec = { ...scenario.load, ...reproduction.load, ...input.loadOverride, headers: { ...scenario.load.headers, ...reproduction.load?.headers, ...input.loadOverride.headers } };
  return {
    ...scenario,
    nginx: { template: scenario.nginx.template, params: {}, config: config.file, upstreams: input.upstreams },
    load: sized(load, chaos.length > 0, minimum),
    variants: [{ ...reproduction, name: `${reproduction.name}${suffix}`, load: undefined, nginx: {}, expect: input.budget }],
  };
}

/**
 * A load without chaos or stages sends `minimum` requests, or stops at a time cap (four times its
 * own duration, at least 20 s), whichever comes first: a config that handles the mode answers
 * them quickly; one that does not fails clearly long before the cap (every request a 504).
 */
export function sized(load: LoadSpec, hasChaos: boolean, minimum: number | undefined): LoadSpec {
  if (minimum === undefined || hasChaos || load.stages !== undefined) return load;
  if (load.requests !== undefined && load.requests >= minimum) return load;
  const ownMs = load.duration !== undefined ? parseDurationMs(load.duration)! : 0;
  const capMs = Math.min(Math.max(4 * ownMs, SIZED_MIN_CAP_MS), LIMITS.maxLoadDurationMs);
  return { ...load, requests: minimum, duration: nginxDuration(capMs) };
}

const SIZED_MIN_CAP_MS = 20_000;

/**
 * Whether a mode's load stops sending once its budget is broken (gate/early-decision.ts): a load
 * sized to the budget, without chaos or stages (their timeline is the mode). Never beside a
 * baseline (gatePlans): there the comparison decides, not the budget, and it wants every request.
 */
function stopsEarly(plan: VariantPlan, minimum: number | undefined): boolean {
  return minimum !== undefined && plan.chaos.length === 0 && !plan.load.stages && plan.load.requests !== undefined && plan.load.requests >= minimum;
}

/** Requests that decide the tightest share budget on a clean run; undefined for count budgets. */
export function requestsForBudget(budget: Expectations, confidence: number): number | undefined {
  const shares = [budget.failed, budget.transport_errors, ...Object.values(budget.status ?? {})]
    .flatMap((input) => {
      if (input === undefined) return [];
      const parsed = parseComparator(input);
      return parsed.ok && parsed.value.unit === 'share' && (parsed.value.op === '<=' || parsed.value.op === '<') ? [parsed.value.value] : [];
    })
    .filter((pct) => pct > 0);
  if (shares.length === 0) return undefined;
  const needed = requestsToDecide(0, Math.min(...shares), confidence, MAX_SIZED_REQUESTS);
  return needed === undefined ? MAX_SIZED_REQUESTS : Math.ceil(needed * 1.05);
}
