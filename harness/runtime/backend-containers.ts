/**
 * The one place that turns a backend spec into a container: each kind of backend (the fake backend
 * on the Node image, the user's own app image) says what its container is and when it is ready.
 * A new kind (an app server image, a helper) is one more entry here. Starting and becoming ready
 * are two steps, so that nginx can start while the backends' processes boot.
 */
import { resolve } from 'node:path';
import type Docker from 'dockerode';
import { BackendControl } from './backend-control.js';
import { runContainer, type ContainerSpec, type RunningContainer } from './container-spec.js';
import { demuxDockerLogs } from './docker-logs.js';
import { labelsFor } from './labels.js';
import { BACKEND_CONTROL_PORT, BACKEND_PORT, PATHS, type BackendInstanceSpec } from './runtime.js';
import { waitForHttp } from './wait-for-http.js';
import { waitForLogLine } from './wait-for-log-line.js';

const UNPRIVILEGED = '65534:65534';
const STARTUP_TIMEOUT_MS = 30_000;
/** what the fake backend prints once it listens */
const FAKE_READY = /badgateway-backend \S+ listening/;

export interface BackendContext {
  docker: Docker;
  runId: string;
  /** the environment label and network */
  lane: string;
  network: string;
  /** unique among this runtime's containers */
  name: string;
  /** the Node image the fake backend runs on */
  nodeImage: string;
  /** the bundled fake backend on this machine (dist/backend/server.cjs), mounted read-only */
  backendBundle: string;
}

export interface StartedBackend {
  container: RunningContainer;
  /** the harness's own control port (fake backends only) */
  control?: BackendControl;
  /** resolves once the backend serves; rejects with what it printed when it does not */
  ready: Promise<void>;
}

interface BackendKind {
  describe(spec: BackendInstanceSpec): string;
  container(spec: BackendInstanceSpec, ctx: BackendContext): ContainerSpec;
  ready(docker: Docker, id: string, startedAt: string, spec: BackendInstanceSpec): Promise<void>;
  /** it has the harness's control port */
  control: boolean;
}

const fake: BackendKind = {
  describe: (spec) => `backend ${spec.alias}`,
  container: (spec, ctx) => ({
    ...base(ctx, spec, ctx.nodeImage),
    user: UNPRIVILEGED,
    pidsLimit: 128,
    env: {
      BADGATEWAY_BEHAVIOR: JSON.stringify(spec.behavior),
      BADGATEWAY_INSTANCE: spec.alias,
      BADGATEWAY_PORT: String(BACKEND_PORT),
      BADGATEWAY_CONTROL_PORT: String(BACKEND_CONTROL_PORT),
      BADGATEWAY_SHUTDOWN: spec.shutdown,
    },
    readOnlyFiles: { [resolve(ctx.backendBundle)]: PATHS.backendBundle },
    command: ['node', PATHS.backendBundle],
  }),
  ready: (docker, id, startedAt) => waitForLogLine(docker, id, startedAt, FAKE_READY, STARTUP_TIMEOUT_MS),
  control: true,
};

/**
 * The user's own app standing in for a fake backend: its image, command and environment, as its
 * own user but without capabilities; ready when its ready path answers 2xx on loopback.
 */
const app: BackendKind = {
  describe: (spec) => `app ${spec.alias} (${spec.app!.image})`,
  container: (spec, ctx) => ({
    ...base(ctx, spec, spec.app!.image),
    pidsLimit: 512,
    env: spec.app!.env,
    loopbackPorts: { [spec.port]: 0 },
    ...(spec.app!.command ? { command: spec.app!.command } : {}),
  }),
  ready: async (docker, id, _startedAt, spec) => {
    const handle = docker.getContainer(id);
    const hostPort = (await handle.inspect()).NetworkSettings.Ports?.[`${spec.port}/tcp`]?.find((b) => b.HostIp === '127.0.0.1')?.HostPort;
    if (!hostPort) throw new Error(`port ${spec.port} is not published on 127.0.0.1`);
    await waitForHttp(`http://127.0.0.1:${hostPort}${spec.app!.readyPath}`, STARTUP_TIMEOUT_MS, async () => {
      const state = (await handle.inspect().catch(() => undefined))?.State;
      return state?.Running ? undefined : `the container exited (code ${state?.ExitCode ?? 'unknown'}) before ${spec.app!.readyPath} answered`;
    });
  },
  control: false,
};

function kindOf(spec: BackendInstanceSpec): BackendKind {
  return spec.app ? app : fake;
}

function base(ctx: BackendContext, spec: BackendInstanceSpec, image: string): ContainerSpec {
  return {
    image,
    name: ctx.name,
    labels: { ...labelsFor(ctx.runId, 'backend', ctx.lane), 'io.badgateway.backend': spec.backend },
    network: ctx.network,
    aliases: [spec.alias],
    memoryBytes: spec.memoryBytes,
    pidsLimit: 128,
    restart: spec.restart,
  };
}

/** Creates and starts a backend's container; `ready` tells when its process serves. */
export async function startBackend(spec: BackendInstanceSpec, ctx: BackendContext): Promise<StartedBackend> {
  const kind = kindOf(spec);
  const container = await runContainer(ctx.docker, kind.container(spec, ctx)).catch((error: unknown) => { throw withOutput(error, kind.describe(spec), ''); });
  const startedAt = (await ctx.docker.getContainer(container.id).inspect()).State.StartedAt;
  const ready = kind.ready(ctx.docker, container.id, startedAt, spec)
    .catch(async (error: unknown) => { throw withOutput(error, kind.describe(spec), await printedBy(ctx.docker, container.id)); });
  ready.catch(() => undefined); // awaited by the caller; never an unhandled rejection meanwhile
  return { container, ready, ...(kind.control ? { control: new BackendControl(ctx.docker, container.id, ctx.network) } : {}) };
}

/** The last lines a container printed, for an error message. */
async function printedBy(docker: Docker, id: string): Promise<string> {
  const logs = await docker.getContainer(id).logs({ stdout: true, stderr: true, tail: 10 }).catch(() => undefined);
  if (!logs) return '';
  const { stdout, stderr } = demuxDockerLogs(logs as unknown as Buffer);
  return `${stdout}${stderr}`;
}

/** The error, with what the container printed before it failed. */
export function withOutput(error: unknown, what: string, printed: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const tail = printed.trim().split('\n').slice(-10).join('\n');
  return new Error(tail ? `${what}: ${message}; it printed:\n${tail}` : `${what}: ${message}`);
}
