/**
 * Expands a validated scenario into one plan per variant: the variant's nginx parameters and load
 * merged over the scenario's, the nginx config rendered, the backend replicas named, the client
 * timeout chosen. Pure but for loading the template.
 */
import type { LoadPlan } from '../load/load-driver.js';
import { renderNginxConfig } from '../nginx/render-nginx-config.js';
import { loadTemplate } from '../nginx/template-registry.js';
import { err, ok, type Result } from '../result.js';
import { BACKEND_PORT, NGINX_PORT, PATHS, type BackendInstanceSpec } from '../runtime/runtime.js';
import { LIMITS, type LoadSpec, type Scenario, type Variant } from './schema.js';
import { parseDurationMs } from './units.js';

export interface VariantPlan {
  file: string;
  scenario: Scenario;
  variant: Variant;
  /** final nginx parameter values as rendered */
  params: Record<string, string>;
  nginxConfig: string;
  backends: BackendInstanceSpec[];
  /** the load, without nginx's URL (known once nginx runs) */
  load: Omit<LoadPlan, 'baseUrl'>;
}

export const SERIES_INTERVAL_MS = 250;
const CLIENT_TIMEOUT_MARGIN_MS = 5_000;

export function expandScenario(file: string, scenario: Scenario): Result<VariantPlan[], string[]> {
  const template = loadTemplate(scenario.nginx.template);
  if (!template) return err([`${file}: nginx.template: unknown template "${scenario.nginx.template}"`]);
  const backends = scenario.backends.flatMap((backend) =>
    Array.from({ length: backend.replicas }, (_, i) => ({ backend: backend.name, replica: i + 1, alias: `${backend.name}-${i + 1}`, behavior: backend.behavior })),
  );
  const plans: VariantPlan[] = [];
  const problems: string[] = [];
  for (const [index, variant] of scenario.variants.entries()) {
    const rendered = renderNginxConfig(template, { ...scenario.nginx.params, ...variant.nginx }, {
      scenario: scenario.name,
      variant: variant.name,
      upstreams: backends.map((b) => ({ host: b.alias, port: BACKEND_PORT })),
      listenPort: NGINX_PORT,
      accessLogPath: PATHS.accessLog,
      errorLogPath: PATHS.errorLog,
    });
    if (!rendered.ok) {
      problems.push(...rendered.error.map((issue) => `${file}: variants[${index}].nginx.${issue.key}: ${issue.message}`));
      continue;
    }
    const load: LoadSpec = { ...scenario.load, ...variant.load };
    plans.push({
      file,
      scenario,
      variant,
      params: rendered.value.values,
      nginxConfig: rendered.value.text,
      backends,
      load: toLoadPlan(load, clientTimeoutMs(load, rendered.value.values, backends.length)),
    });
  }
  return problems.length > 0 ? err(problems) : ok(plans);
}

function toLoadPlan(load: LoadSpec, timeoutMs: number): Omit<LoadPlan, 'baseUrl'> {
  return {
    path: load.path,
    method: load.method,
    headers: load.headers,
    ...(load.body !== undefined ? { body: load.body } : {}),
    connections: load.connections,
    ...(load.duration !== undefined ? { durationMs: parseDurationMs(load.duration)! } : {}),
    ...(load.requests !== undefined ? { requests: load.requests } : {}),
    ...(load.rate !== undefined ? { ratePerSecond: load.rate } : {}),
    clientTimeoutMs: timeoutMs,
    intervalMs: SERIES_INTERVAL_MS,
  };
}

/**
 * Longer than the slowest answer nginx can give: every attempt nginx may make (one per server,
 * or proxy_next_upstream_tries) can wait for connect, send and read timeouts in turn.
 */
export function clientTimeoutMs(load: LoadSpec, params: Record<string, string>, servers: number): number {
  if (load.client_timeout !== undefined) return parseDurationMs(load.client_timeout)!;
  const ms = (key: string) => (params[key] !== undefined ? parseDurationMs(params[key]) ?? 0 : 0);
  const tries = Number(params.proxy_next_upstream_tries ?? 0);
  const attempts = tries > 0 ? Math.min(tries, servers) : servers;
  const perAttempt = ms('proxy_connect_timeout') + ms('proxy_send_timeout') + ms('proxy_read_timeout');
  const retryLimit = ms('proxy_next_upstream_timeout');
  const nginxMs = retryLimit > 0 ? Math.min(retryLimit + perAttempt, attempts * perAttempt) : attempts * perAttempt;
  return Math.min(nginxMs + CLIENT_TIMEOUT_MARGIN_MS, LIMITS.maxLoadDurationMs);
}
