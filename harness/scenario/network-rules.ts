/**
 * Cross-field rules of the network features (pure): TLS only on fake backends whose behaviour is
 * served through a request handler, one latency per replica and variant (one delaying proxy each),
 * and the run's DNS server only where a resolver asks it.
 */
import type { NetworkFault } from './network-fault-schema.js';
import { mergeBackend, type RuleIssue } from './rules.js';
import type { Scenario } from './schema.js';
import { TLS_CAPABLE_BEHAVIORS } from './upstream-tls-schema.js';

export function checkNetworkRules(scenario: Scenario): RuleIssue[] {
  return [...tlsBackends(scenario), ...latencies(scenario), ...dnsUse(scenario)];
}

function tlsBackends(scenario: Scenario): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const check = (backend: { tls?: unknown; image?: string; server?: { kind: string }; behavior?: { kind: string } }, path: (string | number)[]) => {
    if (!backend.tls) return;
    if (backend.image) issues.push({ path: [...path, 'tls'], message: 'tls is for fake backends (behavior): your own app serves TLS itself; remove tls' });
    else if (backend.server) issues.push({ path: [...path, 'tls'], message: `tls is for fake backends (behavior): server ${backend.server.kind} serves plain HTTP or FastCGI here; remove tls` });
    else if (backend.behavior && !(TLS_CAPABLE_BEHAVIORS as readonly string[]).includes(backend.behavior.kind)) {
      issues.push({ path: [...path, 'tls'], message: `behaviour ${backend.behavior.kind} takes the connection over itself and cannot be served over TLS; TLS works with ${TLS_CAPABLE_BEHAVIORS.join(', ')}` });
    }
  };
  scenario.backends.forEach((backend, i) => check(backend, ['backends', i]));
  scenario.variants.forEach((variant, i) => {
    for (const [name, override] of Object.entries(variant.backends ?? {})) {
      const base = scenario.backends.find((b) => b.name === name);
      if (!base || (override.tls === undefined && override.behavior === undefined && override.image === undefined && override.server === undefined)) continue;
      check(mergeBackend(base, override), ['variants', i, 'backends', name]);
    }
  });
  return issues;
}

/** One delaying proxy per replica: a variant's latency faults on a backend share one delay. */
function latencies(scenario: Scenario): RuleIssue[] {
  const issues: RuleIssue[] = [];
  scenario.variants.forEach((variant, i) => {
    const delays = new Map<string, Set<string>>();
    const add = (target: string, fault: NetworkFault | undefined) => {
      if (fault?.kind !== 'latency') return;
      const backend = scenario.backends.find((b) => b.name === target || target.startsWith(`${b.name}-`))?.name ?? target;
      delays.set(backend, (delays.get(backend) ?? new Set()).add(fault.delay));
    };
    for (const backend of scenario.backends) add(backend.name, variant.backends?.[backend.name]?.network_fault ?? backend.network_fault);
    for (const action of variant.chaos ?? scenario.chaos) add(action.target, action.fault);
    for (const [backend, set] of delays) {
      if (set.size > 1) issues.push({ path: ['variants', i], message: `latency faults on ${backend} use ${[...set].join(' and ')}; a variant can add one latency per backend (one delaying proxy): use one delay` });
    }
  });
  return issues;
}

function dnsUse(scenario: Scenario): RuleIssue[] {
  if (!scenario.dns) return [];
  const asked = [scenario.nginx.params, ...scenario.variants.map((v) => v.nginx), ...scenario.variants.flatMap((v) => (v.chaos ?? scenario.chaos).map((a) => a.nginx ?? {}))]
    .some((params) => params.resolver === 'dns-server');
  return asked ? [] : [{ path: ['dns'], message: "the run's DNS server starts only for a resolver that asks it, and no variant sets resolver: dns-server; set it, or remove dns" }];
}
