/**
 * DockerRuntime: one bridge network per variant, the backends on it (in parallel), then `nginx -t`
 * in a one-shot container with the same image, network and config, then nginx published on
 * 127.0.0.1. Readiness is always a condition: a log line for backends, an HTTP 200 for nginx.
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
import { startDnsServerFor, startFaultHelpers, startReplacements } from './network-environment.js';
import { backendTlsFiles, upstreamCaFile } from './tls/backend-tls-files.js';
import { UpstreamCertificates } from './tls/upstream-certificates.js';
import { READY_HOST, READY_PATH } from '../nginx/readiness.js';
import { removeContainer } from './cleanup.js';
import { BACKEND_CONTROL_PORT, BACKEND_PORT, NGINX_PORT, PATHS, type AppSpec, type BackendInstanceSpec, type EnvironmentSpec, type Runtime } from './runtime.js';

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
  /** the run's certificates for TLS backends: one internal CA per run */
  private certificates?: UpstreamCertificates;

  constructor(private readonly options: DockerRuntimeOptions) {}

  async start(spec: EnvironmentSpec): Promise<DockerEnvironment> {
    const { docker, runId } = this.options;
    const prefix = `bg-${runId}-${++this.sequence}`;
    const network = await docker.createNetwork({ Name: prefix, Driver: 'bridge', Labels: labelsFor(runId, 'network', prefix), CheckDuplicate: true });
    const environment = new DockerEnvironment(docker, network.id, prefix);
    try {
      let t0 = performance.now();
      const network = { docker, runId, env: prefix, images: this.options.images, backendBundle: this.options.backendBundle };
      const [backends, dns] = await Promise.all([Promise.all(spec.backends.map((b) => this.startBackend(prefix, b))), startDnsServerFor(network, spec)]);
      backends.forEach((c, i) => environment.addContainer(c, 'backend', spec.backends[i]!));
      if (dns) environment.addAuxiliary(dns.getId());
      const helpers = await startFaultHelpers(network, backends.map((container, i) => ({ spec: spec.backends[i]!, container })));
      helpers.forEach((helper) => environment.addFaultHelper(helper));
      // chaos replace: the new containers run from the start, on the network but not yet under the replica's name
      let replacements = 0;
      const startReplacement = (backend: BackendInstanceSpec) => this.startBackend(prefix, backend, `-r${++replacements}`, false);
      environment.setReplacements(await startReplacements(spec.backends, startReplacement), startReplacement);
      const backendsMs = performance.now() - t0;

      const files = [...nginxFiles(spec), ...(spec.upstreamCa ? [upstreamCaFile(this.upstreamCertificates())] : [])];
      t0 = performance.now();
      await this.checkNginxConfig(prefix, files);
      const nginxCheckMs = performance.now() - t0;

      t0 = performance.now();
      const nginx = await this.startNginx(prefix, spec, files);
      environment.addContainer(nginx, 'nginx');
      environment.setNginx(nginx, `${spec.nginxScheme ?? 'http'}://127.0.0.1:${await this.loopbackPort(nginx.getId())}`, { backendsMs, nginxCheckMs, nginxMs: performance.now() - t0 });
      return environment;
    } catch (error) {
      await this.removeByPrefix(prefix);
      await environment.stop();
      throw translateStartError(error, spec);
    }
  }

  private upstreamCertificates(): UpstreamCertificates {
    return (this.certificates ??= new UpstreamCertificates());
  }

  /**
   * A backend replica's container. A replacement (chaos replace) has a `suffix` in its container
   * name and starts without the replica's name on the network (`named` false): replace gives it.
   */
  private async startBackend(prefix: string, backend: BackendInstanceSpec, suffix = '', named = true) {
    if (backend.app) return this.startApp(prefix, backend, backend.app, suffix, named);
    const output = new OutputCapture();
    const tls = backend.tls ? backendTlsFiles(this.upstreamCertificates(), backend.tls) : undefined;
    return new LoopbackContainer(this.options.images.node)
      .withName(`${prefix}-${backend.alias}${suffix}`)
      .withLabels({ ...labelsFor(this.options.runId, 'backend', prefix), 'io.badgateway.backend': backend.backend })
      .withNetworkMode(prefix)
      .withNetworkAliases(...(named ? [backend.alias] : []))
      .withConfinement({ user: UNPRIVILEGED, memoryBytes: backend.memoryBytes, pidsLimit: 128 })
      .withRestartPolicy(backend.restart)
      .withEnvironment({
        BADGATEWAY_BEHAVIOR: JSON.stringify(backend.behavior),
        BADGATEWAY_INSTANCE: backend.alias,
        BADGATEWAY_PORT: String(BACKEND_PORT),
        BADGATEWAY_CONTROL_PORT: String(BACKEND_CONTROL_PORT),
        BADGATEWAY_SHUTDOWN: backend.shutdown,
        ...tls?.environment,
      })
      .withCopyFilesToContainer([{ source: this.options.backendBundle, target: PATHS.backendBundle, mode: 0o444 }])
      .withCopyContentToContainer(tls?.files ?? [])
      .withCommand(['node', PATHS.backendBundle])
      .withLogConsumer(output.consumer)
      .withWaitStrategy(Wait.forLogMessage(/badgateway-backend \S+ listening/))
      .withStartupTimeout(STARTUP_TIMEOUT_MS)
      .start()
      .catch(async (error: unknown) => { throw withOutput(error, `backend ${backend.alias}`, await output.settled()); });
  }

  /**
   * The user's own app standing in for a fake backend: its image, command and environment, as
   * its own user but without capabilities; ready when its ready path answers 2xx on loopback.
   */
  private async startApp(prefix: string, backend: BackendInstanceSpec, app: AppSpec, suffix = '', named = true) {
    const output = new OutputCapture();
    const container = new LoopbackContainer(app.image)
      .withName(`${prefix}-${backend.alias}${suffix}`)
      .withLabels({ ...labelsFor(this.options.runId, 'backend', prefix), 'io.badgateway.backend': backend.backend })
      .withNetworkMode(prefix)
      .withNetworkAliases(...(named ? [backend.alias] : []))
      .withConfinement({ memoryBytes: backend.memoryBytes, pidsLimit: 512 })
      .withRestartPolicy(backend.restart)
      .withEnvironment(app.env)
      .withLoopbackPort(backend.port)
      .withLogConsumer(output.consumer)
      .withWaitStrategy(new LoopbackHttpWait(app.readyPath, backend.port, 'any-2xx'))
      .withStartupTimeout(STARTUP_TIMEOUT_MS);
    if (app.command) container.withCommand(app.command);
    return container.start().catch(async (error: unknown) => { throw withOutput(error, `app ${backend.alias} (${app.image})`, await output.settled()); });
  }

  /** `nginx -t` before any load; its output becomes the error when it fails. */
  private async checkNginxConfig(prefix: string, files: NginxFile[]): Promise<void> {
    const config = files[0]!.content;
    const name = `${prefix}-nginx-check`;
    const output = new OutputCapture();
    try {
      await new LoopbackContainer(this.options.images.nginx)
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

  private async startNginx(prefix: string, spec: EnvironmentSpec, files: NginxFile[]) {
    const output = new OutputCapture();
    return new LoopbackContainer(this.options.images.nginx)
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

/** What nginx reads: its config first, then the certificate made for this run when it needs one. */
function nginxFiles(spec: EnvironmentSpec): NginxFile[] {
  const files: NginxFile[] = [{ content: spec.nginxConfig, target: PATHS.nginxConfig, mode: 0o444 }];
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
