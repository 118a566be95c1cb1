/**
 * The catalog as failure modes for the gate (pure but for loading templates): each scenario's
 * reproduction is the mode; its fixes say whether nginx can fix it. A fix that changes only
 * nginx parameters (same backends, same load) is one the user's config can adopt, and becomes the
 * gate's suggestion; when every fix changes a backend, the mode is not fixable in nginx.
 */
import { roleOf } from '../expect/discrimination.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import { expandScenario, type VariantPlan } from '../scenario/expand.js';
import type { ChaosAction } from '../scenario/chaos-schema.js';
import type { Variant } from '../scenario/schema.js';
import { describeParamChange } from './param-changes.js';

export interface NginxFix {
  /** the fix variant's name */
  variant: string;
  summary?: string;
  /** the nginx settings it changes, as a user would write them: "proxy_read_timeout 1s" */
  changes: string[];
}

export interface FailureMode {
  file: string;
  scenario: string;
  summary: string;
  /** the variant the gate runs against the user's config */
  reproduction: Variant;
  /** fixes that change nginx only; empty when every fix changes a backend or the load */
  nginxFixes: NginxFix[];
  /** fixes that change a backend: what the user would have to change outside nginx */
  backendFixes: { variant: string; summary?: string }[];
}

export function failureModeOf(loaded: LoadedScenario): FailureMode {
  const { scenario, file } = loaded;
  const index = scenario.variants.findIndex((v, i) => roleOf(v, i) === 'reproduces');
  const reproduction = scenario.variants[index === -1 ? 0 : index]!;
  const expanded = expandScenario(file, { ...scenario, nginx: { ...scenario.nginx, config: undefined } });
  const plans = expanded.ok ? expanded.value : [];
  const planOf = (v: Variant) => plans.find((p) => p.variant.name === v.name);
  const base = planOf(reproduction);
  const nginxFixes: NginxFix[] = [];
  const backendFixes: FailureMode['backendFixes'] = [];
  scenario.variants.forEach((variant, i) => {
    if (roleOf(variant, i) !== 'fixes') return;
    const fix = planOf(variant);
    if (!base || !fix) return;
    const summary = variant.summary !== undefined ? { summary: variant.summary } : {};
    const reloads = reloadChanges(reproduction.chaos ?? scenario.chaos, variant.chaos ?? scenario.chaos);
    if (!sameBackends(base, fix) || !sameLoad(base, fix) || reloads === undefined) {
      backendFixes.push({ variant: variant.name, ...summary });
      return;
    }
    const changes = Object.keys(fix.params).filter((k) => fix.params[k] !== base.params[k]).map((k) => describeParamChange(k, fix.params[k]!, fix.params));
    changes.push(...reloads);
    if (changes.length > 0) nginxFixes.push({ variant: variant.name, ...summary, changes });
  });
  return { file, scenario: scenario.name, summary: scenario.summary, reproduction, nginxFixes, backendFixes };
}

/**
 * The nginx parameters a fix's reloads set differently from the reproduction's, when the chaos is
 * otherwise the same; undefined when the chaos differs in anything else (not an nginx fix).
 */
function reloadChanges(base: readonly ChaosAction[], fix: readonly ChaosAction[]): string[] | undefined {
  const withoutNginx = (actions: readonly ChaosAction[]) => JSON.stringify(actions.map(({ nginx: _nginx, ...rest }) => rest));
  if (withoutNginx(base) !== withoutNginx(fix)) return undefined;
  return fix.flatMap((action, i) => {
    const before = base[i]?.nginx ?? {};
    const after = action.nginx ?? {};
    return Object.keys(after).filter((k) => after[k] !== before[k]).map((k) => `${k} ${String(after[k])} in the config reloaded at ${action.at ?? `${action.after_requests} requests`}`);
  });
}

function sameBackends(a: VariantPlan, b: VariantPlan): boolean {
  return JSON.stringify(a.backends) === JSON.stringify(b.backends);
}

function sameLoad(a: VariantPlan, b: VariantPlan): boolean {
  return JSON.stringify({ ...a.load, clientTimeoutMs: 0 }) === JSON.stringify({ ...b.load, clientTimeoutMs: 0 });
}
