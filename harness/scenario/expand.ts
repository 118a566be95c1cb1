/**
 * Expands a validated scenario into one plan per variant: the variant's nginx parameters and load
 * merged over the scenario's, the nginx config rendered, the backend replicas named, the client
 * timeout chosen. Pure but for loading the template.
 */
import type { PlannedAction } from '../chaos/planned-action.js';
import type { ArrivalPlan, LoadPlan } from '../load/load-driver.js';
import type { ChaosAction } from './chaos-schema.js';
import { ACCESS_LOG_FORMAT } from '../nginx/access-log-format.js';
import { renderNginxConfig } from '../nginx/render-nginx-config.js';
import { adaptUserConfig } from '../nginx/user-config/adapt-user-config.js';
import { configTimeouts } from '../nginx/user-config/config-timeouts.js';
import type { UserConfig } from '../nginx/user-config/load-user-config.js';
import { writeNginxConf } from '../nginx/user-config/nginx-conf-parser.js';
import { loadTemplate } from '../nginx/template-registry.js';
import { err, ok, type Result } from '../result.js';
import { BACKEND_PORT, NGINX_PORT, PATHS, type BackendInstanceSpec } from '../runtime/runtime.js';
import { LIMITS, type LoadSpec, type Scenario, type Variant } from './schema.js';
import { parseDurationMs, parseSizeBytes } from './units.js';
import type { DnsServerConfig } from '../../backends/dns/dns-config.js';
import { dnsDomainOf, networkSpecOf, planNetwork, replacementsOf, servedName, tlsSpecOf } from './expand-network.js';
import { protocolOf } from './backend-rules.js';
import { mergeBackend } from './rules.js';
import { PHP_FPM_PORT } from '../../backends/app-servers/php-fpm/schema.js';

export interface VariantPlan {
  file: string;
  scenario: Scenario;
  variant: Variant;
  /** final nginx parameter values as rendered (empty with the user's own config) */
  params: Record<string, string>;
  /** what adapting the user's own config changed, file:line each */
  configNotes: string[];
  nginxConfig: string;
  backends: BackendInstanceSpec[];
  /** the load, without nginx's URL (known once nginx runs) */
  load: Omit<LoadPlan, 'baseUrl'>;
  /** chaos actions on the load's clock */
  chaos: PlannedAction[];
  /** how the load reaches nginx: https for a user's server that listens with ssl */
  nginxScheme: 'http' | 'https';
  /** whether nginx needs the certificate made for the run */
  nginxTls: boolean;
  /** whether nginx needs the run's internal CA (it verifies TLS backends) */
  upstreamCa?: boolean;
  /** the run's DNS server, when nginx's resolver asks it */
  dns?: DnsServerConfig;
  /** files the config needs in nginx's container (a PHP front controller under its root) */
  nginxFiles?: { path: string; content: string }[];
  /** the nginx version line it runs on (nginx.versions, --nginx-version); the default image's when absent */
  nginxVersion?: string;
  /** the image that provides that version, chosen before the run starts; the default nginx image when absent */
  nginxImage?: string;
  /** a gate mode's sized load: it stops sending once its budget (the variant's expect) is broken (gate/early-decision.ts) */
  earlyStop?: { confidence: number };
}

export const SERIES_INTERVAL_MS = 250;
const CLIENT_TIMEOUT_MARGIN_MS = 5_000;

export function expandScenario(file: string, scenario: Scenario, userConfig?: UserConfig): Result<VariantPlan[], string[]> {
  const template = loadTemplate(scenario.nginx.template);
  if (!template) return err([`${file}: nginx.template: unknown template "${scenario.nginx.template}"`]);
  const plans: VariantPlan[] = [];
  const problems: string[] = [];
  for (const [index, variant] of scenario.variants.entries()) {
    let backends = instancesOf(scenario, variant);
    if (userConfig) {
      const given: LoadSpec = { ...scenario.load, ...variant.load };
      const hostHeader = Object.entries(given.headers).find(([name]) => name.toLowerCase() === 'host')?.[1];
      const adapted = adaptUserConfig(userConfig.directives, {
        backends: backends.map((b) => ({ host: b.alias, port: b.port, backend: b.backend, ...(b.socket ? { socket: b.socket } : {}) })),
        upstreamMap: scenario.nginx.upstreams ?? {},
        listenPort: NGINX_PORT,
        accessLogPath: PATHS.accessLog,
        errorLogPath: PATHS.errorLog,
        accessLogFormat: ACCESS_LOG_FORMAT,
        tls: { certificatePath: PATHS.tlsCertificate, keyPath: PATHS.tlsKey },
        ...(hostHeader !== undefined ? { hostHeader } : {}),
      });
      if (!adapted.ok) {
        problems.push(adapted.error);
        continue;
      }
      const speaks = targetProtocol(adapted.value.target.protocols);
      if (speaks.unsupported) {
        problems.push(`${adapted.value.target.at}: the server the load goes to hands requests to its upstream over ${speaks.unsupported}; badgateway's backends speak HTTP or FastCGI, so the gate cannot exercise it. Point the load at a server that proxies over HTTP or FastCGI (--header "Host: <its server_name>")`);
        continue;
      }
      if (speaks.fastcgi) {
        backends = instancesOf(scenario, variant, true);
        const notFastcgi = backends.find((b) => b.protocol !== 'fastcgi');
        if (notFastcgi) {
          problems.push(`${adapted.value.target.at}: the server the load goes to passes requests over FastCGI, but backend ${notFastcgi.backend} of ${scenario.name} speaks HTTP (${notFastcgi.app ? 'your own app' : `server ${notFastcgi.server?.kind}`}); use a fake behaviour or server php-fpm`);
          continue;
        }
      }
      const routed = adapted.value.target.host !== undefined && hostHeader === undefined ? { ...given.headers, Host: adapted.value.target.host } : given.headers;
      const load: LoadSpec = { ...given, headers: routed };
      const timeouts = configTimeouts(userConfig.directives);
      const routeNote = routed !== given.headers ? [`${adapted.value.target.at}: the load goes to this server, with Host: ${adapted.value.target.host}`] : [];
      plans.push({
        file, scenario, variant, params: {}, configNotes: [...userConfig.notes, ...adapted.value.notes, ...routeNote],
        nginxConfig: `# ${userConfig.file}, adapted by badgateway (see the notes in the report)\n${writeNginxConf(adapted.value.directives)}`,
        backends,
        load: toLoadPlan(load, clientTimeoutMs(load, timeouts, backends.length)),
        chaos: [],
        nginxScheme: adapted.value.target.scheme,
        nginxTls: adapted.value.tls,
        nginxFiles: adapted.value.files,
      });
      // Your own config reloads as it is: a reload's template parameters have nothing to set in it.
      const plan = plans.at(-1)!;
      const chaos = planChaos(variant.chaos ?? scenario.chaos, (extra) => {
        const keys = Object.keys(extra);
        if (keys.length > 0) plan.configNotes.push(`${scenario.name}: the reload's template parameters (${keys.join(', ')}) do not apply to your config: it is reloaded as it is`);
        return ok(plan.nginxConfig);
      });
      if (chaos.ok) plan.chaos = chaos.value;
      else problems.push(`${file}: variants[${index}] chaos: ${chaos.error}`);
      continue;
    }
    const renderContext = {
      scenario: scenario.name,
      variant: variant.name,
      upstreams: backends.map((b) => ({ host: b.alias, port: b.port, ...(b.socket ? { socket: b.socket } : {}) })),
      listenPort: NGINX_PORT,
      accessLogPath: PATHS.accessLog,
      errorLogPath: PATHS.errorLog,
      variableUpstream: { host: servedName(backends[0]!.backend, dnsDomainOf(scenario, variant)), port: backends[0]!.port },
      upstreamCaPath: PATHS.upstreamCa,
    };
    const rendered = renderNginxConfig(template, { ...scenario.nginx.params, ...variant.nginx }, renderContext);
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
      configNotes: [],
      nginxConfig: rendered.value.text,
      backends,
      load: toLoadPlan(load, clientTimeoutMs(load, rendered.value.values, backends.length)),
      chaos: [],
      nginxScheme: 'http',
      nginxTls: false,
    });
    const chaos = planChaos(variant.chaos ?? scenario.chaos, (extra) => {
      const next = renderNginxConfig(template, { ...scenario.nginx.params, ...variant.nginx, ...extra }, renderContext);
      return next.ok ? ok(next.value.text) : err(next.error.map((i) => `${i.key}: ${i.message}`).join('; '));
    });
    if (chaos.ok) plans.at(-1)!.chaos = chaos.value;
    else problems.push(`${file}: variants[${index}] chaos: ${chaos.error}`);
    Object.assign(plans.at(-1)!, planNetwork(plans.at(-1)!, rendered.value.values.resolver ?? 'off'));
  }
  return problems.length > 0 ? err(problems) : ok(plans);
}

/**
 * What the backends must speak for the load target: HTTP when it proxies over HTTP (or nothing),
 * FastCGI when FastCGI is all it passes; anything else no backend here speaks.
 */
function targetProtocol(protocols: readonly string[]): { fastcgi: boolean; unsupported?: string } {
  if (protocols.length === 0 || protocols.includes('http')) return { fastcgi: false };
  if (protocols.every((p) => p === 'fastcgi')) return { fastcgi: true };
  return { fastcgi: false, unsupported: protocols.join(' and ') };
}

/**
 * Every replica of every backend, with the variant's backend overrides applied (a new behavior,
 * image or server replaces the others), and what the network features need of each (TLS, a fault,
 * replacements for chaos replace). fastcgi: the user's config passes FastCGI, so every fake
 * backend serves its behaviour over FastCGI.
 */
function instancesOf(scenario: Scenario, variant: Variant, fastcgi = false): BackendInstanceSpec[] {
  const domain = dnsDomainOf(scenario, variant);
  const chaos = variant.chaos ?? scenario.chaos;
  return scenario.backends.flatMap((base) => {
    const backend = mergeBackend(base, variant.backends?.[base.name] ?? {});
    const protocol = fastcgi && backend.behavior ? 'fastcgi' : protocolOf(backend);
    return Array.from({ length: backend.replicas }, (_, i) => {
      const alias = `${backend.name}-${i + 1}`;
      const tls = tlsSpecOf(backend, alias, domain);
      const network = networkSpecOf(backend, alias, chaos);
      const replacements = replacementsOf(backend, alias, chaos);
      return {
        backend: backend.name,
        replica: i + 1,
        alias,
        ...(backend.behavior ? { behavior: backend.behavior } : {}),
        ...(backend.image ? { app: { image: backend.image, ...(backend.command ? { command: backend.command } : {}), env: backend.env, readyPath: backend.ready_path } } : {}),
        ...(backend.server ? { server: backend.server } : {}),
        protocol,
        ...(backend.socket ? { socket: backend.socket } : {}),
        port: backend.image ? backend.port : backend.server?.kind === 'php-fpm' ? PHP_FPM_PORT : BACKEND_PORT,
        memoryBytes: parseSizeBytes(backend.memory)!,
        restart: backend.restart,
        shutdown: backend.shutdown,
        ...(tls ? { tls } : {}),
        ...(network ? { network } : {}),
        ...(replacements > 0 ? { replacements } : {}),
      };
    });
  });
}

/**
 * Chaos actions with their names (the action, or action-N when it repeats) and times resolved;
 * a reload's config is rendered now, so a bad parameter is an input error, not a failed run.
 */
function planChaos(actions: readonly ChaosAction[], configFor: (params: Record<string, string | number | boolean>) => Result<string, string>): Result<PlannedAction[], string> {
  const planned: PlannedAction[] = [];
  for (const [i, a] of actions.entries()) {
    const repeats = actions.filter((other) => other.action === a.action).length > 1;
    const name = a.name ?? (repeats ? `${a.action}-${actions.slice(0, i + 1).filter((o) => o.action === a.action).length}` : a.action);
    let nginxConfig: string | undefined;
    if (a.action === 'reload') {
      const config = configFor(a.nginx ?? {});
      if (!config.ok) return err(`${name}: ${config.error}`);
      nginxConfig = config.value;
    }
    planned.push({
      name,
      action: a.action,
      target: a.target,
      ...(a.at !== undefined ? { atMs: parseDurationMs(a.at)! } : {}),
      ...(a.after_requests !== undefined ? { afterRequests: a.after_requests } : {}),
      signal: a.signal,
      graceMs: parseDurationMs(a.grace)!,
      ...(a.behavior ? { behavior: a.behavior } : {}),
      ...(a.replicas !== undefined ? { replicas: a.replicas } : {}),
      ...(a.fault ? { fault: a.fault } : {}),
      ...(nginxConfig !== undefined ? { nginxConfig } : {}),
    });
  }
  return ok(planned);
}

/** Default bound on requests in flight in the open model (each holds one connection). */
export const DEFAULT_MAX_IN_FLIGHT = 256;

export function toLoadPlan(load: LoadSpec, timeoutMs: number): Omit<LoadPlan, 'baseUrl'> {
  const arrival = arrivalPlan(load);
  return {
    path: load.path,
    method: load.method,
    headers: load.headers,
    ...(load.body !== undefined ? { body: load.body } : {}),
    ...(load.body_bytes !== undefined ? { body: 'x'.repeat(load.body_bytes) } : {}),
    ...(load.mix !== undefined
      ? { mix: load.mix.map((m) => ({ method: m.method, path: m.path, headers: m.headers, weight: m.weight, ...(m.body !== undefined ? { body: m.body } : {}) })) }
      : {}),
    connections: load.connections,
    ...(load.duration !== undefined ? { durationMs: parseDurationMs(load.duration)! } : {}),
    ...(load.requests !== undefined ? { requests: load.requests } : {}),
    ...(load.stages !== undefined && !arrival
      ? {
          stages: load.stages.map((s) => ({ durationMs: parseDurationMs(s.duration)!, ...(s.rate !== undefined ? { ratePerSecond: s.rate } : {}), ...(s.connections !== undefined ? { connections: s.connections } : {}) })),
          durationMs: load.stages.reduce((sum, s) => sum + parseDurationMs(s.duration)!, 0),
        }
      : {}),
    ...(arrival ? { arrival, durationMs: arrival.segments.reduce((sum, s) => sum + s.durationMs, 0) } : {}),
    ...(load.rate !== undefined ? { ratePerSecond: load.rate } : {}),
    clientTimeoutMs: timeoutMs,
    intervalMs: SERIES_INTERVAL_MS,
  };
}

/** The open model's schedule: arrival_rate over the duration (or over requests / rate), or stages. */
function arrivalPlan(load: LoadSpec): ArrivalPlan | undefined {
  const common = { process: load.arrivals ?? 'constant', maxInFlight: load.max_in_flight ?? DEFAULT_MAX_IN_FLIGHT, seed: load.seed ?? 1 } as const;
  if (load.stages?.some((s) => s.arrival_rate !== undefined)) {
    let previous = 0;
    const segments = load.stages.map((s) => {
      const to = s.arrival_rate ?? 0;
      const segment = { durationMs: parseDurationMs(s.duration)!, fromPerSecond: s.ramp === 'linear' ? previous : to, toPerSecond: to };
      previous = to;
      return segment;
    });
    return { ...common, segments };
  }
  if (load.arrival_rate === undefined) return undefined;
  const durationMs = load.duration !== undefined ? parseDurationMs(load.duration)! : Math.ceil(((load.requests ?? 0) * 1000) / load.arrival_rate);
  return { ...common, segments: [{ durationMs, fromPerSecond: load.arrival_rate, toPerSecond: load.arrival_rate }] };
}

/**
 * Longer than the slowest answer nginx can give: every attempt nginx may make (one per server,
 * or proxy_next_upstream_tries) can wait for connect, send and read timeouts in turn (proxy_* or,
 * for a FastCGI template, fastcgi_*).
 */
export function clientTimeoutMs(load: LoadSpec, params: Record<string, string>, servers: number): number {
  if (load.client_timeout !== undefined) return parseDurationMs(load.client_timeout)!;
  const ms = (key: string) => (params[key] !== undefined ? parseDurationMs(params[key]) ?? 0 : 0);
  const module = params.fastcgi_read_timeout !== undefined && params.proxy_read_timeout === undefined ? 'fastcgi' : 'proxy';
  const tries = Number(params[`${module}_next_upstream_tries`] ?? 0);
  const attempts = tries > 0 ? Math.min(tries, servers) : servers;
  const perAttempt = ms(`${module}_connect_timeout`) + ms(`${module}_send_timeout`) + ms(`${module}_read_timeout`);
  const retryLimit = ms('proxy_next_upstream_timeout');
  const nginxMs = retryLimit > 0 ? Math.min(retryLimit + perAttempt, attempts * perAttempt) : attempts * perAttempt;
  return Math.min(nginxMs + CLIENT_TIMEOUT_MARGIN_MS, LIMITS.maxLoadDurationMs);
}
