/**
 * The network side of a variant's environment, beside its backends: the run's DNS server, a fault
 * helper (with its delaying proxy) for each replica that has network faults planned, its fault from
 * the start applied before nginx starts, and the containers chaos replace will swap in, started now
 * so that a replace takes effect at once. All of them serve this variant only: the runtime removes
 * them when it ends (removeNetworkParts), and never keeps a backend they touched.
 */
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import type { Images } from '../config/images.js';
import { LOCAL_NETFAULT_IMAGE } from '../config/images.js';
import type { StartedBackend } from './backend-containers.js';
import { removeContainer } from './cleanup.js';
import type { HostFilesBy, RunningContainer } from './container-spec.js';
import { startDnsServer } from './dns-server-container.js';
import { NetworkFaultHelper } from './network-fault/network-fault-helper.js';
import type { BackendInstanceSpec, EnvironmentSpec } from './runtime.js';

export interface NetworkStartContext {
  docker: Docker;
  runId: string;
  lane: string;
  network: string;
  images: Images;
  backendBundle: string;
  /** how the bundles get in (a bind mount when omitted) */
  hostFilesBy?: HostFilesBy;
  /** a container name unique in the runtime */
  nameFor(what: string): string;
}

export interface NetworkParts {
  dns?: RunningContainer;
  helpers: Map<string, NetworkFaultHelper>;
  /** replacements started for chaos replace, by replica alias, not yet swapped in */
  replacements: Map<string, StartedBackend[]>;
  /** another replacement, when a replica is replaced more often than planned */
  startReplacement(spec: BackendInstanceSpec): Promise<StartedBackend>;
}

/** A bundle beside the fake backend's (dist/backend/). */
export function beside(backendBundle: string, file: string): string {
  return join(dirname(backendBundle), file);
}

/** Starts what the spec's network features need; removes what it started when one part fails. */
export async function startNetworkParts(
  context: NetworkStartContext,
  spec: EnvironmentSpec,
  backends: readonly { spec: BackendInstanceSpec; containerId: string }[],
  startReplacement: (spec: BackendInstanceSpec) => Promise<StartedBackend>,
): Promise<NetworkParts> {
  const parts: NetworkParts = { helpers: new Map(), replacements: new Map(), startReplacement };
  const started = await Promise.allSettled([
    (async () => {
      if (!spec.dns) return;
      parts.dns = await startDnsServer({
        docker: context.docker, runId: context.runId, lane: context.lane, network: context.network, name: context.nameFor('dns-server'),
        nodeImage: context.images.node, bundle: beside(context.backendBundle, 'dns-server.cjs'), config: spec.dns,
        ...(context.hostFilesBy ? { hostFilesBy: context.hostFilesBy } : {}),
      });
    })(),
    ...backends.filter((b) => b.spec.network).map(async ({ spec: backend, containerId }) => {
      const helper = await NetworkFaultHelper.start({
        docker: context.docker, runId: context.runId, lane: context.lane, name: context.nameFor(backend.alias),
        faultImage: context.images.netfault ?? LOCAL_NETFAULT_IMAGE, nodeImage: context.images.node,
        delayProxyBundle: beside(context.backendBundle, 'delay-proxy.cjs'),
        ...(context.hostFilesBy ? { hostFilesBy: context.hostFilesBy } : {}),
        backendId: containerId, alias: backend.alias, port: backend.port,
        ...(backend.network!.latencyMs !== undefined ? { latencyMs: backend.network!.latencyMs } : {}),
      });
      parts.helpers.set(backend.alias, helper);
      if (backend.network!.initial) await helper.apply(backend.network!.initial);
    }),
    ...backends.flatMap(({ spec: backend }) => Array.from({ length: backend.replacements ?? 0 }, async () => {
      const replacement = await startReplacement(backend);
      parts.replacements.set(backend.alias, [...(parts.replacements.get(backend.alias) ?? []), replacement]);
      await replacement.ready;
    })),
  ]);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await removeNetworkParts(context.docker, parts);
    throw failed.reason;
  }
  return parts;
}

/** Every container of the network parts (helpers and proxies first, then the rest). */
export async function removeNetworkParts(docker: Docker, parts: NetworkParts | undefined): Promise<void> {
  if (!parts) return;
  for (const helper of parts.helpers.values()) helper.close();
  await Promise.all([...parts.helpers.values()].flatMap((h) => h.containerIds).map((id) => removeContainer(docker, id)));
  const rest = [...(parts.dns ? [parts.dns.id] : []), ...[...parts.replacements.values()].flat().map((r) => r.container.id)];
  await Promise.all(rest.map((id) => removeContainer(docker, id)));
}
