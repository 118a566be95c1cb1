import { describe, expect, it } from 'vitest';
import { implementationOf } from '../../../backends/behaviors/index.js';
import { BEHAVIOR_KINDS, behaviorSchema } from '../../../backends/behaviors/schemas.js';
import { expandScenario, type VariantPlan } from '../../../harness/scenario/expand.js';
import { formatIssue, parseScenarioText } from '../../../harness/scenario/load-scenario.js';
import { TLS_CAPABLE_BEHAVIORS } from '../../../harness/scenario/upstream-tls-schema.js';

function plans(text: string): VariantPlan[] {
  const parsed = parseScenarioText(text, 'inline.yaml');
  if (!parsed.ok) throw new Error(parsed.error.map(formatIssue).join('\n'));
  const expanded = expandScenario('inline.yaml', parsed.value);
  if (!expanded.ok) throw new Error(expanded.error.join('\n'));
  return expanded.value;
}

function issues(text: string): string[] {
  const parsed = parseScenarioText(text, 'inline.yaml');
  return parsed.ok ? [] : parsed.error.map((i) => `${i.path}: ${i.message}`);
}

const BASE = `name: net
summary: network features
backends:
  - name: app
    replicas: 2
    behavior: { kind: ok }
load: { duration: 1s }
`;

describe('expanding the network features of a scenario', () => {
  it('gives each TLS replica its certificate names (by default the names nginx checks) and nginx the internal CA when it verifies', () => {
    const [plan] = plans(`${BASE.replace('behavior: { kind: ok }', 'behavior: { kind: ok }\n    tls: { validity: expired }')}nginx: { params: { proxy_pass_scheme: https, proxy_ssl_verify: "on" } }
variants: [{ name: v }]`);
    expect(plan!.backends.map((b) => b.tls)).toEqual([
      { issuer: 'internal-ca', validity: 'expired', names: ['backend', 'app', 'app-1'], requireSni: false, handshake: 'complete' },
      { issuer: 'internal-ca', validity: 'expired', names: ['backend', 'app', 'app-2'], requireSni: false, handshake: 'complete' },
    ]);
    expect(plan!.upstreamCa).toBe(true);
    expect(plan!.nginxConfig).toContain('proxy_pass https://backend;');
    expect(plan!.dns).toBeUndefined();
  });

  it('needs no CA file when nginx does not verify, and no TLS spec for a plain backend', () => {
    const [plan] = plans(`${BASE}nginx: { params: { proxy_pass_scheme: https } }\nvariants: [{ name: v }]`);
    expect(plan!.upstreamCa).toBeUndefined();
    expect(plan!.backends[0]!.tls).toBeUndefined();
  });

  it("starts the run's DNS server only for resolver dns-server, serving every backend and replica under the domain", () => {
    const [withDns, without] = plans(`${BASE}dns: { domain: svc.cluster.local, ttl: 2s }
nginx: { params: { proxy_pass_target: variable, resolver: dns-server } }
variants:
  - { name: asks-dns-server }
  - { name: copied-resolver, nginx: { resolver: 127.0.0.1 }, dns: { behavior: servfail } }`);
    expect(withDns!.dns).toEqual({
      names: { 'app.svc.cluster.local': ['app-1', 'app-2'], 'app-1.svc.cluster.local': ['app-1'], 'app-2.svc.cluster.local': ['app-2'] },
      ttlSeconds: 2,
      behavior: 'answer',
    });
    expect(withDns!.nginxConfig).toContain('set $upstream_host app.svc.cluster.local;');
    expect(withDns!.nginxConfig).toContain('resolver dns-server;');
    expect(without!.dns).toBeUndefined();
  });

  it('plans a fault helper for replicas with a fault from the start or in chaos, with the delay of their latency', () => {
    const [plan] = plans(`${BASE}chaos:
  - { at: 1s, action: network-fault, target: app-2, fault: { kind: latency, delay: 300ms } }
  - { at: 2s, action: network-clear, target: app-2 }
  - { at: 2s, action: replace, target: app-1 }
variants: [{ name: v }]`);
    expect(plan!.backends.map((b) => [b.alias, b.network, b.replacements])).toEqual([
      ['app-1', undefined, 1],
      ['app-2', { latencyMs: 300 }, undefined],
    ]);
    expect(plan!.chaos.map((a) => [a.action, a.fault])).toEqual([['network-fault', { kind: 'latency', delay: '300ms' }], ['network-clear', undefined], ['replace', undefined]]);
    const [static_] = plans(`${BASE.replace('behavior: { kind: ok }', 'behavior: { kind: ok }\n    network_fault: { kind: reject }')}variants: [{ name: v }]`);
    expect(static_!.backends[0]!.network).toEqual({ initial: { kind: 'reject', with: 'host-unreachable' } });
  });
});

describe('network rules', () => {
  it('keeps TLS to fake backends whose behaviour is served by a request handler', () => {
    expect(issues(`${BASE.replace('behavior: { kind: ok }', 'behavior: { kind: refused }\n    tls: {}')}variants: [{ name: v }]`)).toEqual([
      'backends[0].tls: behaviour refused takes the connection over itself and cannot be served over TLS; TLS works with ok, slow, crash, oom, cpu-bound, keepalive-close, big-header',
    ]);
    expect(issues(`${BASE}variants: [{ name: v, backends: { app: { image: 'myapp:1', tls: {} } } }]`)).toEqual([
      'variants[0].backends.app.tls: tls is for fake backends (behavior): your own app serves TLS itself; remove tls',
    ]);
  });

  it('lists exactly the behaviours without a start of their own as TLS-capable', () => {
    const handlers = BEHAVIOR_KINDS.filter((kind) => !implementationOf(behaviorSchema.parse({ kind, ...(kind === 'slow' ? { delay: '1ms' } : kind === 'crash' ? { after_requests: 1 } : {}) })).start);
    expect([...TLS_CAPABLE_BEHAVIORS].sort()).toEqual([...handlers].sort());
  });

  it('asks for one latency per backend and variant, and a resolver for the DNS server', () => {
    expect(issues(`${BASE}chaos:
  - { at: 1s, action: network-fault, target: app, fault: { kind: latency, delay: 300ms } }
  - { at: 2s, action: network-fault, target: app-1, fault: { kind: latency, delay: 1s } }
variants: [{ name: v }]`)).toEqual(['variants[0]: latency faults on app use 300ms and 1s; a variant can add one latency per backend (one delaying proxy): use one delay']);
    expect(issues(`${BASE}dns: { ttl: 1s }\nvariants: [{ name: v }]`)).toEqual([
      "dns: the run's DNS server starts only for a resolver that asks it, and no variant sets resolver: dns-server; set it, or remove dns",
    ]);
  });

  it('refuses a network-fault without a fault, and a fault on another action', () => {
    expect(issues(`${BASE}chaos: [{ at: 1s, action: network-fault, target: app }]\nvariants: [{ name: v }]`)).toEqual(['chaos[0].fault: network-fault needs fault (e.g. fault: { kind: drop })']);
    expect(issues(`${BASE}chaos: [{ at: 1s, action: kill, target: app, fault: { kind: drop } }]\nvariants: [{ name: v }]`)).toEqual(['chaos[0].fault: fault is for network-fault, not kill']);
  });
});
