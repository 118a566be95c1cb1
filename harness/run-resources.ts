/**
 * What a variant's load depends on, checked before and after the load: the run's networks and its
 * nginx containers, each still there, running and on its networks. Something outside badgateway
 * that removes one of them mid-run (docker rm -f, docker network rm, a prune, `clean --all`) would
 * otherwise turn into 502s that look like nginx's doing; this says what went away instead.
 * Chaos never removes a network or nginx, so any such change is a fault.
 * While the load runs, the engine's events say so at once (watchResources): the load stops there.
 * A request on a connection to an nginx whose network is gone gets no answer and no reset (its
 * packets go nowhere), so it would otherwise wait out the client timeout (two minutes with nginx's
 * default timeouts) before the fault could be told.
 */
import type Docker from 'dockerode';
import { subscribeEngineEvents, type EngineEvent } from './runtime/engine-events.js';
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

/** What the load depends on, watched while it runs. */
export interface ResourceWatch {
  /** aborted, with what went away in words, as soon as the engine reports it */
  lost: AbortSignal;
  /** what of it is gone now (asked of the engine), in words; empty when nothing is */
  missing(): Promise<string[]>;
  /** stops watching: before the run itself removes anything */
  stop(): void;
}

/** Notes the run's networks and nginx containers (with `environment`, that environment's), and watches the engine's events for their loss. */
export async function watchResources(docker: Docker, runId: string, environment?: string): Promise<ResourceWatch> {
  const lost = new AbortController();
  const note = (snapshot: ResourceSnapshot, event: EngineEvent) => {
    const loss = lossOf(snapshot, event);
    if (loss !== undefined && !lost.signal.aborted) lost.abort(loss);
  };
  // listening first, the events until the snapshot held back: a removal between the two is not missed
  let before: ResourceSnapshot | undefined;
  const early: EngineEvent[] = [];
  const subscription = await subscribeEngineEvents(docker, { type: ['network', 'container'], event: ['destroy', 'disconnect', 'die'] }, (event) => (before ? note(before, event) : early.push(event)));
  const snapshot = await snapshotResources(docker, runId, environment).catch((error: unknown) => {
    subscription.stop();
    throw error;
  });
  before = snapshot;
  for (const event of early) note(snapshot, event);
  return {
    lost: lost.signal,
    missing: async () => missingResources(snapshot, await snapshotResources(docker, runId, environment)),
    stop: () => subscription.stop(),
  };
}

/** What an engine event says went away of a snapshot, in words (missingResources' words), or undefined. */
export function lossOf(before: ResourceSnapshot, event: EngineEvent): string | undefined {
  const id = event.Actor?.ID ?? '';
  if (event.Type === 'network') {
    const network = before.networks.get(id);
    if (network === undefined) return undefined;
    if (event.Action === 'destroy') return `network ${network} was removed`;
    const nginx = before.nginx.get(event.Actor?.Attributes?.container ?? '');
    if (event.Action === 'disconnect' && nginx) return `container ${nginx.name} was disconnected from network ${network}`;
    return undefined;
  }
  const nginx = event.Type === 'container' ? before.nginx.get(id) : undefined;
  if (nginx && (event.Action === 'destroy' || event.Action === 'die')) return `container ${nginx.name} was removed or stopped`;
  return undefined;
}
