/** Removes containers, networks and volumes by label: after a run, on a signal, and for `badgateway clean`. */
import type Docker from 'dockerode';
import { StaleNetworkError } from '../errors.js';
import { LABEL_LEASED, LABEL_OWNER, LABEL_RUN, labelFilter } from './labels.js';
import { listLeases, liveLeases } from './run-lease.js';

export interface Removed {
  containers: number;
  networks: number;
  volumes: number;
}

/** Everything of one run, or of every run when runId is omitted. Containers first, then networks and volumes. */
export async function removeLabelled(docker: Docker, runId?: string): Promise<Removed> {
  const filters = labelFilter(runId);
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => removeContainer(docker, c.Id)));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => removeNetwork(docker, n.Id)));
  const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
  await Promise.all(volumes.map((v) => removeVolume(docker, v.Name)));
  return { containers: containers.length, networks: networks.length, volumes: volumes.length };
}

export async function removeVolume(docker: Docker, name: string): Promise<void> {
  await docker.getVolume(name).remove({ force: true }).catch(ignoreGone);
}

const NETWORK_ATTEMPTS = 25;
const NETWORK_POLL_MS = 200;

/**
 * Removes a network. The engine can still hold an endpoint of a container it is removing ("has
 * active endpoints"): endpoints are disconnected, and removal is tried again until the engine
 * lets go, for at most 5 s. Docker 20.10 can keep a stale endpoint of a container that is gone
 * (removed while the engine was restarting it) until dockerd restarts: that error says so.
 */
export async function removeNetwork(docker: Docker, id: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await docker.getNetwork(id).remove();
      return;
    } catch (error) {
      const e = error as { statusCode?: number; message?: string };
      if (e.statusCode === 404) return;
      if (e.statusCode === 403 && attempt >= NETWORK_ATTEMPTS) {
        throw new StaleNetworkError(`Docker Engine will not remove network ${id.slice(0, 12)}: ${e.message ?? 'it has active endpoints'}`, 'The engine holds an endpoint of a container that is gone; restarting dockerd clears it (then `badgateway clean`).');
      }
      if (e.statusCode !== 403) throw error;
      const info = (await docker.getNetwork(id).inspect().catch(() => undefined)) as { Containers?: Record<string, unknown> } | undefined;
      await Promise.all(Object.keys(info?.Containers ?? {}).map((container) => docker.getNetwork(id).disconnect({ Container: container, Force: true }).catch(() => undefined)));
      await new Promise((resolve) => setTimeout(resolve, NETWORK_POLL_MS));
    }
  }
}

export async function removeContainer(docker: Docker, id: string): Promise<void> {
  await docker.getContainer(id).remove({ force: true, v: true }).catch(ignoreGone);
}

/**
 * Run ids whose process is gone: leftovers of a crash, a SIGKILL, an engine restart. A run that
 * holds a lease is alive exactly while its lease container runs, wherever the run's process is
 * (another PID namespace, container or host on this engine). Resources of older versions, without
 * a lease, are judged by their "host:pid" owner, on this host only.
 */
export async function orphanedRunIds(docker: Docker, host: string, isAlive: (pid: number) => boolean): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: labelFilter() });
  const networks = await docker.listNetworks({ filters: labelFilter() });
  const volumes = (await docker.listVolumes({ filters: labelFilter() })).Volumes ?? [];
  const labels = [...containers.map((c) => c.Labels), ...networks.map((n) => n.Labels ?? {}), ...volumes.map((v) => v.Labels ?? {})];
  return orphansOf(labels, liveLeases(await listLeases(docker), Date.now()), host, isAlive);
}

/** The decision of orphanedRunIds(), on the labels of every resource and the runs whose lease is alive. */
export function orphansOf(labels: Record<string, string>[], leased: Set<string>, host: string, isAlive: (pid: number) => boolean): string[] {
  const runs = new Set<string>();
  for (const label of labels) {
    const runId = label[LABEL_RUN] ?? '';
    if (label[LABEL_LEASED] === 'true') {
      if (!leased.has(runId)) runs.add(runId);
      continue;
    }
    const [owner, pid] = (label[LABEL_OWNER] ?? '').split(':');
    if (owner === host && pid && !isAlive(Number(pid))) runs.add(runId);
  }
  runs.delete('');
  return [...runs];
}

function ignoreGone(error: { statusCode?: number }): void {
  // 404: already removed; 409: removal already in progress. Anything else is a real fault.
  if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
}
