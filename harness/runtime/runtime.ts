/**
 * What runs nginx and the backends for a variant. DockerRuntime is the first implementation. A
 * runtime may keep what one variant used and reuse it for the next (never its state): dispose()
 * removes whatever it still keeps, at the end of a run.
 */
import type { PlannedAction } from '../chaos/planned-action.js';
import type { LoadDriver } from '../load/load-driver.js';
import type { ContainerFacts } from '../observe/observation.js';
import type { EventRecorder } from './container-events.js';
import type { Behavior } from '../scenario/schema.js';
import type { NetworkFault } from '../scenario/network-fault-schema.js';
import type { DnsServerConfig } from '../../backends/dns/dns-config.js';
import type { ServerCertificateSpec } from './tls/upstream-certificates.js';
import type { AppServer } from '../../backends/app-servers/schemas.js';

export interface BackendInstanceSpec {
  /** the scenario's backend name, e.g. "app" */
  backend: string;
  /** 1-based replica number */
  replica: number;
  /** host name nginx uses for it, e.g. "app-1" */
  alias: string;
  /** a fake backend's behaviour; absent for the user's own app (see app) */
  behavior?: Behavior;
  /** the user's own app image standing in for a fake backend */
  app?: AppSpec;
  /** a real app server (php-fpm, gunicorn, uvicorn, node) running the app badgateway ships */
  server?: AppServer;
  /** what it speaks to nginx: a fake backend serves its behaviour over HTTP or FastCGI */
  protocol: 'http' | 'fastcgi';
  /** the port nginx connects to (unless socket) */
  port: number;
  /** the unix socket nginx connects to, in the variant's socket volume (e.g. /run/php/php8.2-fpm.sock) */
  socket?: string;
  memoryBytes: number;
  restart: 'no' | 'on-failure' | 'always';
  shutdown: 'abrupt' | 'graceful';
  /** a fake backend that speaks TLS, with the certificate the run makes for it */
  tls?: BackendTlsSpec;
  /** a replica with network faults: it gets the fault helper (and a delaying proxy for latency) */
  network?: BackendNetworkSpec;
  /** how many times chaos replaces the replica with a new container (each started beforehand) */
  replacements?: number;
}

export interface BackendTlsSpec extends ServerCertificateSpec {
  requireSni: boolean;
  handshake: 'complete' | 'stall';
}

export interface BackendNetworkSpec {
  /** the fault from the start, applied before nginx starts */
  initial?: NetworkFault;
  /** the delay of the delaying proxy, when any latency fault is planned for the replica */
  latencyMs?: number;
}

export interface AppSpec {
  image: string;
  command?: string[];
  env: Record<string, string>;
  readyPath: string;
}

/** A backend's counters since its process started, read from its control port. */
export interface ServedSnapshot {
  connections: number;
  requests: number;
  cpuMicros: number;
  uptimeMs: number;
}

export interface EnvironmentSpec {
  /** "scenario/variant", for messages */
  label: string;
  backends: BackendInstanceSpec[];
  /** the rendered nginx.conf */
  nginxConfig: string;
  /** the nginx image for this environment; the runtime's default when omitted */
  nginxImage?: string;
  /** fixed host port for nginx on 127.0.0.1; a free one when omitted */
  nginxHostPort?: number;
  /** how the load reaches nginx (https: a user's server that listens with ssl); http when omitted */
  nginxScheme?: 'http' | 'https';
  /** nginx needs the certificate made for the run (PATHS.tlsCertificate, PATHS.tlsKey) */
  nginxTls?: boolean;
  /** nginx needs the run's internal CA (PATHS.upstreamCa) to verify TLS backends */
  upstreamCa?: boolean;
  /** the run's DNS server (nginx's resolver dns-server), started before nginx */
  dns?: DnsServerConfig;
  /**
   * A container may stop and start again (chaos, a restart policy) or rejoin its network: it must
   * get its address back, the one nginx resolved at start, so the variant needs a network on
   * which no earlier container left a free address below its own.
   */
  containersMayRestart?: boolean;
  /** files nginx's config needs in its container (a PHP front controller that try_files checks) */
  nginxFiles?: { path: string; content: string }[];
}

export interface NginxLogs {
  access: string;
  error: string;
}

/** Phases of start(); nginx starts while the backends' processes boot, so the phases overlap. */
export interface StartTimings {
  /** until every backend serves (new containers started, kept ones reset) */
  backendsMs: number;
  /** `nginx -t` in the nginx container */
  nginxCheckMs: number;
  /** a new nginx master started and answering (and the container created, when it was new) */
  nginxMs: number;
  /** what was taken over from the previous variant (each reset or given a new master first) */
  reused: { nginx: boolean; backends: number };
  /** new containers started during the previous variant's load, for this one (Runtime.prepare); absent when none */
  prepared?: { nginx: boolean; backends: number };
}

export interface StartedEnvironment extends AsyncDisposable {
  /** e.g. http://127.0.0.1:32768; with the load from a container, nginx by its name on the run's network (http://bg-…-nginx:8080) */
  readonly nginxUrl: string;
  /** the load of this environment runs there, not on this machine (a container on its network, for a Docker Engine on another machine) */
  readonly loadDriver?: LoadDriver | undefined;
  readonly startTimings: StartTimings;
  nginxVersion(): Promise<string>;
  /** nginx's access and error logs: this environment's lines only */
  readLogs(): Promise<NginxLogs>;
  /**
   * nginx's access and error logs written into `dir` (access.log, error.log) as they stream out,
   * each line handed to onLine, in bounded memory; resolves with each log's bytes
   */
  saveLogs(dir: string, onLine: (log: 'access' | 'error', line: string) => void): Promise<{ access: number; error: number }>;
  /** empties nginx's access and error logs (between two phases of a test) */
  clearLogs(): Promise<void>;
  /** counters of each backend replica (by alias), null for one that does not answer */
  served(): Promise<Record<string, ServedSnapshot | null>>;
  /** container facts; `before` (from served() at load start) turns backend counters into deltas */
  facts(before?: Record<string, ServedSnapshot | null>): Promise<ContainerFacts[]>;
  /** carries out a chaos action */
  act(action: PlannedAction): Promise<void>;
  /** starts recording the engine's container events (die, oom, start, ...) */
  recordEvents(): Promise<EventRecorder>;
  /**
   * ends the variant's use of the environment: nginx stops; the runtime removes the containers, or
   * keeps them for the next start() (then dispose() removes them); safe to call twice
   */
  stop(): Promise<void>;
}

export interface Runtime extends AsyncDisposable {
  /** one environment at a time: the previous one must be stopped first */
  start(spec: EnvironmentSpec): Promise<StartedEnvironment>;
  /**
   * called while the current environment's load runs, with the environment the next start() will
   * most likely be asked for: a runtime may start then what that one will certainly need new. It
   * must never fail or change the current environment.
   */
  prepare?(next: EnvironmentSpec): void;
  /** removes every container and network the runtime still keeps; safe to call twice */
  dispose(): Promise<void>;
}

/** Where things are inside the containers. */
export const PATHS = {
  nginxConfigDir: '/etc/badgateway',
  nginxConfig: '/etc/badgateway/nginx.conf',
  nginxLogDir: '/var/log/badgateway',
  accessLog: '/var/log/badgateway/access.log',
  errorLog: '/var/log/badgateway/error.log',
  backendBundle: '/opt/badgateway/backend.cjs',
  /** the certificate made for the run, when a server of the user's config listens with ssl (written before nginx's container starts, so not under its tmpfs) */
  tlsCertificate: '/etc/badgateway-tls/cert.pem',
  tlsKey: '/etc/badgateway-tls/key.pem',
  /** the run's internal CA, which signs the TLS backends' certificates (proxy_ssl_trusted_certificate); beside the certificate */
  upstreamCa: '/etc/badgateway-tls/upstream-ca.pem',
  /** a TLS backend's certificate and key */
  backendCertificate: '/etc/badgateway/tls/backend.pem',
  backendKey: '/etc/badgateway/tls/backend-key.pem',
  dnsServerBundle: '/opt/badgateway/dns-server.cjs',
  delayProxyBundle: '/opt/badgateway/delay-proxy.cjs',
  loadEngineBundle: '/opt/badgateway/load-engine.cjs',
} as const;

/** The run's DNS server's host name on the variant's network (what `resolver dns-server` names). */
export const DNS_SERVER_HOST = 'dns-server';
export const DNS_PORT = 53;
/** where the delaying proxy listens in a backend's network namespace (the firewall redirects to it) */
export const DELAY_PROXY_PORT = 18080;

export const NGINX_PORT = 8080;
export const BACKEND_PORT = 8080;
/** the backend's control port (stats); nginx never proxies to it */
export const BACKEND_CONTROL_PORT = 9090;
