/**
 * The network side of starting a variant's environment: the run's DNS server, and a fault helper
 * (with its delaying proxy) for each replica that has network faults planned, its fault from the
 * start applied before nginx starts. Bundles beside the backend's: dist/backend/*.cjs.
 */
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';
import type { Images } from '../config/images.js';
import { LOCAL_NETFAULT_IMAGE } from '../config/images.js';
import { startDnsServer } from './dns-server-container.js';
import { NetworkFaultHelper } from './network-fault/network-fault-helper.js';
import type { BackendInstanceSpec, EnvironmentSpec } from './runtime.js';

export interface NetworkStartContext {
  docker: Docker;
  runId: string;
  env: string;
  images: Images;
  backendBundle: string;
}

function beside(backendBundle: string, file: string): string {
  return join(dirname(backendBundle), file);
}

export function startDnsServerFor(context: NetworkStartContext, spec: EnvironmentSpec): Promise<StartedTestContainer | undefined> {
  if (!spec.dns) return Promise.resolve(undefined);
  return startDnsServer({ runId: context.runId, env: context.env, nodeImage: context.images.node, bundle: beside(context.backendBundle, 'dns-server.cjs'), config: spec.dns });
}

/** Fault helpers for the replicas that need one, each with its fault from the start already on. */
export async function startFaultHelpers(context: NetworkStartContext, backends: readonly { spec: BackendInstanceSpec; container: StartedTestContainer }[]): Promise<NetworkFaultHelper[]> {
  const started: NetworkFaultHelper[] = [];
  const results = await Promise.allSettled(
    backends.filter((b) => b.spec.network).map(async ({ spec, container }) => {
      const helper = await NetworkFaultHelper.start({
        docker: context.docker, runId: context.runId, env: context.env,
        faultImage: context.images.netfault ?? LOCAL_NETFAULT_IMAGE, nodeImage: context.images.node,
        delayProxyBundle: beside(context.backendBundle, 'delay-proxy.cjs'),
        backend: container, alias: spec.alias, port: spec.port,
        ...(spec.network!.latencyMs !== undefined ? { latencyMs: spec.network!.latencyMs } : {}),
      });
      started.push(helper);
      if (spec.network!.initial) await helper.apply(spec.network!.initial);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return started;
}

/** The containers chaos replace will swap in, one per planned replace of each replica, started now so that a replace takes effect at once. */
export async function startReplacements(backends: readonly BackendInstanceSpec[], start: (backend: BackendInstanceSpec) => Promise<StartedTestContainer>): Promise<Map<string, StartedTestContainer[]>> {
  const ready = new Map<string, StartedTestContainer[]>();
  await Promise.all(
    backends.flatMap((backend) => Array.from({ length: backend.replacements ?? 0 }, async () => {
      const container = await start(backend);
      ready.set(backend.alias, [...(ready.get(backend.alias) ?? []), container]);
    })),
  );
  return ready;
}
