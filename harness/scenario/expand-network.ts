/**
 * The network side of a variant plan (pure): each replica's TLS certificate and network fault
 * (and whether it needs the fault helper and a delaying proxy), the run's DNS server with the
 * names it serves, and the host nginx resolves with proxy_pass_target variable.
 */
import type { DnsServerConfig } from '../../backends/dns/dns-config.js';
import { PATHS, type BackendNetworkSpec, type BackendTlsSpec } from '../runtime/runtime.js';
import type { ChaosAction } from './chaos-schema.js';
import type { NetworkFault } from './network-fault-schema.js';
import type { VariantPlan } from './expand.js';
import type { Backend, Scenario, Variant } from './schema.js';
import { parseDurationMs } from './units.js';

/** The upstream block's name in the reverse-proxy template: what nginx checks a certificate against by default. */
export const UPSTREAM_BLOCK_NAME = 'backend';

export function dnsDomainOf(scenario: Scenario, variant: Variant): string | undefined {
  return variant.dns?.domain ?? scenario.dns?.domain;
}

/** A name as the run's DNS server serves it: bare, or under the domain. */
export function servedName(name: string, domain: string | undefined): string {
  return domain ? `${name}.${domain}` : name;
}

export function tlsSpecOf(backend: Backend, alias: string, domain: string | undefined): BackendTlsSpec | undefined {
  if (!backend.tls) return undefined;
  const names = backend.tls.names ?? [...new Set([UPSTREAM_BLOCK_NAME, servedName(backend.name, domain), servedName(alias, domain)])];
  return { issuer: backend.tls.issuer, validity: backend.tls.validity, names, requireSni: backend.tls.require_sni, handshake: backend.tls.handshake };
}

/** A replica's fault from the start, and what its chaos actions need. */
export function networkSpecOf(backend: Backend, alias: string, chaos: readonly ChaosAction[]): BackendNetworkSpec | undefined {
  const own = chaos.filter((a) => (a.action === 'network-fault' || a.action === 'network-clear') && (a.target === backend.name || a.target === alias));
  if (!backend.network_fault && own.length === 0) return undefined;
  const faults: NetworkFault[] = [...(backend.network_fault ? [backend.network_fault] : []), ...own.flatMap((a) => (a.fault ? [a.fault] : []))];
  const latency = faults.find((f) => f.kind === 'latency');
  return {
    ...(backend.network_fault ? { initial: backend.network_fault } : {}),
    ...(latency?.kind === 'latency' ? { latencyMs: parseDurationMs(latency.delay)! } : {}),
  };
}

/** The run's DNS server for this variant, when nginx's resolver (now or after a reload) is dns-server. */
export function dnsServerOf(scenario: Scenario, variant: Variant, resolvers: readonly string[]): DnsServerConfig | undefined {
  if (!resolvers.includes('dns-server')) return undefined;
  const domain = dnsDomainOf(scenario, variant);
  const names: Record<string, string[]> = {};
  for (const base of scenario.backends) {
    const replicas = variant.backends?.[base.name]?.replicas ?? base.replicas;
    const aliases = Array.from({ length: replicas }, (_, i) => `${base.name}-${i + 1}`);
    names[servedName(base.name, domain)] = aliases;
    for (const alias of aliases) names[servedName(alias, domain)] = [alias];
  }
  return {
    names,
    ttlSeconds: Math.floor(parseDurationMs(variant.dns?.ttl ?? scenario.dns?.ttl ?? '5s')! / 1000),
    behavior: variant.dns?.behavior ?? scenario.dns?.behavior ?? 'answer',
  };
}

/** How many times chaos replaces the replica (a container is started beforehand for each). */
export function replacementsOf(backend: Backend, alias: string, chaos: readonly ChaosAction[]): number {
  return chaos.filter((a) => a.action === 'replace' && (a.target === backend.name || a.target === alias)).length;
}

/** The run's DNS server and internal CA, when nginx (as started, or as reloaded) needs them. */
export function planNetwork(plan: VariantPlan, resolver: string): Pick<VariantPlan, 'dns' | 'upstreamCa'> {
  const configs = [plan.nginxConfig, ...plan.chaos.flatMap((a) => (a.nginxConfig !== undefined ? [a.nginxConfig] : []))];
  const resolvers = [resolver, ...configs.filter((c) => /^\s*resolver dns-server\b/m.test(c)).map(() => 'dns-server')];
  const dns = dnsServerOf(plan.scenario, plan.variant, resolvers);
  return { ...(dns ? { dns } : {}), ...(configs.some((c) => c.includes(PATHS.upstreamCa)) ? { upstreamCa: true } : {}) };
}
