/**
 * The network fault helper of one backend replica: a container that joins the replica's network
 * namespace and alone holds NET_ADMIN (every other container runs without capabilities), through
 * which faults are turned on and off (fault-commands.ts); for a latency fault, a delaying proxy
 * beside it in the same namespace, unprivileged, which the firewall redirects connections to.
 * A replica replaced by a new container (chaos replace) leaves its helper behind with the old one.
 * The helper's shell reads the commands on its standard input (shell-channel.ts).
 */
import type Docker from 'dockerode';
import { Wait, type StartedTestContainer } from 'testcontainers';
import { ImageMissingError } from '../../errors.js';
import type { NetworkFault } from '../../scenario/network-fault-schema.js';
import { labelsFor } from '../labels.js';
import { LoopbackContainer } from '../loopback-container.js';
import { OutputCapture } from '../output-capture.js';
import { DELAY_PROXY_PORT, PATHS } from '../runtime.js';
import { applyCommands, clearCommands, setupCommands, type FaultTarget } from './fault-commands.js';
import { ShellChannel } from './shell-channel.js';

const READY = 'badgateway-netfault ready';
const STARTUP_TIMEOUT_MS = 30_000;
const UNPRIVILEGED = '65534:65534';

export interface NetworkFaultHelperOptions {
  docker: Docker;
  runId: string;
  /** the variant environment's label (its container name prefix) */
  env: string;
  /** an image with iptables and tc (iproute2) */
  faultImage: string;
  nodeImage: string;
  /** the bundled delaying proxy (dist/backend/delay-proxy.cjs) */
  delayProxyBundle: string;
  backend: StartedTestContainer;
  alias: string;
  port: number;
  /** start a delaying proxy with this delay (a latency fault is planned) */
  latencyMs?: number;
}

/** A container whose standard input stays open, for its shell to read commands from. */
class InteractiveContainer extends LoopbackContainer {
  withOpenStdin(): this {
    this.createOpts = { ...this.createOpts, OpenStdin: true, StdinOnce: false, AttachStdin: true };
    return this;
  }
}

export class NetworkFaultHelper {
  private constructor(
    private readonly helper: StartedTestContainer,
    private readonly shell: ShellChannel,
    private readonly proxy: StartedTestContainer | undefined,
    private readonly target: FaultTarget,
    readonly alias: string,
  ) {}

  static async start(options: NetworkFaultHelperOptions): Promise<NetworkFaultHelper> {
    const { docker, faultImage, backend, env } = options;
    if (!(await docker.getImage(faultImage).inspect().then(() => true, () => false))) {
      throw new ImageMissingError(
        `The network fault image ${faultImage} is not present.`,
        'Run `npm run setup` (it builds badgateway-local/netfault:bookworm), or set BADGATEWAY_NETFAULT_IMAGE to an image with iptables and tc (iproute2).',
      );
    }
    const namespace = `container:${backend.getId()}`;
    const output = new OutputCapture();
    // the chains, then a shell that reads the faults' commands on its standard input
    const script = ['set -e', ...setupCommands(), `echo '${READY}'`, 'exec sh -s'].join('\n');
    const helper = await new InteractiveContainer(faultImage)
      .withOpenStdin()
      .withName(`${env}-${options.alias}-netfault`)
      .withLabels(labelsFor(options.runId, 'network-fault', env))
      .withNetworkMode(namespace)
      // root in the container, but with NET_ADMIN as its only capability
      .withConfinement({ user: '0:0', memoryBytes: 64 * 1024 * 1024, pidsLimit: 32 })
      .withAddedCapabilities('NET_ADMIN')
      .withCommand(['sh', '-c', script])
      .withLogConsumer(output.consumer)
      .withWaitStrategy(Wait.forLogMessage(READY))
      .withStartupTimeout(STARTUP_TIMEOUT_MS)
      .start()
      .catch(async (error: unknown) => { throw new Error(`network fault helper of ${options.alias}: ${(error as Error).message}; it printed: ${(await output.settled()).trim() || 'nothing'}`); });
    try {
      const shell = await ShellChannel.open(docker, helper.getId());
      const proxy = options.latencyMs !== undefined ? await startDelayProxy(options, namespace) : undefined;
      return new NetworkFaultHelper(helper, shell, proxy, { port: options.port, delayProxyPort: DELAY_PROXY_PORT }, options.alias);
    } catch (error) {
      await docker.getContainer(helper.getId()).remove({ force: true }).catch(() => undefined);
      throw error;
    }
  }

  /** Container ids, for removal (the proxy and the helper go before the backend). */
  get containerIds(): string[] {
    return [...(this.proxy ? [this.proxy.getId()] : []), this.helper.getId()];
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

function startDelayProxy(options: NetworkFaultHelperOptions, namespace: string): Promise<StartedTestContainer> {
  const output = new OutputCapture();
  const config = { listenPort: DELAY_PROXY_PORT, targetPort: options.port, delayMs: options.latencyMs };
  return new LoopbackContainer(options.nodeImage)
    .withName(`${options.env}-${options.alias}-delay`)
    .withLabels(labelsFor(options.runId, 'delay-proxy', options.env))
    .withNetworkMode(namespace)
    .withConfinement({ user: UNPRIVILEGED, memoryBytes: 128 * 1024 * 1024, pidsLimit: 32 })
    .withCopyFilesToContainer([{ source: options.delayProxyBundle, target: PATHS.delayProxyBundle, mode: 0o444 }])
    .withEnvironment({ BADGATEWAY_DELAY_PROXY: JSON.stringify(config) })
    .withCommand(['node', PATHS.delayProxyBundle])
    .withLogConsumer(output.consumer)
    .withWaitStrategy(Wait.forLogMessage(/badgateway-delay-proxy listening/))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start()
    .catch(async (error: unknown) => { throw new Error(`delaying proxy of ${options.alias}: ${(error as Error).message}; it printed: ${(await output.settled()).trim() || 'nothing'}`); });
}
