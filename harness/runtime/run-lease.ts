/**
 * A run's lease: proof, held by the Docker Engine itself, that the process running a run is alive.
 *
 * The lease is a tiny container (`cat` on its standard input, no network, no capabilities) that
 * the run creates before anything else and stays attached to. Its standard input is closed by the
 * engine when the last attached client goes (StdinOnce), so `cat` ends the moment the run's
 * process dies, however it dies (SIGKILL included), in whatever PID namespace, container or host
 * it ran: a run is alive exactly while its lease container runs. A process id, a host name or a
 * lock file cannot say that across PID namespaces; the engine that every run shares can.
 *
 * The same connection tells the run when the engine went away (restarted, stopped, killed) or
 * someone removed the lease: `lost` aborts.
 */
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { labelsFor, LABEL_RUN } from './labels.js';

export const LEASE_ROLE = 'lease';
/** a lease created but not started yet counts as alive for this long */
export const LEASE_START_GRACE_MS = 60_000;

export function leaseName(runId: string): string {
  return `bg-${runId}-lease`;
}

export interface RunLease {
  /** aborts when the engine closed the lease: it restarted or stopped, or the lease was removed */
  readonly lost: AbortSignal;
  /** ends the lease and removes its container (at the end of a run, after everything else) */
  release(): Promise<void>;
}

export async function acquireLease(docker: Docker, runId: string, image: string): Promise<RunLease> {
  const container = await docker.createContainer({
    name: leaseName(runId),
    Image: image,
    Entrypoint: ['cat'],
    Cmd: [],
    User: '65534:65534',
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    Labels: labelsFor(runId, LEASE_ROLE, LEASE_ROLE),
    HostConfig: { NetworkMode: 'none', CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], ReadonlyRootfs: true, Memory: 16 * 1024 * 1024, PidsLimit: 4, LogConfig: { Type: 'none', Config: {} } },
  });
  const lost = new AbortController();
  let releasing = false;
  let stream: Duplex;
  try {
    stream = (await container.attach({ stream: true, stdin: true, hijack: true })) as Duplex;
    await container.start();
  } catch (error) {
    await container.remove({ force: true }).catch(() => undefined);
    throw error;
  }
  // The lease must never keep the process alive on its own.
  (stream as Duplex & { unref?: () => void }).unref?.();
  const onGone = () => { if (!releasing) lost.abort(); };
  stream.on('close', onGone);
  stream.on('end', onGone);
  stream.on('error', onGone);
  return {
    lost: lost.signal,
    async release() {
      releasing = true;
      stream.destroy();
      (stream as Duplex & { socket?: { destroy(): void } }).socket?.destroy();
      await container.remove({ force: true }).catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
      });
    },
  };
}

export interface LeaseState {
  runId: string;
  state: string;
  createdMs: number;
}

/** Runs that hold a lease that is alive now (running, or created moments ago and starting). */
export function liveLeases(leases: LeaseState[], nowMs: number): Set<string> {
  return new Set(leases.filter((l) => l.state === 'running' || (l.state === 'created' && nowMs - l.createdMs < LEASE_START_GRACE_MS)).map((l) => l.runId));
}

/** The lease containers on the engine, as liveLeases() reads them. */
export async function listLeases(docker: Docker): Promise<LeaseState[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`io.badgateway.role=${LEASE_ROLE}`] } });
  return containers.map((c) => ({ runId: c.Labels[LABEL_RUN] ?? '', state: c.State, createdMs: c.Created * 1000 }));
}
