/**
 * DockerRuntime: a bridge network of its own, the backends on it (started in parallel), and nginx
 * published on 127.0.0.1, checked with `nginx -t` in the container that then serves. Readiness is
 * always a condition: a log line or an HTTP 2xx for backends, an HTTP 200 for nginx.
 *
 * Between variants it keeps what it safely can, never the state: when a variant ends its nginx
 * master stops (every worker, connection and shared memory zone gone) and backends that cannot
 * serve again are removed; the next start() gives the kept nginx container a new master on the new
 * config, and resets in place each kept backend whose spec is unchanged (see reuse-plan.ts).
 * Whatever fails part-way, everything of the runtime is removed before the error goes on.
 */
import type Docker from 'dockerode';
import { NginxConfigError, PortInUseError, RuntimeStartError } from '../errors.js';
import type { Images } from '../config/images.js';
import { hostIsOn } from './backend-control.js';
import { startBackend, type StartedBackend } from './backend-containers.js';
import { removeContainer, removeNetwork } from './cleanup.js';
import { DockerEnvironment, type BackendMember } from './docker-environment.js';
import { LABEL_ENV, labelsFor } from './labels.js';
import { ClosedConnectionsError, NginxContainer } from './nginx-container.js';
import { planBackendReuse, reusable, type ParkedBackend } from './reuse-plan.js';
import type { BackendInstanceSpec, EnvironmentSpec, Runtime } from './runtime.js';

export interface DockerRuntimeOptions {
  docker: Docker;
  runId: string;
  images: Images;
  /** the bundled fake backend (dist/backend/server.cjs) */
  backendBundle: string;
  /** keep containers from one variant to the next (the default); false: new containers every time */
  reuse?: boolean;
}

interface Lane {
  name: string;
  networkId: string;
  /** this machine reaches the containers' addresses on the network */
  direct: boolean;
}

interface Parked {
  nginx?: NginxContainer;
  backends: (ParkedBackend & { member: BackendMember })[];
}

let lanes = 0;

export class DockerRuntime implements Runtime {
  private lane?: Lane;
  private parked: Parked = { backends: [] };
  private parking: Promise<void> = Promise.resolve();
  private inUse = false;
  private sequence = 0;

  constructor(private readonly options: DockerRuntimeOptions) {}

  async start(spec: EnvironmentSpec): Promise<DockerEnvironment> {
    if (this.inUse) throw new Error('the runtime serves one environment at a time: stop the previous one first');
    await this.parking;
    this.inUse = true;
    const since = new Date().toISOString();
    const t0 = performance.now();
    try {
      const lane = await this.ensureLane();
      const parked = this.parked;
      this.parked = { backends: [] };
      const image = spec.nginxImage ?? this.options.images.nginx;
      const keptNginx = parked.nginx && parked.nginx.image === image && parked.nginx.hostPort === spec.nginxHostPort ? parked.nginx : undefined;
      const newNginx = () => NginxContainer.create({ docker: this.options.docker, runId: this.options.runId, lane: lane.name, name: this.nameFor(lane, 'nginx'), network: lane.name, image, ...(spec.nginxHostPort !== undefined ? { hostPort: spec.nginxHostPort } : {}) });
      let nginxMs = 0;
      const nginxContainer = (async () => {
        if (parked.nginx && !keptNginx) await removeContainer(this.options.docker, parked.nginx.id);
        if (keptNginx) return keptNginx;
        const t = performance.now();
        const made = await newNginx();
        nginxMs += performance.now() - t;
        return made;
      })();
      nginxContainer.catch(() => undefined);

      const backends = await this.backendsFor(lane, parked, spec.backends);
      // The backends' processes boot while nginx is checked and started.
      const backendsReady = Promise.all(backends.started.map((b) => b.ready)).then(() => performance.now() - t0);
      backendsReady.catch(() => undefined);
      let nginx = await nginxContainer;
      const t = performance.now();
      const served = await nginx.serve(spec.nginxConfig).catch(async (error: unknown) => {
        if (!(error instanceof ClosedConnectionsError)) throw error;
        await removeContainer(this.options.docker, nginx.id);
        nginx = await newNginx();
        return nginx.serve(spec.nginxConfig);
      });
      nginxMs += performance.now() - t - served.checkMs;
      const backendsMs = await backendsReady;
      const timings = { backendsMs, nginxCheckMs: served.checkMs, nginxMs, reused: { nginx: nginx === keptNginx, backends: backends.kept } };
      return new DockerEnvironment(
        { docker: this.options.docker, networkId: lane.networkId, nginx, nginxOutput: served.output, backends: backends.members, timings, since },
        (environment) => this.park(environment),
      );
    } catch (error) {
      this.inUse = false;
      await this.removeLane();
      throw translateStartError(error, spec);
    }
  }

  /** Removes every container and the network the runtime still keeps; safe to call twice. */
  async dispose(): Promise<void> {
    await this.parking;
    this.parked = { backends: [] };
    await this.removeLane();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /** The backends in spec order: kept ones reset in place, the rest in new containers (started, not yet ready). */
  private async backendsFor(lane: Lane, parked: Parked, wanted: BackendInstanceSpec[]) {
    const plan = planBackendReuse(parked.backends, wanted);
    const resets = await Promise.all(plan.keep.map(async (k) => (await k.parked.member.control?.reset()) ?? false));
    const kept = plan.keep.filter((_, i) => resets[i]).map((k) => ({ ...k.parked.member, touched: false }));
    const refused = plan.keep.filter((_, i) => !resets[i]);
    // A parked container goes before a new one takes its network alias.
    await Promise.all([...plan.remove, ...refused.map((k) => k.parked)].map((p) => removeContainer(this.options.docker, p.member.container.getId())));
    const toCreate = [...plan.create, ...refused.map((k) => k.spec)];
    const started = await Promise.all(toCreate.map((spec) => startBackend(spec, {
      docker: this.options.docker, runId: this.options.runId, lane: lane.name, network: lane.name,
      name: this.nameFor(lane, spec.alias), nodeImage: this.options.images.node, backendBundle: this.options.backendBundle, direct: lane.direct,
    })));
    const fresh = new Map(toCreate.map((spec, i) => [spec.alias, started[i]!]));
    const keptByAlias = new Map(kept.map((m) => [m.spec.alias, m]));
    const members: BackendMember[] = wanted.map((spec) => keptByAlias.get(spec.alias) ?? memberOf(spec, fresh.get(spec.alias)!));
    return { members, started, kept: kept.length };
  }

  /**
   * The end of a variant: containers that cannot serve again are removed, the rest kept for the
   * next start(), which stops this nginx master before it starts the next one.
   */
  private park(environment: DockerEnvironment): Promise<void> {
    const { docker } = this.options;
    const { nginx, backends } = environment.parts;
    const work = async () => {
      if (this.options.reuse === false) return this.removeLane();
      const [nginxHealthy, states] = await Promise.all([nginx.reusable(), Promise.all(backends.map((b) => stateOf(docker, b)))]);
      const parked = backends.map((member, i) => ({ member, spec: member.spec, touched: member.touched, ...states[i]! }));
      const drop = parked.filter((p) => !reusable(p));
      await Promise.all([...drop.map((p) => removeContainer(docker, p.member.container.getId())), ...(nginxHealthy ? [] : [removeContainer(docker, nginx.id)])]);
      this.parked = { ...(nginxHealthy ? { nginx } : {}), backends: parked.filter((p) => reusable(p)) };
    };
    this.parking = work()
      .catch(async () => {
        this.parked = { backends: [] };
        await this.removeLane();
      })
      .finally(() => { this.inUse = false; });
    return this.parking;
  }

  private async ensureLane(): Promise<Lane> {
    if (this.lane) return this.lane;
    const name = `bg-${this.options.runId}-${++lanes}`;
    const network = await this.options.docker.createNetwork({ Name: name, Driver: 'bridge', Labels: labelsFor(this.options.runId, 'network', name), CheckDuplicate: true });
    const gateway = ((await network.inspect()) as { IPAM?: { Config?: { Gateway?: string }[] } }).IPAM?.Config?.[0]?.Gateway;
    this.lane = { name, networkId: network.id, direct: hostIsOn(gateway) };
    return this.lane;
  }

  /** Every container of the lane, then its network. */
  private async removeLane(): Promise<void> {
    const lane = this.lane;
    this.lane = undefined;
    this.parked = { backends: [] };
    if (!lane) return;
    const containers = await this.options.docker.listContainers({ all: true, filters: { label: [`${LABEL_ENV}=${lane.name}`] } });
    await Promise.all(containers.map((c) => removeContainer(this.options.docker, c.Id)));
    await removeNetwork(this.options.docker, lane.networkId);
  }

  private nameFor(lane: Lane, what: string): string {
    return `${lane.name}-${++this.sequence}-${what}`;
  }
}

function memberOf(spec: BackendInstanceSpec, started: StartedBackend): BackendMember {
  return { spec, container: started.container, touched: false, ...(started.control ? { control: started.control } : {}) };
}

async function stateOf(docker: Docker, member: BackendMember): Promise<Omit<ParkedBackend, 'spec' | 'touched'>> {
  const info = await docker.getContainer(member.container.getId()).inspect().catch(() => undefined);
  if (!info) return { running: false, paused: false, oomKilled: false, restartCount: 0 };
  return { running: info.State.Running, paused: info.State.Paused, oomKilled: info.State.OOMKilled, restartCount: info.RestartCount };
}

function translateStartError(error: unknown, spec: EnvironmentSpec): unknown {
  if (error instanceof NginxConfigError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/port is already allocated|address already in use/i.test(message)) {
    return new PortInUseError(`127.0.0.1:${spec.nginxHostPort} is already in use, so nginx cannot be published there.`, 'Free that port or choose another with --port (or leave it out to use a free one).');
  }
  return new RuntimeStartError(`${spec.label}: the environment did not start: ${message}`, 'Check that the images work (`npm run setup`) and that Docker has room; `badgateway clean` removes leftovers.');
}
