/**
 * Chaos actions on containers, through the Docker Engine: kill with a signal, stop with a grace
 * period, start, restart, pause and unpause (a frozen process), disconnect and reconnect from the
 * variant's network, a new behaviour through a backend's control port (which nginx does not proxy),
 * and an nginx reload with another config (`nginx -t` first). Network faults and replace are in
 * network-actions.ts.
 */
import type Docker from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';
import type { PlannedAction } from '../chaos/planned-action.js';
import { NETWORK_ACTIONS, performNetworkAction, type NetworkActionHooks } from './network-actions.js';
import { BACKEND_CONTROL_PORT, PATHS, type BackendInstanceSpec } from './runtime.js';

export interface ActionMember {
  container: StartedTestContainer;
  role: 'nginx' | 'backend';
  backend?: BackendInstanceSpec;
}

export async function performAction(docker: Docker, networkId: string, members: readonly ActionMember[], action: PlannedAction, hooks?: NetworkActionHooks): Promise<void> {
  if (action.action === 'reload') return reloadNginx(members, action);
  if (action.action === 'scale') return scale(docker, members, action);
  const targets = members.filter((m) => m.backend && (m.backend.alias === action.target || m.backend.backend === action.target));
  if (targets.length === 0) throw new Error(`no backend or replica named ${action.target}`);
  if (NETWORK_ACTIONS.includes(action.action)) {
    if (!hooks) throw new Error(`${action.action} needs the environment's network hooks`);
    return performNetworkAction(docker, networkId, targets, action, hooks);
  }
  const graceS = Math.ceil(action.graceMs / 1000);
  await Promise.all(
    targets.map(async ({ container, backend }) => {
      const handle = docker.getContainer(container.getId());
      switch (action.action) {
        case 'kill': return void (await handle.kill({ signal: action.signal }));
        case 'stop': return void (await handle.stop({ t: graceS }));
        case 'start': return void (await handle.start());
        case 'restart': return void (await handle.restart({ t: graceS }));
        case 'pause': return void (await handle.pause());
        case 'unpause': return void (await handle.unpause());
        case 'disconnect': return void (await docker.getNetwork(networkId).disconnect({ Container: container.getId(), Force: true }));
        case 'connect': return void (await docker.getNetwork(networkId).connect({ Container: container.getId(), EndpointConfig: { Aliases: [backend!.alias] } }));
        case 'set-behavior': return setBehavior(container, action);
      }
    }),
  );
}

/**
 * scale: the backend's declared replicas are the most it can have (nginx's upstream lists them
 * all, as a static upstream does): those above N stop with the grace period, those up to N run.
 */
async function scale(docker: Docker, members: readonly ActionMember[], action: PlannedAction): Promise<void> {
  const replicas = members.filter((m) => m.backend?.backend === action.target);
  if (replicas.length === 0) throw new Error(`scale: no backend named ${action.target}`);
  const wanted = action.replicas ?? replicas.length;
  await Promise.all(
    replicas.map(async ({ container, backend }) => {
      const handle = docker.getContainer(container.getId());
      const state = (await handle.inspect()).State;
      if (backend!.replica > wanted) {
        if (state.Running) await handle.stop({ t: Math.ceil(action.graceMs / 1000) });
      } else if (state.Paused) await handle.unpause();
      else if (!state.Running) await handle.start();
    }),
  );
}

async function setBehavior(container: StartedTestContainer, action: PlannedAction): Promise<void> {
  const script = `fetch('http://127.0.0.1:${BACKEND_CONTROL_PORT}/behavior', { method: 'POST', body: process.argv[1] }).then(async (r) => { if (!r.ok) { process.stderr.write(await r.text()); process.exit(1); } })`;
  const result = await container.exec(['node', '-e', script, JSON.stringify(action.behavior)]);
  if (result.exitCode !== 0) throw new Error(`set-behavior on ${container.getName()}: ${result.output.trim() || `exit ${result.exitCode}`}`);
}

async function reloadNginx(members: readonly ActionMember[], action: PlannedAction): Promise<void> {
  const nginx = members.find((m) => m.role === 'nginx')?.container;
  if (!nginx || action.nginxConfig === undefined) throw new Error('reload: no nginx, or no config to load');
  const next = `${PATHS.nginxConfig}.next`;
  await nginx.copyContentToContainer([{ content: action.nginxConfig, target: next, mode: 0o444 }]);
  const check = await nginx.exec(['nginx', '-e', 'stderr', '-t', '-c', next]);
  if (check.exitCode !== 0) throw new Error(`reload: nginx -t rejected the new config: ${check.output.trim()}`);
  // The master re-reads the file it was started with: the checked config replaces it, then HUP.
  await nginx.copyContentToContainer([{ content: action.nginxConfig, target: PATHS.nginxConfig, mode: 0o444 }]);
  const reload = await nginx.exec(['nginx', '-e', 'stderr', '-c', PATHS.nginxConfig, '-s', 'reload']);
  if (reload.exitCode !== 0) throw new Error(`reload: nginx -s reload failed: ${reload.output.trim()}`);
}
