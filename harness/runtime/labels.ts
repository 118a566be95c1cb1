/** Labels on every container, network and volume the harness creates: how cleanup finds them. */
import { hostname } from 'node:os';

export const LABEL_MANAGED = 'io.badgateway.managed';
export const LABEL_RUN = 'io.badgateway.run';
export const LABEL_OWNER = 'io.badgateway.owner';
export const LABEL_ROLE = 'io.badgateway.role';
/** one variant's environment within a run */
export const LABEL_ENV = 'io.badgateway.env';
/**
 * "true" on everything of a run that holds a lease (run-lease.ts): such a run is alive exactly
 * while its lease container runs. Resources without it (older versions) fall back to the owner.
 */
export const LABEL_LEASED = 'io.badgateway.leased';

export type ResourceRole = 'network' | 'volume' | 'backend' | 'nginx' | 'lease'
  // beside a backend or on the network: the network fault helper, a delaying proxy, the run's DNS server
  | 'network-fault' | 'delay-proxy' | 'dns'
  // the load engine, and the readiness probe, when they run on the variant's network (a Docker Engine on another machine)
  | 'load' | 'probe';

/** Which process made a resource: "host:pid", for people reading labels (liveness is the lease's). */
export function ownerLabel(pid: number = process.pid): string {
  return `${hostname()}:${pid}`;
}

export function labelsFor(runId: string, role: ResourceRole, env: string): Record<string, string> {
  return { [LABEL_MANAGED]: 'true', [LABEL_RUN]: runId, [LABEL_OWNER]: ownerLabel(), [LABEL_ROLE]: role, [LABEL_ENV]: env, [LABEL_LEASED]: 'true' };
}

/** Docker API filter for everything of one run, or of every run when runId is omitted. */
export function labelFilter(runId?: string): { label: string[] } {
  return { label: runId ? [`${LABEL_MANAGED}=true`, `${LABEL_RUN}=${runId}`] : [`${LABEL_MANAGED}=true`] };
}
