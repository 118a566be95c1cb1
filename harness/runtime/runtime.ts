/** What runs nginx and the backends for one variant. DockerRuntime is the first implementation. */
import type { ContainerFacts } from '../observe/observation.js';
import type { Behavior } from '../scenario/schema.js';

export interface BackendInstanceSpec {
  /** the scenario's backend name, e.g. "app" */
  backend: string;
  /** 1-based replica number */
  replica: number;
  /** host name nginx uses for it, e.g. "app-1" */
  alias: string;
  behavior: Behavior;
}

export interface EnvironmentSpec {
  /** "scenario/variant", for messages */
  label: string;
  backends: BackendInstanceSpec[];
  /** the rendered nginx.conf */
  nginxConfig: string;
  /** fixed host port for nginx on 127.0.0.1; a free one when omitted */
  nginxHostPort?: number;
}

export interface NginxLogs {
  access: string;
  error: string;
}

export interface StartTimings {
  backendsMs: number;
  nginxCheckMs: number;
  nginxMs: number;
}

export interface StartedEnvironment extends AsyncDisposable {
  /** e.g. http://127.0.0.1:32768 */
  readonly nginxUrl: string;
  readonly startTimings: StartTimings;
  nginxVersion(): Promise<string>;
  readLogs(): Promise<NginxLogs>;
  facts(): Promise<ContainerFacts[]>;
  /** removes every container and the network; safe to call twice */
  stop(): Promise<void>;
}

export interface Runtime {
  start(spec: EnvironmentSpec): Promise<StartedEnvironment>;
}

/** Where things are inside the containers. */
export const PATHS = {
  nginxConfig: '/etc/badgateway/nginx.conf',
  nginxLogDir: '/var/log/badgateway',
  accessLog: '/var/log/badgateway/access.log',
  errorLog: '/var/log/badgateway/error.log',
  backendBundle: '/opt/badgateway/backend.cjs',
} as const;

export const NGINX_PORT = 8080;
export const BACKEND_PORT = 8080;
