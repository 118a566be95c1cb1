/**
 * The one place that turns a backend spec into a container: each kind of backend (the fake backend
 * on the Node image, the user's own app image) says how its container is made and when it is ready.
 * A new kind (an app server image, a helper) is one more entry here. Starting and becoming ready
 * are two steps, so that nginx can start while the backends' processes boot.
 */
import { resolve } from 'node:path';
import type Docker from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';
import { BackendControl } from './backend-control.js';
import { demuxDockerLogs } from './docker-logs.js';
import { labelsFor } from './labels.js';
import { LoopbackContainer, NoWait } from './loopback-container.js';
import { LoopbackHttpWait } from './loopback-http-wait.js';
import { BACKEND_CONTROL_PORT, BACKEND_PORT, PATHS, type BackendInstanceSpec } from './runtime.js';
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
  /** the harness reaches containers' addresses on the network (see BackendControl) */
  direct: boolean;
}

export interface StartedBackend {
  container: StartedTestContainer;
  /** the harness's own control port (fake backends only) */
  control?: BackendControl;
  /** resolves once the backend serves; rejects with what it printed when it does not */
  ready: Promise<void>;
}

interface BackendKind {
  describe(spec: BackendInstanceSpec): string;
  container(spec: BackendInstanceSpec, ctx: BackendContext): LoopbackContainer;
  ready(docker: Docker, id: string, startedAt: string, spec: BackendInstanceSpec): Promise<void>;
  /** it has the harness's control port */
  control: boolean;
}

const fake: BackendKind = {
  describe: (spec) => `backend ${spec.alias}`,
  container: (spec, ctx) =>
    base(ctx, spec, ctx.nodeImage)
      .withConfinement({ user: UNPRIVILEGED, memoryBytes: spec.memoryBytes, pidsLimit: 128 })
      .withEnvironment({
        BADGATEWAY_BEHAVIOR: JSON.stringify(spec.behavior),
        BADGATEWAY_INSTANCE: spec.alias,
        BADGATEWAY_PORT: String(BACKEND_PORT),
        BADGATEWAY_CONTROL_PORT: String(BACKEND_CONTROL_PORT),
        BADGATEWAY_SHUTDOWN: spec.shutdown,
      })
      .withBindMounts([{ source: resolve(ctx.backendBundle), target: PATHS.backendBundle, mode: 'ro' }])
      .withCommand(['node', PATHS.backendBundle]),
  ready: (docker, id, startedAt) => waitForLogLine(docker, id, startedAt, FAKE_READY, STARTUP_TIMEOUT_MS),
  control: true,
};

/**
 * The user's own app standing in for a fake backend: its image, command and environment, as its
 * own user but without capabilities; ready when its ready path answers 2xx on loopback.
 */
const app: BackendKind = {
  describe: (spec) => `app ${spec.alias} (${spec.app!.image})`,
  container: (spec, ctx) => {
    const container = base(ctx, spec, spec.app!.image)
      .withConfinement({ memoryBytes: spec.memoryBytes, pidsLimit: 512 })
      .withEnvironment(spec.app!.env)
      .withLoopbackPort(spec.port);
    if (spec.app!.command) container.withCommand(spec.app!.command);
    return container;
  },
  ready: (docker, id, _startedAt, spec) =>
    new LoopbackHttpWait(spec.app!.readyPath, spec.port, 'any-2xx').withStartupTimeout(STARTUP_TIMEOUT_MS).waitUntilReady(docker.getContainer(id)),
  control: false,
};

function kindOf(spec: BackendInstanceSpec): BackendKind {
  return spec.app ? app : fake;
}

function base(ctx: BackendContext, spec: BackendInstanceSpec, image: string): LoopbackContainer {
  return new LoopbackContainer(image)
    .withName(ctx.name)
    .withLabels({ ...labelsFor(ctx.runId, 'backend', ctx.lane), 'io.badgateway.backend': spec.backend })
    .withNetworkMode(ctx.network)
    .withNetworkAliases(spec.alias)
    .withRestartPolicy(spec.restart)
    .withWaitStrategy(new NoWait());
}

/** Creates and starts a backend's container; `ready` tells when its process serves. */
export async function startBackend(spec: BackendInstanceSpec, ctx: BackendContext): Promise<StartedBackend> {
  const kind = kindOf(spec);
  const container = await kind.container(spec, ctx).start().catch((error: unknown) => { throw withOutput(error, kind.describe(spec), ''); });
  const startedAt = (await ctx.docker.getContainer(container.getId()).inspect()).State.StartedAt;
  const ready = kind.ready(ctx.docker, container.getId(), startedAt, spec)
    .catch(async (error: unknown) => { throw withOutput(error, kind.describe(spec), await printedBy(ctx.docker, container.getId())); });
  ready.catch(() => undefined); // awaited by the caller; never an unhandled rejection meanwhile
  return { container, ready, ...(kind.control ? { control: new BackendControl(ctx.docker, container.getId(), ctx.network, ctx.direct) } : {}) };
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
