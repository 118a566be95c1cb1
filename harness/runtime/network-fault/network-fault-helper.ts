/**
 * The network fault helper of one backend replica: a container that joins the replica's network
 * namespace and alone holds NET_ADMIN (every other container runs without capabilities), through
 * which faults are turned on and off (fault-commands.ts); for a latency fault, a delaying proxy
 * beside it in the same namespace, unprivileged, which the firewall redirects connections to.
 * A replica replaced by a new container (chaos replace) leaves its helper behind with the old one.
 * The helper's shell reads the commands on its standard input (shell-channel.ts).
 */
import { resolve } from 'node:path';
import type Docker from 'dockerode';
import { ImageMissingError } from '../../errors.js';
import type { NetworkFault } from '../../scenario/network-fault-schema.js';
import { startAuxiliary } from '../auxiliary-container.js';
import { removeContainer } from '../cleanup.js';
import type { HostFilesBy, RunningContainer } from '../container-spec.js';
import { labelsFor } from '../labels.js';
import { DELAY_PROXY_PORT, PATHS } from '../runtime.js';
import { applyCommands, clearCommands, setupCommands, type FaultTarget } from './fault-commands.js';
import { ShellChannel } from '../shell-channel.js';

const READY = 'badgateway-netfault ready';
const UNPRIVILEGED = '65534:65534';

export interface NetworkFaultHelperOptions {
  docker: Docker;
  runId: string;
  /** the environment label */
  lane: string;
  /** container names: <name>-netfault, <name>-delay */
  name: string;
  /** an image with iptables and tc (iproute2) */
  faultImage: string;
  nodeImage: string;
  /** the bundled delaying proxy (dist/backend/delay-proxy.cjs) */
  delayProxyBundle: string;
  /** how the bundle gets in (a bind mount when omitted) */
  hostFilesBy?: HostFilesBy;
  /** the backend replica's container, whose network namespace the helper joins */
  backendId: string;
  alias: string;
  port: number;
  /** start a delaying proxy with this delay (a latency fault is planned) */
  latencyMs?: number;
}

export class NetworkFaultHelper {
  private constructor(
    private readonly helper: RunningContainer,
    private readonly shell: ShellChannel,
    private readonly proxy: RunningContainer | undefined,
    private readonly target: FaultTarget,
    readonly alias: string,
  ) {}

  static async start(options: NetworkFaultHelperOptions): Promise<NetworkFaultHelper> {
    const { docker, faultImage } = options;
    if (!(await docker.getImage(faultImage).inspect().then(() => true, () => false))) {
      throw new ImageMissingError(
        `The network fault image ${faultImage} is not present.`,
        'Run `npm run setup` (it builds badgateway-local/netfault:bookworm), or set BADGATEWAY_NETFAULT_IMAGE to an image with iptables and tc (iproute2).',
      );
    }
    // the chains, then a shell that reads the faults' commands on its standard input
    const script = ['set -e', ...setupCommands(), `echo '${READY}'`, 'exec sh -s'].join('\n');
    const helper = await startAuxiliary(docker, {
      image: faultImage,
      name: `${options.name}-netfault`,
      labels: labelsFor(options.runId, 'network-fault', options.lane),
      network: '',
      namespaceOf: options.backendId,
      // root in the container, but with NET_ADMIN as its only capability
      user: '0:0',
      capAdd: ['NET_ADMIN'],
      memoryBytes: 64 * 1024 * 1024,
      pidsLimit: 32,
      openStdin: true,
      command: ['sh', '-c', script],
    }, new RegExp(READY), `network fault helper of ${options.alias}`);
    try {
      const shell = await ShellChannel.open(docker, helper.id);
      const proxy = options.latencyMs !== undefined ? await startDelayProxy(options) : undefined;
      return new NetworkFaultHelper(helper, shell, proxy, { port: options.port, delayProxyPort: DELAY_PROXY_PORT }, options.alias);
    } catch (error) {
      await removeContainer(docker, helper.id);
      throw error;
    }
  }

  /** Container ids, for removal (the proxy and the helper go before the backend). */
  get containerIds(): string[] {
    return [...(this.proxy ? [this.proxy.id] : []), this.helper.id];
  }

  /** Turns the fault on, replacing the one that was on. */
  apply(fault: NetworkFault): Promise<void> {
    if (fault.kind === 'latency' && !this.proxy) return Promise.reject(new Error(`${this.alias}: a latency fault needs the delaying proxy, which was not planned`));
    return this.run(applyCommands(fault, this.target), `network-fault ${fault.kind}`);
  }

  clear(): Promise<void> {
    return this.run(clearCommands(), 'network-clear');
  }

  /** Ends the channel to the helper's shell (before the helper is removed). */
  close(): void {
    this.shell.close();
  }

  private run(commands: string[], what: string): Promise<void> {
    return this.shell.run(commands, `${what} on ${this.alias}`);
  }
}

function startDelayProxy(options: NetworkFaultHelperOptions): Promise<RunningContainer> {
  const config = { listenPort: DELAY_PROXY_PORT, targetPort: options.port, delayMs: options.latencyMs };
  return startAuxiliary(options.docker, {
    image: options.nodeImage,
    name: `${options.name}-delay`,
    labels: labelsFor(options.runId, 'delay-proxy', options.lane),
    network: '',
    namespaceOf: options.backendId,
    user: UNPRIVILEGED,
    memoryBytes: 128 * 1024 * 1024,
    pidsLimit: 32,
    readOnlyFiles: { [resolve(options.delayProxyBundle)]: PATHS.delayProxyBundle },
    ...(options.hostFilesBy ? { hostFilesBy: options.hostFilesBy } : {}),
    env: { BADGATEWAY_DELAY_PROXY: JSON.stringify(config) },
    command: ['node', PATHS.delayProxyBundle],
  }, /badgateway-delay-proxy listening/, `delaying proxy of ${options.alias}`);
}
