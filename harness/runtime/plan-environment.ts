/** What the runtime starts for a variant plan (pure): one place, for the runner and the library. */
import type { VariantPlan } from '../scenario/expand.js';
import type { EnvironmentSpec } from './runtime.js';

export function environmentSpecOf(plan: VariantPlan, nginxHostPort?: number): EnvironmentSpec {
  return {
    label: `${plan.scenario.name}/${plan.variant.name}`,
    backends: plan.backends,
    nginxConfig: plan.nginxConfig,
    ...(plan.nginxImage !== undefined ? { nginxImage: plan.nginxImage } : {}),
    nginxScheme: plan.nginxScheme,
    nginxTls: plan.nginxTls,
    ...(plan.nginxFiles ? { nginxFiles: plan.nginxFiles } : {}),
    ...(plan.upstreamCa ? { upstreamCa: true } : {}),
    ...(plan.dns ? { dns: plan.dns } : {}),
    ...(nginxHostPort !== undefined ? { nginxHostPort } : {}),
  };
}
