/** Removes containers and networks by label: after a run, on a signal, and for `badgateway clean`. */
import type Docker from 'dockerode';
import { LABEL_OWNER, labelFilter } from './labels.js';

export interface Removed {
  containers: number;
  networks: number;
}

/** Everything of one run, or of every run when runId is omitted. Containers first, then networks. */
export async function removeLabelled(docker: Docker, runId?: string): Promise<Removed> {
  const filters = labelFilter(runId);
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => removeContainer(docker, c.Id)));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(ignoreGone)));
  return { containers: containers.length, networks: networks.length };
}

export async function removeContainer(docker: Docker, id: string): Promise<void> {
  await docker.getContainer(id).remove({ force: true, v: true }).catch(ignoreGone);
}

/** Run ids whose owning process on this host is gone: leftovers of a crash. */
export async function orphanedRunIds(docker: Docker, host: string, isAlive: (pid: number) => boolean): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: labelFilter() });
  const networks = await docker.listNetworks({ filters: labelFilter() });
  const labels = [...containers.map((c) => c.Labels), ...networks.map((n) => n.Labels ?? {})];
  const runs = new Set<string>();
  for (const label of labels) {
    const [owner, pid] = (label[LABEL_OWNER] ?? '').split(':');
    if (owner === host && pid && !isAlive(Number(pid))) runs.add(label['io.badgateway.run'] ?? '');
  }
  runs.delete('');
  return [...runs];
}

function ignoreGone(error: { statusCode?: number }): void {
  // 404: already removed; 409: removal already in progress. Anything else is a real fault.
  if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
}
