/**
 * The fake backend's control port (its counters, and a reset between variants), for the harness
 * only: nginx never proxies to it and it is not published. The harness reaches it at the
 * container's address on the run's network when this machine is on that network (the engine runs
 * here, see hostIsOn); otherwise (an engine in a VM, rootless Docker, or one that may be on another
 * machine, whose bridge can have the same address as one of this machine's) through `node` run in
 * the container.
 */
import { networkInterfaces } from 'node:os';
import type Docker from 'dockerode';
import { execIn } from './container-exec.js';
import { BACKEND_CONTROL_PORT, type ServedSnapshot } from './runtime.js';

const TIMEOUT_MS = 5_000;
const EXEC_SCRIPT = `fetch('http://127.0.0.1:${BACKEND_CONTROL_PORT}' + process.argv[2], { method: process.argv[1], ...(process.argv[3] ? { body: process.argv[3] } : {}), signal: AbortSignal.timeout(${TIMEOUT_MS}) })
  .then(async (r) => { process.stdout.write(String(r.status) + '\\n' + await r.text()); })
  .catch(() => process.exit(1))`;

interface Answer {
  status: number;
  body: string;
}

/** Whether this machine has an address on the network whose gateway this is (a bridge of a local engine). */
export function hostIsOn(gateway: string | undefined): boolean {
  return !!gateway && Object.values(networkInterfaces()).some((addresses) => addresses?.some((a) => a.address === gateway));
}

export class BackendControl {
  /** `direct`: the harness may reach the container's address when this machine is on its network */
  constructor(private readonly docker: Docker, private readonly containerId: string, private readonly network: string, private readonly direct = true) {}

  /** The counters since the process started (or was reset); null when it does not answer. */
  async stats(): Promise<ServedSnapshot | null> {
    const answer = await this.request('GET', '/stats');
    return answer?.status === 200 ? (JSON.parse(answer.body) as ServedSnapshot) : null;
  }

  /**
   * Back to the state of a new process, serving `behavior` when given (another handler behaviour);
   * false when it cannot be (see RESETTABLE_BEHAVIORS).
   */
  async reset(behavior?: unknown): Promise<boolean> {
    return (await this.request('POST', '/reset', behavior === undefined ? '' : JSON.stringify(behavior)))?.status === 204;
  }

  private async request(method: string, path: string, body = ''): Promise<Answer | undefined> {
    const info = await this.docker.getContainer(this.containerId).inspect().catch(() => undefined);
    if (!info?.State.Running || info.State.Paused) return undefined;
    const endpoint = info.NetworkSettings.Networks?.[this.network];
    if (!this.direct || !endpoint?.IPAddress || !hostIsOn(endpoint.Gateway)) return this.viaExec(method, path, body);
    return viaNetwork(`http://${endpoint.IPAddress}:${BACKEND_CONTROL_PORT}${path}`, method, body);
  }

  private async viaExec(method: string, path: string, body: string): Promise<Answer | undefined> {
    const result = await execIn(this.docker, this.containerId, ['node', '-e', EXEC_SCRIPT, method, path, body]).catch(() => undefined);
    if (!result || result.exitCode !== 0) return undefined;
    const newline = result.stdout.indexOf('\n');
    return { status: Number(result.stdout.slice(0, newline)), body: result.stdout.slice(newline + 1) };
  }
}

async function viaNetwork(url: string, method: string, body: string): Promise<Answer | undefined> {
  try {
    const response = await fetch(url, { method, ...(body !== '' ? { body } : {}), signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { status: response.status, body: await response.text() };
  } catch {
    return undefined;
  }
}
