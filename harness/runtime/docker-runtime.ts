/**
 * DockerRuntime: a bridge network of its own, the backends on it (started in parallel, each as
 * backend-container.ts defines it), and nginx published on 127.0.0.1, checked with `nginx -t` in
 * the container that then serves. A variant whose backends listen on unix sockets gets a new socket
 * volume, mounted in them and in a new nginx container. Readiness is always a condition: a log
 * line or an HTTP 2xx for backends, an HTTP 200 for nginx.
 *
 * Between variants it keeps what it safely can, never the state: when a variant ends its nginx
 * master stops (every worker, connection and shared memory zone gone) and backends that cannot
 * serve again are removed; the next start() gives the kept nginx container a new master on the new
 * config, and resets in place each kept backend whose spec is unchanged (see reuse-plan.ts).
 * While a variant's load runs, prepare() may start what the next one will certainly need new (a
 * backend no reset turns into it, real app servers among them, a network of its own, an nginx
 * container, a socket volume; see prepare-plan.ts): the next start() takes what fits and removes the rest.
 * The network features' containers (the run's DNS server, fault helpers and their delaying proxies,
 * replacements for chaos replace) serve one variant only and are removed when it ends; a backend
 * with a network fault or a replace planned is never kept (its namespace's rules, its name). TLS
 * backends get certificates of the run's CA, and nginx the CA (network-environment.ts).
 * With the load from a container (an engine that may be on another machine, which shares neither
 * this machine's files nor its loopback) nothing depends on either: the harness's bundles are
 * copied into the containers instead of bind-mounted, nginx is not published (unless a port is
 * asked for), and readiness is asked from a probe container on the lane's network.
 * Whatever fails part-way, everything of the runtime is removed before the error goes on.
 */
import type Docker from 'dockerode';
import { NginxConfigError, PortInUseError, RuntimeStartError } from '../errors.js';
import type { Images } from '../config/images.js';
import { startBackend, type StartedBackend } from './backend-containers.js';
import { removeContainer, removeNetwork, removeVolume } from './cleanup.js';
import { DockerEnvironment, type BackendMember } from './docker-environment.js';
import { LABEL_ENV, labelsFor } from './labels.js';
import { ClosedConnectionsError, MAX_TIME_WAIT_AFTER_VARIANT, NginxContainer, type NginxContainerOptions } from './nginx-container.js';
import { planBackendReuse, reusable, sameSpec, type ParkedBackend } from './reuse-plan.js';
import { likelyTooManyClosed, planPrepare } from './prepare-plan.js';
import { NGINX_PORT, type BackendInstanceSpec, type EnvironmentSpec, type Runtime } from './runtime.js';
import { ContainerEngineDriver } from '../load/container-engine-driver.js';
import { NetworkProbe } from './network-probe.js';
import { nginxFiles, sameFiles } from './nginx-files.js';
import { createSocketVolume, socketDirsOf } from './socket-volume.js';
import { makeThrowawayCertificate, type ThrowawayCertificate } from './throwaway-certificate.js';
import { beside, removeNetworkParts, startNetworkParts, type NetworkParts } from './network-environment.js';
import { backendTlsFiles, upstreamCaFile } from './tls/backend-tls-files.js';
import { UpstreamCertificates } from './tls/upstream-certificates.js';
import type { TarFile } from './tar-entries.js';

export interface DockerRuntimeOptions {
  docker: Docker;
  runId: string;
  images: Images;
  /** the bundled fake backend (dist/backend/server.cjs) */
  backendBundle: string;
  /** keep containers from one variant to the next (the default); false: new containers every time */
  reuse?: boolean;
  /** the size of nginx's log folder (1 GiB when omitted) */
  logSpaceBytes?: number;
  /**
   * where the load runs (load-placement.ts): `host` (the default) to nginx on 127.0.0.1; `container`,
   * from a container on the variant's network (each environment's loadDriver)
   */
  loadFrom?: 'host' | 'container';
}

interface Lane {
  name: string;
  networkId: string;
  /** containers were created on it (and some may be gone, leaving their addresses free) */
  used: boolean;
  /** readiness from the network (the load from a container) */
  probe?: NetworkProbe;
}

interface Parked {
  nginx?: NginxContainer;
  backends: (ParkedBackend & { member: BackendMember })[];
  /** containers that will not serve again, removed by the next start() */
  leftovers: string[];
  /** socket volumes, removed once the containers that mounted them are gone */
  volumes: string[];
}

const EMPTY: Parked = { backends: [], leftovers: [], volumes: [] };

/** Containers started for the next variant while the current one's load ran (prepare()). */
interface Prepared {
  /** a new network they are on; on the current one when absent */
  lane?: Lane;
  nginx?: NginxContainer;
  backends: { spec: BackendInstanceSpec; started: StartedBackend }[];
  /** the next variant's socket volume, mounted in what was started for it */
  socketVolume?: SocketVolume;
}

/** A variant's socket volume and the folders it is mounted at. */
interface SocketVolume {
  name: string;
  targets: string[];
}

let lanes = 0;

export class DockerRuntime implements Runtime {
  private lane?: Lane;
  private parked: Parked = EMPTY;
  private parking: Promise<void> = Promise.resolve();
  /** the environment handed out last: what prepare() plans against */
  private current?: { spec: EnvironmentSpec; nginx: NginxContainer };
  private prepared?: Prepared;
  private preparing: Promise<void> = Promise.resolve();
  private inUse = false;
  private sequence = 0;
  /** the certificate made for the run, for every variant whose nginx listens with ssl */
  private certificate?: ThrowawayCertificate;
  /** the run's certificates for TLS backends: one internal CA per runtime */
  private certificates?: UpstreamCertificates;

  constructor(private readonly options: DockerRuntimeOptions) {}

  async start(spec: EnvironmentSpec): Promise<DockerEnvironment> {
    if (this.inUse) throw new Error('the runtime serves one environment at a time: stop the previous one first');
    await this.parking;
    await this.preparing;
    this.inUse = true;
    const since = new Date().toISOString();
    const t0 = performance.now();
    let network: NetworkParts | undefined;
    let retiring: Promise<void> = Promise.resolve();
    // what goes while this variant's containers start; all of it gone before start() resolves
    const retire = (removal: Promise<unknown>) => {
      removal.catch(() => undefined);
      retiring = Promise.all([retiring, removal]).then(() => undefined);
    };
    let prepared = this.prepared;
    this.prepared = undefined;
    try {
      // The engine gives a container that starts again (or rejoins) the lowest free address, which
      // on a used network can be one an earlier variant's container left, not the one nginx
      // resolved: such a variant gets a new network, where its containers take every address in turn.
      // The old one goes while the new containers start (all of it gone before this resolves),
      // unless nginx must take the same host port back.
      const preparedOn = prepared?.lane ?? this.lane;
      if (spec.containersMayRestart && this.lane?.used) {
        retiring = this.removeLane();
        retiring.catch(() => undefined);
        if (spec.nginxHostPort !== undefined) await retiring;
        // a network prepared for this variant, with what was started on it
        if (prepared?.lane) this.lane = prepared.lane;
      }
      const lane = await this.ensureLane();
      // What was prepared on another network than this variant's is not used: a network of its own
      // goes now; on the previous network, it goes with that network (removeLane above).
      if (prepared && preparedOn !== lane) {
        if (prepared.lane) retire(this.removeLaneOf(prepared.lane));
        prepared = undefined;
      }
      lane.used = true;
      const parked = this.parked;
      this.parked = EMPTY;
      const image = spec.nginxImage ?? this.options.images.nginx;
      const files = this.nginxFilesFor(spec);
      // A backend on a unix socket: a new volume (or the one started ahead for it), mounted in it
      // and in a new nginx container. What was started ahead with another volume goes, all of it,
      // before anything starts: its backends carry names the new nginx must find on new containers alone.
      const socketDirs = socketDirsOf(spec.backends);
      if (prepared?.socketVolume && !sameDirs(prepared.socketVolume.targets, socketDirs)) {
        const unused = prepared;
        prepared = undefined;
        await this.discard(unused);
      }
      const socketVolume = socketDirs.length > 0 ? prepared?.socketVolume?.name ?? await createSocketVolume(this.options.docker, this.options.runId, lane.name, this.nameFor(lane, 'sockets')) : undefined;
      const volume = socketVolume ? { name: socketVolume, targets: socketDirs } : undefined;
      // nginx started ahead for this variant comes first when it has what this one needs (it has no
      // closed connections yet); else the previous variant's, when it can serve this one.
      const readyNginx = prepared?.nginx && keepsNginx(prepared.nginx, image, spec.nginxHostPort, files, volume) ? prepared.nginx : undefined;
      const keptNginx = !readyNginx && parked.nginx && keepsNginx(parked.nginx, image, spec.nginxHostPort, files, volume) ? parked.nginx : undefined;
      // one started ahead that does not fit (the variant is not the one expected) goes while this one starts
      if (prepared?.nginx && prepared.nginx !== readyNginx) retire(removeContainer(this.options.docker, prepared.nginx.id));
      const newNginx = () => NginxContainer.create(this.nginxOptions(lane, spec, image, files, volume));
      let nginxMs = 0;
      const chosen = readyNginx ?? keptNginx;
      const nginxContainer = chosen ? Promise.resolve(chosen) : timed(newNginx, (ms) => { nginxMs += ms; });
      nginxContainer.catch(() => undefined);

      const backends = await this.backendsFor(lane, parked, spec.backends, parked.nginx && !keptNginx ? [parked.nginx.id] : [], socketVolume, prepared?.backends ?? []);
      // The backends' processes boot while nginx is checked and started.
      const backendsReady = Promise.all(backends.started.map((b) => b.ready)).then(() => performance.now() - t0);
      backendsReady.catch(() => undefined);
      // The DNS server (which nginx's resolver names when nginx starts), fault helpers with their
      // faults from the start, replacements for chaos replace: all before nginx serves.
      network = await this.networkPartsFor(lane, spec, backends.members, socketVolume);
      let nginx = await nginxContainer;
      const t = performance.now();
      const scheme = spec.nginxScheme ?? 'http';
      const served = await nginx.serve(spec.nginxConfig, scheme).catch(async (error: unknown) => {
        if (!(error instanceof ClosedConnectionsError)) throw error;
        await removeContainer(this.options.docker, nginx.id);
        nginx = await newNginx();
        return nginx.serve(spec.nginxConfig, scheme);
      });
      nginxMs += performance.now() - t - served.checkMs;
      const backendsMs = await backendsReady;
      await retiring;
      const ahead = { nginx: readyNginx !== undefined && nginx === readyNginx, backends: backends.prepared };
      const timings = { backendsMs, nginxCheckMs: served.checkMs, nginxMs, reused: { nginx: nginx === keptNginx, backends: backends.kept }, ...(ahead.nginx || ahead.backends > 0 ? { prepared: ahead } : {}) };
      const loadDriver = this.options.loadFrom === 'container' ? this.containerLoad(lane, nginx) : undefined;
      this.current = { spec, nginx };
      return new DockerEnvironment(
        { docker: this.options.docker, networkId: lane.networkId, nginx, nginxOutput: served.output, backends: backends.members, scheme, ...(socketVolume ? { socketVolume } : {}), timings, since, ...(network ? { network } : {}), ...(loadDriver ? { loadDriver } : {}) },
        (environment) => this.park(environment),
      );
    } catch (error) {
      this.inUse = false;
      this.current = undefined;
      await retiring.catch(() => undefined);
      await removeNetworkParts(this.options.docker, network);
      await this.removeLane();
      if (prepared?.lane) await this.removeLaneOf(prepared.lane).catch(() => undefined);
      throw translateStartError(error, spec);
    }
  }

  /**
   * While the current variant's load runs: starts what the next variant (`next`) will certainly
   * need new (prepare-plan.ts), so that its start() finds it ready. Never fails the current
   * variant: what does not start is left to the next start(), which starts it as usual. The next
   * start() takes what it can use and removes the rest.
   */
  prepare(next: EnvironmentSpec): void {
    const current = this.current;
    if (!this.inUse || !current || this.prepared || this.options.reuse === false || this.options.loadFrom === 'container') return;
    const nextImage = next.nginxImage ?? this.options.images.nginx;
    const plan = planPrepare({
      spec: current.spec,
      nginxFits: (n) => keepsNginx(current.nginx, nextImage, n.nginxHostPort, this.nginxFilesFor(n)),
      nginxLikelyReplaced: likelyTooManyClosed(current.nginx.timeWaitReadings, MAX_TIME_WAIT_AFTER_VARIANT),
    }, next);
    if (!plan) return;
    const prepared: Prepared = { backends: [] };
    this.prepared = prepared;
    const work = async () => {
      const lane = plan.newLane ? (prepared.lane = await this.createLane()) : this.lane!;
      const volume = plan.socketDirs ? (prepared.socketVolume = { name: await createSocketVolume(this.options.docker, this.options.runId, lane.name, this.nameFor(lane, 'sockets')), targets: plan.socketDirs }) : undefined;
      const nginx = plan.nginx ? NginxContainer.create(this.nginxOptions(lane, next, nextImage, this.nginxFilesFor(next), volume)).then((made) => { prepared.nginx = made; }) : undefined;
      const backends = Promise.all(plan.backends.map(async (spec) => {
        const started = await this.newBackend(lane, spec, spec.socket ? volume?.name : undefined);
        started.ready.catch(() => undefined);
        prepared.backends.push({ spec, started });
      }));
      await Promise.all([nginx, backends]);
    };
    // A part that did not start leaves the rest prepared; the next start() starts what is missing.
    this.preparing = work().catch(() => undefined);
  }

  /** Everything started ahead for a variant that did not come: its network, or its containers and then its socket volume. */
  private async discard(prepared: Prepared): Promise<void> {
    if (prepared.lane) return this.removeLaneOf(prepared.lane);
    const ids = [...(prepared.nginx ? [prepared.nginx.id] : []), ...prepared.backends.map((b) => b.started.container.id)];
    await Promise.all(ids.map((id) => removeContainer(this.options.docker, id)));
    if (prepared.socketVolume) await removeVolume(this.options.docker, prepared.socketVolume.name);
  }

  /** Removes every container and the network the runtime still keeps; safe to call twice. */
  async dispose(): Promise<void> {
    await this.parking;
    await this.preparing;
    const lane = this.prepared?.lane;
    this.prepared = undefined;
    if (lane) await this.removeLaneOf(lane);
    await this.removeLane();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /**
   * The backends in spec order: kept ones reset in place, the rest in new containers (started,
   * not yet ready). Containers that go are removed while the new ones start; this resolves only
   * once they are gone, so that nginx, started next, finds each name on the new container alone.
   */
  private async backendsFor(lane: Lane, parked: Parked, wanted: BackendInstanceSpec[], alsoLeaving: string[], socketVolume: string | undefined, ahead: Prepared['backends']) {
    const plan = planBackendReuse(parked.backends, wanted);
    const resets = await Promise.all(plan.keep.map(async (k) => (await k.parked.member.control?.reset(sameSpec(k.parked.spec, k.spec) ? undefined : k.spec.behavior)) ?? false));
    const kept = plan.keep.filter((_, i) => resets[i]).map((k) => ({ ...k.parked.member, spec: k.spec, touched: false, kept: true }));
    const refused = plan.keep.filter((_, i) => !resets[i]);
    const toCreate = [...plan.create, ...refused.map((k) => k.spec)];
    // a container started ahead for an instance of exactly this spec serves it
    const unclaimed = [...ahead];
    const claimed = toCreate.map((spec) => {
      const at = unclaimed.findIndex((a) => sameSpec(a.spec, spec));
      return at < 0 ? undefined : unclaimed.splice(at, 1)[0]!.started;
    });
    const leaving = [...parked.leftovers, ...alsoLeaving, ...[...plan.remove, ...refused.map((k) => k.parked)].map((p) => p.member.container.id), ...unclaimed.map((a) => a.started.container.id)];
    const removals = Promise.all(leaving.map((id) => removeContainer(this.options.docker, id)))
      .then(() => Promise.all(parked.volumes.map((name) => removeVolume(this.options.docker, name))));
    removals.catch(() => undefined);
    const started = await Promise.all(toCreate.map((spec, i) => claimed[i] ?? this.newBackend(lane, spec, socketVolume)));
    await removals;
    const fresh = new Map(toCreate.map((spec, i) => [spec.alias, started[i]!]));
    const keptByAlias = new Map(kept.map((m) => [m.spec.alias, m]));
    const members: BackendMember[] = wanted.map((spec) => keptByAlias.get(spec.alias) ?? memberOf(spec, fresh.get(spec.alias)!));
    return { members, started, kept: kept.length, prepared: claimed.filter((c) => c !== undefined).length };
  }

  /** A new container for a backend instance; a replacement (chaos replace) starts without the replica's name. */
  private newBackend(lane: Lane, spec: BackendInstanceSpec, socketVolume: string | undefined, replacement = false): Promise<StartedBackend> {
    return startBackend(spec, {
      docker: this.options.docker, runId: this.options.runId, lane: lane.name, network: lane.name,
      name: this.nameFor(lane, replacement ? `${spec.alias}-replacement` : spec.alias), images: this.options.images, backendBundle: this.options.backendBundle,
      ...(socketVolume ? { socketVolume } : {}),
      ...(lane.probe ? { probe: lane.probe, hostFilesBy: 'copy' as const } : {}),
      ...(replacement ? { aliases: [] } : {}),
      ...(spec.tls && spec.behavior ? { tls: backendTlsFiles(this.upstreamCertificates(), spec.tls) } : {}),
    });
  }

  /**
   * What nginx reads besides its config. Once the runtime has its CA, every nginx gets it: a config
   * that does not name the file never reads it, and nginx containers stay the same from TLS
   * variants to the others.
   */
  private nginxFilesFor(spec: EnvironmentSpec): TarFile[] {
    const ca = spec.upstreamCa || this.certificates ? upstreamCaFile(this.upstreamCertificates()) : undefined;
    return [...nginxFiles(spec, () => (this.certificate ??= makeThrowawayCertificate())), ...(ca ? [{ path: ca.target, content: ca.content, mode: ca.mode }] : [])];
  }

  private nginxOptions(lane: Lane, spec: EnvironmentSpec, image: string, files: TarFile[], volume?: { name: string; targets: string[] }): NginxContainerOptions {
    return {
      docker: this.options.docker, runId: this.options.runId, lane: lane.name, name: this.nameFor(lane, 'nginx'), network: lane.name, image, files,
      ...(lane.probe ? { probe: lane.probe } : {}),
      ...(spec.nginxHostPort !== undefined ? { hostPort: spec.nginxHostPort } : {}),
      ...(volume ? { volume } : {}),
      ...(this.options.logSpaceBytes !== undefined ? { logSpaceBytes: this.options.logSpaceBytes } : {}),
    };
  }

  /** The variant's DNS server, fault helpers and replacements, when it has any (network-environment.ts). */
  private async networkPartsFor(lane: Lane, spec: EnvironmentSpec, members: readonly BackendMember[], socketVolume: string | undefined): Promise<NetworkParts | undefined> {
    if (!spec.dns && !members.some((m) => m.spec.network || m.spec.replacements)) return undefined;
    const context = {
      docker: this.options.docker, runId: this.options.runId, lane: lane.name, network: lane.name, images: this.options.images,
      backendBundle: this.options.backendBundle, nameFor: (what: string) => this.nameFor(lane, what),
      ...(lane.probe ? { hostFilesBy: 'copy' as const } : {}),
    };
    return startNetworkParts(context, spec, members.map((m) => ({ spec: m.spec, containerId: m.container.id })), (backend) => this.newBackend(lane, backend, socketVolume, true));
  }

  /** The load from a container on the lane's network, to nginx by its container name there. */
  private containerLoad(lane: Lane, nginx: NginxContainer): ContainerEngineDriver {
    return new ContainerEngineDriver({
      docker: this.options.docker, runId: this.options.runId, lane: lane.name, network: lane.name, name: () => this.nameFor(lane, 'load'),
      nodeImage: this.options.images.node, bundle: beside(this.options.backendBundle, 'load-engine.cjs'), nginxUrl: `http://${nginx.container.name}:${NGINX_PORT}`,
    });
  }

  private upstreamCertificates(): UpstreamCertificates {
    return (this.certificates ??= new UpstreamCertificates());
  }

  /**
   * The end of a variant: what may serve again is kept; the rest is removed by the next start()
   * (while its new containers start) or by dispose(). The next start() also stops this nginx
   * master before it starts its own.
   */
  private park(environment: DockerEnvironment): Promise<void> {
    const { docker } = this.options;
    const { nginx, backends, socketVolume, network } = environment.parts;
    const work = async () => {
      // The network parts served this variant only (the fault helpers go before their backends).
      await removeNetworkParts(docker, network);
      if (this.options.reuse === false) return this.removeLane();
      const [nginxReusable, states] = await Promise.all([nginx.reusable(), Promise.all(backends.map((b) => stateOf(docker, b)))]);
      const parked = backends.map((member, i) => ({ member, spec: member.spec, touched: member.touched, ...states[i]! }));
      // Whatever mounted a socket volume goes with it: the next variant gets an empty one.
      const keepNginx = nginxReusable && !socketVolume;
      this.parked = {
        ...(keepNginx ? { nginx } : {}),
        backends: parked.filter((p) => reusable(p)),
        leftovers: [...parked.filter((p) => !reusable(p)).map((p) => p.member.container.id), ...(keepNginx ? [] : [nginx.id])],
        volumes: socketVolume ? [socketVolume] : [],
      };
    };
    this.parking = work()
      .catch(() => this.removeLane())
      .finally(() => { this.inUse = false; });
    return this.parking;
  }

  /** the label (io.badgateway.env) of what the current environment runs on: its network and containers */
  environmentLabel(): string | undefined {
    return this.lane?.name;
  }

  private async ensureLane(): Promise<Lane> {
    return (this.lane ??= await this.createLane());
  }

  private async createLane(): Promise<Lane> {
    const name = `bg-${this.options.runId}-${++lanes}`;
    const network = await this.options.docker.createNetwork({ Name: name, Driver: 'bridge', Labels: labelsFor(this.options.runId, 'network', name), CheckDuplicate: true });
    const lane: Lane = { name, networkId: network.id, used: false };
    if (this.options.loadFrom === 'container') {
      lane.probe = NetworkProbe.start({ docker: this.options.docker, runId: this.options.runId, lane: name, network: name, name: this.nameFor(lane, 'probe'), nodeImage: this.options.images.node });
    }
    return lane;
  }

  /** Every container of the lane, then its network. */
  private async removeLane(): Promise<void> {
    const lane = this.lane;
    this.lane = undefined;
    this.parked = EMPTY;
    this.current = undefined;
    if (lane) await this.removeLaneOf(lane);
  }

  private async removeLaneOf(lane: Lane): Promise<void> {
    await lane.probe?.settled();
    const filters = { label: [`${LABEL_ENV}=${lane.name}`] };
    const containers = await this.options.docker.listContainers({ all: true, filters });
    await Promise.all(containers.map((c) => removeContainer(this.options.docker, c.Id)));
    const volumes = (await this.options.docker.listVolumes({ filters })).Volumes ?? [];
    await Promise.all(volumes.map((v) => removeVolume(this.options.docker, v.Name)));
    await removeNetwork(this.options.docker, lane.networkId);
  }

  private nameFor(lane: Lane, what: string): string {
    return `${lane.name}-${++this.sequence}-${what}`;
  }
}

/**
 * The nginx container can serve this variant: same image, host port and files, and the socket
 * volume it needs mounted where it needs it, or none (a parked one never has one: it goes with its variant).
 */
function keepsNginx(nginx: NginxContainer, image: string, hostPort: number | undefined, files: readonly TarFile[], volume?: SocketVolume): boolean {
  const mounted = nginx.options.volume;
  const sameVolume = mounted?.name === volume?.name && sameDirs(mounted?.targets ?? [], volume?.targets ?? []);
  return nginx.options.image === image && nginx.options.hostPort === hostPort && sameVolume && sameFiles(nginx.options.files ?? [], files);
}

function sameDirs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((dir) => b.includes(dir));
}

async function timed<T>(make: () => Promise<T>, took: (ms: number) => void): Promise<T> {
  const t = performance.now();
  const made = await make();
  took(performance.now() - t);
  return made;
}

function memberOf(spec: BackendInstanceSpec, started: StartedBackend): BackendMember {
  return { spec, container: started.container, touched: false, ...(started.control ? { control: started.control } : {}) };
}

async function stateOf(docker: Docker, member: BackendMember): Promise<Omit<ParkedBackend, 'spec' | 'touched'>> {
  const info = await docker.getContainer(member.container.id).inspect().catch(() => undefined);
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
