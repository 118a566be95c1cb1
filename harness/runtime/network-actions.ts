/**
 * Chaos actions on a backend's network: a fault turned on (network-fault, replacing the one that
 * was on) or off (network-clear) through the replica's fault helper, and replace: a new container
 * for the replica takes the replica's name on the network (with a new address), then the old one
 * stops with the grace period and is removed, as a redeploy does. nginx that resolved the name once
 * keeps the old address. The new container runs from the environment's start, so that the swap
 * takes a few hundred milliseconds rather than a container start.
 */
import type Docker from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';
import type { PlannedAction } from '../chaos/planned-action.js';
import { removeContainer } from './cleanup.js';
import type { ActionMember } from './docker-actions.js';
import type { NetworkFaultHelper } from './network-fault/network-fault-helper.js';
import type { BackendInstanceSpec } from './runtime.js';

export const NETWORK_ACTIONS: readonly PlannedAction['action'][] = ['network-fault', 'network-clear', 'replace'];

export interface NetworkActionHooks {
  faultHelper(alias: string): NetworkFaultHelper | undefined;
  /** a new container for the replica, running on the network without the replica's name */
  replacementFor(backend: BackendInstanceSpec): Promise<StartedTestContainer>;
}

export async function performNetworkAction(docker: Docker, networkId: string, targets: readonly ActionMember[], action: PlannedAction, hooks: NetworkActionHooks): Promise<void> {
  await Promise.all(
    targets.map(async (member) => {
      const alias = member.backend!.alias;
      if (action.action === 'replace') return replace(docker, networkId, member, action, hooks);
      const helper = hooks.faultHelper(alias);
      if (!helper) throw new Error(`${action.action}: ${alias} has no network fault helper (it was not planned for this replica)`);
      if (action.action === 'network-clear') return helper.clear();
      if (!action.fault) throw new Error(`network-fault on ${alias}: no fault given`);
      return helper.apply(action.fault);
    }),
  );
}

async function replace(docker: Docker, networkId: string, member: ActionMember, action: PlannedAction, hooks: NetworkActionHooks): Promise<void> {
  const old = member.container;
  const fresh = await hooks.replacementFor(member.backend!);
  // A new endpoint with the replica's name: the old container still holds its address, so the
  // new one gets another.
  const network = docker.getNetwork(networkId);
  await network.disconnect({ Container: fresh.getId(), Force: true });
  await network.connect({ Container: fresh.getId(), EndpointConfig: { Aliases: [member.backend!.alias] } });
  member.container = fresh;
  await docker.getContainer(old.getId()).stop({ t: Math.ceil(action.graceMs / 1000) }).catch(() => undefined);
  await removeContainer(docker, old.getId());
}
