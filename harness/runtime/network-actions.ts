/**
 * Chaos actions on a backend's network: a fault turned on (network-fault, replacing the one that
 * was on) or off (network-clear) through the replica's fault helper, and replace: a new container
 * for the replica takes the replica's name on the network (with a new address), then the old one
 * stops with the grace period and is removed, as a redeploy does. nginx that resolved the name once
 * keeps the old address. The new container runs from the environment's start, so that the swap
 * takes a few hundred milliseconds rather than a container start.
 */
import type Docker from 'dockerode';
import type { PlannedAction } from '../chaos/planned-action.js';
import { removeContainer } from './cleanup.js';
import type { BackendMember } from './docker-environment.js';
import type { NetworkParts } from './network-environment.js';

export const NETWORK_ACTIONS: readonly PlannedAction['action'][] = ['network-fault', 'network-clear', 'replace'];

export async function performNetworkAction(docker: Docker, networkId: string, targets: readonly BackendMember[], action: PlannedAction, parts: NetworkParts | undefined): Promise<void> {
  await Promise.all(
    targets.map(async (member) => {
      const alias = member.spec.alias;
      if (action.action === 'replace') {
        if (!parts) throw new Error(`replace on ${alias}: no replacement was planned`);
        return replace(docker, networkId, member, action, parts);
      }
      const helper = parts?.helpers.get(alias);
      if (!helper) throw new Error(`${action.action}: ${alias} has no network fault helper (it was not planned for this replica)`);
      if (action.action === 'network-clear') return helper.clear();
      if (!action.fault) throw new Error(`network-fault on ${alias}: no fault given`);
      return helper.apply(action.fault);
    }),
  );
}

async function replace(docker: Docker, networkId: string, member: BackendMember, action: PlannedAction, parts: NetworkParts): Promise<void> {
  const old = member.container;
  const waiting = parts.replacements.get(member.spec.alias) ?? [];
  const fresh = waiting.shift() ?? (await parts.startReplacement(member.spec));
  await fresh.ready;
  // A new endpoint with the replica's name: the old container still holds its address, so the
  // new one gets another.
  const network = docker.getNetwork(networkId);
  await network.disconnect({ Container: fresh.container.id, Force: true });
  await network.connect({ Container: fresh.container.id, EndpointConfig: { Aliases: [member.spec.alias] } });
  member.container = fresh.container;
  if (fresh.control) member.control = fresh.control;
  else delete member.control;
  await docker.getContainer(old.id).stop({ t: Math.ceil(action.graceMs / 1000) }).catch(() => undefined);
  await removeContainer(docker, old.id);
}
