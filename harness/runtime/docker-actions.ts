/**
 * Chaos actions on backend containers, through the Docker Engine: kill with a signal, stop with a
 * grace period, start, restart, pause and unpause (a frozen process), disconnect and reconnect from
 * the variant's network, and a new behaviour through a backend's control port (which nginx does
 * not proxy). An nginx reload is the nginx container's own (NginxContainer.reload).
 */
import type Docker from 'dockerode';
import type { PlannedAction } from '../chaos/planned-action.js';
import { execIn, printed } from './container-exec.js';
import type { RunningContainer } from './container-spec.js';
import { BACKEND_CONTROL_PORT, type BackendInstanceSpec } from './runtime.js';

export interface ActionMember {
  container: RunningContainer;
  backend: BackendInstanceSpec;
}

export async function performAction(docker: Docker, networkId: string, members: readonly ActionMember[], action: PlannedAction): Promise<void> {
  if (action.action === 'reload') throw new Error('reload: an action on nginx, not on a backend');
  if (action.action === 'scale') return scale(docker, members, action);
  const targets = members.filter((m) => m.backend.alias === action.target || m.backend.backend === action.target);
  if (targets.length === 0) throw new Error(`no backend or replica named ${action.target}`);
  const graceS = Math.ceil(action.graceMs / 1000);
  await Promise.all(
    targets.map(async ({ container, backend }) => {
      const handle = docker.getContainer(container.id);
      switch (action.action) {
        case 'kill': return void (await handle.kill({ signal: action.signal }));
        case 'stop': return void (await handle.stop({ t: graceS }));
        case 'start': return void (await handle.start());
        case 'restart': return void (await handle.restart({ t: graceS }));
        case 'pause': return void (await handle.pause());
        case 'unpause': return void (await handle.unpause());
        case 'disconnect': return void (await docker.getNetwork(networkId).disconnect({ Container: container.id, Force: true }));
        case 'connect': return void (await docker.getNetwork(networkId).connect({ Container: container.id, EndpointConfig: { Aliases: [backend.alias] } }));
        case 'set-behavior': return setBehavior(docker, container, action);
      }
    }),
  );
}

/**
 * scale: the backend's declared replicas are the most it can have (nginx's upstream lists them
 * all, as a static upstream does): those above N stop with the grace period, those up to N run.
 */
async function scale(docker: Docker, members: readonly ActionMember[], action: PlannedAction): Promise<void> {
  const replicas = members.filter((m) => m.backend.backend === action.target);
  if (replicas.length === 0) throw new Error(`scale: no backend named ${action.target}`);
  const wanted = action.replicas ?? replicas.length;
  await Promise.all(
    replicas.map(async ({ container, backend }) => {
      const handle = docker.getContainer(container.id);
      const state = (await handle.inspect()).State;
      if (backend.replica > wanted) {
        if (state.Running) await handle.stop({ t: Math.ceil(action.graceMs / 1000) });
      } else if (state.Paused) await handle.unpause();
      else if (!state.Running) await handle.start();
    }),
  );
}

async function setBehavior(docker: Docker, container: RunningContainer, action: PlannedAction): Promise<void> {
  const script = `fetch('http://127.0.0.1:${BACKEND_CONTROL_PORT}/behavior', { method: 'POST', body: process.argv[1] }).then(async (r) => { if (!r.ok) { process.stderr.write(await r.text()); process.exit(1); } })`;
  const result = await execIn(docker, container.id, ['node', '-e', script, JSON.stringify(action.behavior)]);
  if (result.exitCode !== 0) throw new Error(`set-behavior on ${container.name}: ${printed(result) || `exit ${result.exitCode}`}`);
}
