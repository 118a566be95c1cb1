/**
 * DockerRuntime: one bridge network per variant (and a socket volume when a backend listens on a
 * unix socket, mounted in it and in nginx), the backends on it (in parallel, each as
 * backend-container.ts defines it), then `nginx -t` in a one-shot container with the same image,
 * network and config, then nginx published on 127.0.0.1. Readiness is always a condition: a log
 * line for backends (or a 2xx for the user's app), an HTTP 200 for nginx.
 * Whatever fails part-way, everything created so far is removed before the error goes on.
 */
import type Docker from 'dockerode';
import { Wait } from 'testcontainers';
import { NginxConfigError, PortInUseError, RuntimeStartError } from '../errors.js';
import type { Images } from '../config/images.js';
import { labelsFor, LABEL_ENV } from './labels.js';
import { LoopbackContainer, type Confinement } from './loopback-container.js';
import { DockerEnvironment } from './docker-environment.js';
import { LoopbackHttpWait } from './loopback-http-wait.js';
import { OutputCapture } from './output-capture.js';
import { makeThrowawayCertificate } from './throwaway-certificate.js';
import { READY_HOST, READY_PATH } from '../nginx/readiness.js';
import { removeContainer } from './cleanup.js';
import { NGINX_PORT, PATHS, type BackendInstanceSpec, type EnvironmentSpec, type Runtime } from './runtime.js';
import { backendContainer } from './backend-container.js';
import { createSocketVolume, socketDirsOf } from './socket-volume.js';
import { dirname } from 'node:path';

const UNPRIVILEGED = '65534:65534';
const NGINX_CONFINEMENT: Confinement = { user: UNPRIVILEGED, memoryBytes: 256 * 1024 * 1024, pidsLimit: 64 };
const LOG_TMPFS = { [PATHS.nginxLogDir]: 'rw,mode=1777,size=256m' };
const STARTUP_TIMEOUT_MS = 30_000;

export interface DockerRuntimeOptions {
  docker: Docker;
  runId: string;
  images: Images;
  /** the bundled fake backend (dist/backend/server.cjs) */
  backendBundle: string;
}

export class DockerRuntime implements Runtime {
  private sequence = 0;

  constructor(private readonly options: DockerRuntimeOptions) {}

  async start(spec: EnvironmentSpec): Promise<DockerEnvironment> {
    const { docker, runId } = this.options;
    const prefix = `bg-${runId}-${++this.sequence}`;
    const network = await docker.createNetwork({ Name: prefix, Driver: 'bridge', Labels: labelsFor(runId, 'network', prefix), CheckDuplicate: true });
    const environment = new DockerEnvironment(docker, network.id, prefix);
    const socketDirs = socketDirsOf(spec.backends.map((b) => (b.socket ? [dirname(b.socket)] : [])));
    try {
      const socketVolume = socketDirs.length > 0 ? await createSocketVolume(docker, runId, prefix) : undefined;
      if (socketVolume) environment.addVolume(socketVolume);
      let t0 = performance.now();
      const backends = await Promise.all(spec.backends.map((b) => this.startBackend(prefix, b, socketVolume)));
      backends.forEach((c, i) => environment.addContainer(c, 'backend', spec.backends[i]!));
      const backendsMs = performance.now() - t0;

      const files = nginxFiles(spec);
      t0 = performance.now();
      const mounts = socketVolume ? { volume: socketVolume, dirs: socketDirs } : undefined;
      await this.checkNginxConfig(prefix, spec.nginxImage ?? this.options.images.nginx, files, mounts);
      const nginxCheckMs = performance.now() - t0;

      t0 = performance.now();
      const nginx = await this.startNginx(prefix, spec, files, mounts);
      environment.addContainer(nginx, 'nginx');
      environment.setNginx(nginx, `${spec.nginxScheme ?? 'http'}://127.0.0.1:${await this.loopbackPort(nginx.getId())}`, { backendsMs, nginxCheckMs, nginxMs: performance.now() - t0 });
      return environment;
    } catch (error) {
      await this.removeByPrefix(prefix);
      await environment.stop();
      throw translateStartError(error, spec);
    }
  }

  /** Any backend (fake, the user's app, a real app server) as backend-container.ts defines it. */
  private async startBackend(prefix: string, backend: BackendInstanceSpec, socketVolume: string | undefined) {
    const def = backendContainer(backend, this.options.images, this.options.backendBundle);
    const output = new OutputCapture();
    const container = new LoopbackContainer(def.image)
      .withName(`${prefix}-${backend.alias}`)
      .withLabels({ ...labelsFor(this.options.runId, 'backend', prefix), 'io.badgateway.backend': backend.backend })
      .withNetworkMode(prefix)
      .withNetworkAliases(backend.alias)
      .withConfinement({ ...(def.user ? { user: def.user } : {}), memoryBytes: backend.memoryBytes, pidsLimit: def.pidsLimit })
      .withRestartPolicy(backend.restart)
      .withEnvironment(def.env)
      .withLogConsumer(output.consumer)
      .withStartupTimeout(STARTUP_TIMEOUT_MS);
    if (def.command) container.withCommand(def.command);
    const copied = def.files.filter((f) => f.source !== undefined).map((f) => ({ source: f.source!, target: f.target, mode: f.mode }));
    const written = def.files.filter((f) => f.content !== undefined).map((f) => ({ content: f.content!, target: f.target, mode: f.mode }));
    if (copied.length > 0) container.withCopyFilesToContainer(copied);
    if (written.length > 0) container.withCopyContentToContainer(written);
    if (socketVolume && def.socketDirs.length > 0) container.withVolumeAt(socketVolume, def.socketDirs);
    if ('log' in def.readyWhen) container.withWaitStrategy(Wait.forLogMessage(def.readyWhen.log));
    else container.withLoopbackPort(def.readyWhen.http.port).withWaitStrategy(new LoopbackHttpWait(def.readyWhen.http.path, def.readyWhen.http.port, 'any-2xx'));
    return container.start().catch(async (error: unknown) => { throw withOutput(error, def.what, await output.settled()); });
  }

  /** `nginx -t` before any load; its output becomes the error when it fails. */
  private async checkNginxConfig(prefix: string, image: string, files: NginxFile[], mounts: SocketMounts | undefined): Promise<void> {
    const config = files[0]!.content;
    const name = `${prefix}-nginx-check`;
    const output = new OutputCapture();
    try {
      const check = new LoopbackContainer(image);
      if (mounts) check.withVolumeAt(mounts.volume, mounts.dirs);
      await check
        .withName(name)
        .withLabels(labelsFor(this.options.runId, 'nginx-check', prefix))
        .withNetworkMode(prefix)
        .withConfinement(NGINX_CONFINEMENT)
        .withTmpFs(LOG_TMPFS)
        .withCopyContentToContainer(files)
        .withCommand(['nginx', '-e', 'stderr', '-t', '-c', PATHS.nginxConfig])
        .withLogConsumer(output.consumer)
        .withWaitStrategy(Wait.forOneShotStartup())
        .withStartupTimeout(STARTUP_TIMEOUT_MS)
        .start();
    } catch (error) {
      const printed = await output.settled();
      if (/\[(emerg|alert|crit)\]|test failed/.test(printed)) throw new NginxConfigError(printed, config);
      throw withOutput(error, 'nginx -t', printed);
    } finally {
      await removeContainer(this.options.docker, name);
    }
  }

  private async startNginx(prefix: string, spec: EnvironmentSpec, files: NginxFile[], mounts: SocketMounts | undefined) {
    const output = new OutputCapture();
    const nginx = new LoopbackContainer(spec.nginxImage ?? this.options.images.nginx);
    if (mounts) nginx.withVolumeAt(mounts.volume, mounts.dirs);
    return nginx
      .withName(`${prefix}-nginx`)
      .withLabels(labelsFor(this.options.runId, 'nginx', prefix))
      .withNetworkMode(prefix)
      .withConfinement(NGINX_CONFINEMENT)
      .withTmpFs(LOG_TMPFS)
      .withCopyContentToContainer(files)
      .withCommand(['nginx', '-e', 'stderr', '-c', PATHS.nginxConfig, '-g', 'daemon off;'])
      .withLoopbackPort(NGINX_PORT, spec.nginxHostPort ?? 0)
      .withLogConsumer(output.consumer)
      .withWaitStrategy(new LoopbackHttpWait(READY_PATH, NGINX_PORT, 200, { host: READY_HOST, scheme: spec.nginxScheme ?? 'http' }))
      .withStartupTimeout(STARTUP_TIMEOUT_MS)
      .start()
      .catch(async (error: unknown) => { throw withOutput(error, 'nginx', await output.settled()); });
  }

  private async loopbackPort(id: string): Promise<string> {
    const info = await this.options.docker.getContainer(id).inspect();
    const port = info.NetworkSettings.Ports?.[`${NGINX_PORT}/tcp`]?.find((b) => b.HostIp === '127.0.0.1')?.HostPort;
    if (!port) throw new Error(`nginx's port ${NGINX_PORT} is not published on 127.0.0.1`);
    return port;
  }

  /** Containers of this variant that were created but never handed to the environment. */
  private async removeByPrefix(prefix: string): Promise<void> {
    const containers = await this.options.docker.listContainers({ all: true, filters: { label: [`${LABEL_ENV}=${prefix}`] } });
    await Promise.all(containers.map((c) => removeContainer(this.options.docker, c.Id)));
  }
}

type NginxFile = { content: string; target: string; mode: number };
type SocketMounts = { volume: string; dirs: string[] };

/** What nginx reads: its config first, the files its servers need (a front controller), the certificate made for this run. */
function nginxFiles(spec: EnvironmentSpec): NginxFile[] {
  const files: NginxFile[] = [{ content: spec.nginxConfig, target: PATHS.nginxConfig, mode: 0o444 }];
  for (const file of spec.nginxFiles ?? []) files.push({ content: file.content, target: file.path, mode: 0o444 });
  if (spec.nginxTls) {
    const made = makeThrowawayCertificate();
    files.push({ content: made.certificatePem, target: PATHS.tlsCertificate, mode: 0o444 }, { content: made.keyPem, target: PATHS.tlsKey, mode: 0o444 });
  }
  return files;
}

/** The error, with what the container printed before it failed. */
function withOutput(error: unknown, what: string, printed: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const tail = printed.trim().split('\n').slice(-10).join('\n');
  return new Error(tail ? `${what}: ${message}; it printed:\n${tail}` : `${what}: ${message} (it printed nothing)`);
}

function translateStartError(error: unknown, spec: EnvironmentSpec): unknown {
  if (error instanceof NginxConfigError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/port is already allocated|address already in use/i.test(message)) {
    return new PortInUseError(`127.0.0.1:${spec.nginxHostPort} is already in use, so nginx cannot be published there.`, 'Free that port or choose another with --port (or leave it out to use a free one).');
  }
  return new RuntimeStartError(`${spec.label}: the environment did not start: ${message}`, 'Check that the images work (`npm run setup`) and that Docker has room; `badgateway clean` removes leftovers.');
}
