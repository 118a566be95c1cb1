/**
 * Starts a backend's container as backend-container.ts defines it (the fake backend, the user's
 * own app image, a real app server), on the lane's network only, with the variant's socket volume
 * when it listens on a unix socket. Starting and becoming ready are two steps, so that nginx can
 * start while the backends' processes boot. With a probe on the run's network (an engine that may
 * be on another machine) the harness's files are copied in rather than mounted, an app's readiness
 * is asked from that network rather than on a published port, and the control port through exec.
 */
import { resolve } from 'node:path';
import type Docker from 'dockerode';
import type { Images } from '../config/images.js';
import { BackendControl } from './backend-control.js';
import { backendContainer, type BackendContainer } from './backend-container.js';
import { runContainer, type ContainerSpec, type HostFilesBy, type RunningContainer } from './container-spec.js';
import { demuxDockerLogs } from './docker-logs.js';
import { labelsFor } from './labels.js';
import type { NetworkProbe } from './network-probe.js';
import type { BackendInstanceSpec } from './runtime.js';
import { waitForHttp } from './wait-for-http.js';
import { waitForLogLine } from './wait-for-log-line.js';

const STARTUP_TIMEOUT_MS = 30_000;

export interface BackendContext {
  docker: Docker;
  runId: string;
  /** the environment label and network */
  lane: string;
  network: string;
  /** unique among this runtime's containers */
  name: string;
  images: Images;
  /** the bundled fake backend on this machine (dist/backend/server.cjs), mounted read-only or copied in */
  backendBundle: string;
  /** how files from this machine get in (a bind mount when omitted) */
  hostFilesBy?: HostFilesBy;
  /** readiness from the run's network instead of a port published on 127.0.0.1 */
  probe?: NetworkProbe;
  /** the variant's socket volume, when a backend listens on a unix socket */
  socketVolume?: string;
  /** its names on the network; the replica's alias when omitted (a replacement for chaos replace starts without) */
  aliases?: string[];
  /** a fake backend with TLS: its certificate made for the run, and its TLS settings */
  tls?: { environment: Record<string, string>; files: { target: string; content: string; mode: number }[] };
}

export interface StartedBackend {
  container: RunningContainer;
  /** the harness's own control port (fake backends only) */
  control?: BackendControl;
  /** resolves once the backend serves; rejects with what it printed when it does not */
  ready: Promise<void>;
}

/** The engine's create options for a backend (pure). */
export function backendContainerSpec(spec: BackendInstanceSpec, def: BackendContainer, ctx: BackendContext): ContainerSpec {
  const copied = def.files.filter((f) => f.source !== undefined);
  const written = [...def.files.filter((f) => f.content !== undefined), ...(ctx.tls?.files ?? [])];
  const httpReady = 'http' in def.readyWhen ? def.readyWhen.http : undefined;
  return {
    image: def.image,
    name: ctx.name,
    labels: { ...labelsFor(ctx.runId, 'backend', ctx.lane), 'io.badgateway.backend': spec.backend },
    network: ctx.network,
    aliases: ctx.aliases ?? [spec.alias],
    ...(def.user ? { user: def.user } : {}),
    memoryBytes: spec.memoryBytes,
    pidsLimit: def.pidsLimit,
    restart: spec.restart,
    env: { ...def.env, ...ctx.tls?.environment },
    ...(def.command ? { command: def.command } : {}),
    ...(copied.length > 0 ? { readOnlyFiles: Object.fromEntries(copied.map((f) => [resolve(f.source!), f.target])), ...(ctx.hostFilesBy ? { hostFilesBy: ctx.hostFilesBy } : {}) } : {}),
    ...(written.length > 0 ? { files: written.map((f) => ({ path: f.target, content: f.content!, mode: f.mode })) } : {}),
    ...(ctx.socketVolume && def.socketDirs.length > 0 ? { volume: { name: ctx.socketVolume, targets: def.socketDirs } } : {}),
    ...(httpReady && !ctx.probe ? { loopbackPorts: { [httpReady.port]: 0 } } : {}),
  };
}

/** Creates and starts a backend's container; `ready` tells when its process serves. */
export async function startBackend(spec: BackendInstanceSpec, ctx: BackendContext): Promise<StartedBackend> {
  const def = backendContainer(spec, ctx.images, ctx.backendBundle);
  const container = await runContainer(ctx.docker, backendContainerSpec(spec, def, ctx)).catch((error: unknown) => { throw withOutput(error, def.what, ''); });
  const startedAt = (await ctx.docker.getContainer(container.id).inspect()).State.StartedAt;
  const ready = becomesReady(ctx, container, startedAt, def)
    .catch(async (error: unknown) => { throw withOutput(error, def.what, await printedBy(ctx.docker, container.id)); });
  ready.catch(() => undefined); // awaited by the caller; never an unhandled rejection meanwhile
  return { container, ready, ...(def.controlPort ? { control: new BackendControl(ctx.docker, container.id, ctx.network, !ctx.probe) } : {}) };
}

async function becomesReady(ctx: BackendContext, container: RunningContainer, startedAt: string, def: BackendContainer): Promise<void> {
  const { docker } = ctx;
  if ('log' in def.readyWhen) return waitForLogLine(docker, container.id, startedAt, def.readyWhen.log, STARTUP_TIMEOUT_MS);
  const { path, port } = def.readyWhen.http;
  const handle = docker.getContainer(container.id);
  const alive = async () => {
    const state = (await handle.inspect().catch(() => undefined))?.State;
    return state?.Running ? undefined : `the container exited (code ${state?.ExitCode ?? 'unknown'}) before ${path} answered`;
  };
  if (ctx.probe) return ctx.probe.waitForHttp(`http://${container.name}:${port}${path}`, STARTUP_TIMEOUT_MS, alive);
  const hostPort = (await handle.inspect()).NetworkSettings.Ports?.[`${port}/tcp`]?.find((b) => b.HostIp === '127.0.0.1')?.HostPort;
  if (!hostPort) throw new Error(`port ${port} is not published on 127.0.0.1`);
  await waitForHttp(`http://127.0.0.1:${hostPort}${path}`, STARTUP_TIMEOUT_MS, alive);
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
