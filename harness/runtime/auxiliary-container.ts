/**
 * A container beside the backends that the network features start (the run's DNS server, a fault
 * helper, a delaying proxy): created, started, and ready once it prints its line; removed again,
 * with what it printed in the error, when it does not get there.
 */
import type Docker from 'dockerode';
import { withOutput } from './backend-containers.js';
import { removeContainer } from './cleanup.js';
import { runContainer, type ContainerSpec, type RunningContainer } from './container-spec.js';
import { demuxDockerLogs } from './docker-logs.js';
import { waitForLogLine } from './wait-for-log-line.js';

const STARTUP_TIMEOUT_MS = 30_000;

/** Where a container of Node's image beside the backends goes: the run, its lane and network, its name. */
export interface NodeContainerOptions {
  docker: Docker;
  runId: string;
  /** the environment label */
  lane: string;
  network: string;
  /** unique among the runtime's containers */
  name: string;
  nodeImage: string;
}

export async function startAuxiliary(docker: Docker, spec: ContainerSpec, ready: RegExp, what: string): Promise<RunningContainer> {
  const container = await runContainer(docker, spec).catch((error: unknown) => { throw withOutput(error, what, ''); });
  try {
    const startedAt = (await docker.getContainer(container.id).inspect()).State.StartedAt;
    await waitForLogLine(docker, container.id, startedAt, ready, STARTUP_TIMEOUT_MS);
    return container;
  } catch (error) {
    const logs = await docker.getContainer(container.id).logs({ stdout: true, stderr: true, tail: 10 }).catch(() => undefined);
    const printed = logs ? Object.values(demuxDockerLogs(logs as unknown as Buffer)).join('') : '';
    await removeContainer(docker, container.id);
    throw withOutput(error, what, printed);
  }
}
