/**
 * What a variant's load depends on, checked before and after the load: the run's networks and its
 * nginx containers, each still there, running and on its networks. Something outside badgateway
 * that removes one of them mid-run (docker rm -f, docker network rm, a prune, `clean --all`) would
 * otherwise turn into 502s that look like nginx's doing; this says what went away instead.
 * Chaos never removes a network or nginx, so any such change is a fault.
 */
import type Docker from 'dockerode';
import { LABEL_ENV, LABEL_ROLE, labelFilter } from './runtime/labels.js';

export interface ResourceSnapshot {
  /** network id → name */
  networks: Map<string, string>;
  /** nginx container id → name and the network ids it is on */
  nginx: Map<string, { name: string; networks: string[] }>;
}

/** The run's networks and nginx containers; with `environment`, only that environment's (another job's come and go). */
export async function snapshotResources(docker: Docker, runId: string, environment?: string): Promise<ResourceSnapshot> {
  const filters = { label: [...labelFilter(runId).label, ...(environment !== undefined ? [`${LABEL_ENV}=${environment}`] : [])] };
  const [networks, containers] = await Promise.all([docker.listNetworks({ filters }), docker.listContainers({ filters: { label: [...filters.label, `${LABEL_ROLE}=nginx`] } })]);
  return {
    networks: new Map(networks.map((n) => [n.Id, n.Name])),
    nginx: new Map(containers.map((c) => [c.Id, { name: (c.Names[0] ?? c.Id).replace(/^\//, ''), networks: Object.values(c.NetworkSettings?.Networks ?? {}).map((n) => n.NetworkID) }])),
  };
}

/** What of `before` is gone or cut off in `after`, in words; empty when nothing is. */
export function missingResources(before: ResourceSnapshot, after: ResourceSnapshot): string[] {
  const missing: string[] = [];
  for (const [id, name] of before.networks) if (!after.networks.has(id)) missing.push(`network ${name} was removed`);
  for (const [id, nginx] of before.nginx) {
    const now = after.nginx.get(id);
    if (!now) {
      missing.push(`container ${nginx.name} was removed or stopped`);
      continue;
    }
    if (before.networks.size > 0 && !now.networks.some((n) => after.networks.has(n))) {
      missing.push(`container ${nginx.name} is on none of the run's networks`);
      continue;
    }
    for (const network of nginx.networks) {
      if (before.networks.has(network) && after.networks.has(network) && !now.networks.includes(network)) missing.push(`container ${nginx.name} was disconnected from network ${before.networks.get(network)}`);
    }
  }
  return missing;
}
