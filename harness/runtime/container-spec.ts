/**
 * What a container of the harness is, as the Docker Engine's create options (pure): on one network
 * only (with its aliases there), ports published on 127.0.0.1 only, least privilege (a non-root
 * user unless the image's own, no capabilities, no privilege escalation, bounded memory and
 * process count), and the run's labels. A container of the network features may instead join a
 * backend's network namespace (the fault helper, which alone adds NET_ADMIN; a delaying proxy),
 * keep its standard input open (the fault helper's shell reads its commands there), or set a
 * namespaced sysctl (the DNS server binds port 53 without a capability). Read-only files from this
 * machine are bind-mounted when the engine shares its filesystem, or copied in before the container
 * starts when it may not (an engine on another machine).
 */
import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { tarArchive, type TarFile } from './tar-entries.js';

/** how read-only files from this machine get into a container: a bind mount (the engine runs here) or a copy */
export type HostFilesBy = 'bind' | 'copy';

export interface ContainerSpec {
  image: string;
  name: string;
  labels: Record<string, string>;
  network: string;
  aliases?: string[];
  /** "uid:gid"; the image's own user when omitted (the user's app image) */
  user?: string;
  memoryBytes: number;
  pidsLimit: number;
  restart?: 'no' | 'on-failure' | 'always';
  env?: Record<string, string>;
  command?: string[];
  /** read-only files from this machine: host path → path in the container */
  readOnlyFiles?: Record<string, string>;
  /** how readOnlyFiles get in: bind-mounted (the default) or copied in before the container starts */
  hostFilesBy?: HostFilesBy;
  tmpfs?: Record<string, string>;
  /** a minimal init as the main process (Docker's docker-init), which reaps orphaned children */
  init?: boolean;
  /** container port → host port on 127.0.0.1 (0: one the engine chooses) */
  loopbackPorts?: Record<number, number>;
  /** a named volume mounted at each of the targets (the variant's socket volume) */
  volume?: { name: string; targets: readonly string[] };
  /** files written into the container (as root, with their mode) before it starts */
  files?: readonly TarFile[];
  /** join this container's network namespace instead of `network` (no aliases, no ports) */
  namespaceOf?: string;
  /** the one capability a network fault helper adds (every other is dropped) */
  capAdd?: readonly 'NET_ADMIN'[];
  /** namespaced sysctls */
  sysctls?: Record<string, string>;
  /** keep the standard input open for an attached client */
  openStdin?: boolean;
}

/**
 * The spec with its read-only files from this machine as files written into the container (read
 * here, mode 0444), when they are to be copied; unchanged otherwise.
 */
export function withHostFilesCopied(spec: ContainerSpec, read: (path: string) => Buffer = readFileSync): ContainerSpec {
  if (spec.hostFilesBy !== 'copy' || !spec.readOnlyFiles) return spec;
  const { readOnlyFiles, ...rest } = spec;
  const copied = Object.entries(readOnlyFiles).map(([host, inside]) => ({ path: inside, content: read(host), mode: 0o444 }));
  return { ...rest, files: [...(spec.files ?? []), ...copied] };
}

export function createOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const ports = Object.entries(spec.loopbackPorts ?? {});
  return {
    Image: spec.image,
    name: spec.name,
    Labels: spec.labels,
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.env ? { Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) } : {}),
    ...(spec.command ? { Cmd: spec.command } : {}),
    ...(ports.length > 0 ? { ExposedPorts: Object.fromEntries(ports.map(([port]) => [`${port}/tcp`, {}])) } : {}),
    ...(spec.openStdin ? { OpenStdin: true, StdinOnce: false, AttachStdin: true } : {}),
    HostConfig: {
      NetworkMode: spec.namespaceOf ? `container:${spec.namespaceOf}` : spec.network,
      CapDrop: ['ALL'],
      ...(spec.capAdd ? { CapAdd: [...spec.capAdd] } : {}),
      ...(spec.sysctls ? { Sysctls: spec.sysctls } : {}),
      SecurityOpt: ['no-new-privileges'],
      Memory: spec.memoryBytes,
      MemorySwap: spec.memoryBytes,
      PidsLimit: spec.pidsLimit,
      RestartPolicy: { Name: !spec.restart || spec.restart === 'no' ? '' : spec.restart, MaximumRetryCount: 0 },
      ...(spec.init ? { Init: true } : {}),
      ...(spec.tmpfs ? { Tmpfs: spec.tmpfs } : {}),
      ...(spec.volume ? { Mounts: spec.volume.targets.map((target) => ({ Type: 'volume' as const, Source: spec.volume!.name, Target: target })) } : {}),
      ...(spec.readOnlyFiles ? { Binds: Object.entries(spec.readOnlyFiles).map(([host, inside]) => `${host}:${inside}:ro`) } : {}),
      ...(ports.length > 0 ? { PortBindings: Object.fromEntries(ports.map(([port, host]) => [`${port}/tcp`, [{ HostIp: '127.0.0.1', HostPort: String(host) }]])) } : {}),
    },
    ...(spec.namespaceOf ? {} : { NetworkingConfig: { EndpointsConfig: { [spec.network]: { ...(spec.aliases ? { Aliases: spec.aliases } : {}) } } } }),
  };
}

/** A created and started container: its id and name. */
export interface RunningContainer {
  id: string;
  name: string;
}

/**
 * The engine here now and then fails a start with "cannot start a stopped process" (its process
 * gone between create and start, seen on a busy machine): such a container is made again, once.
 */
const ENGINE_START_RACE = /cannot start a stopped process/;

/** Creates the container, writes its files and starts it; removes it again when it does not start. */
export async function runContainer(docker: Docker, given: ContainerSpec): Promise<RunningContainer> {
  const spec = withHostFilesCopied(given);
  for (let attempt = 1; ; attempt++) {
    const container = await docker.createContainer(createOptions(spec));
    try {
      if (spec.files && spec.files.length > 0) await container.putArchive(tarArchive(spec.files), { path: '/' });
      await container.start();
      return { id: container.id, name: spec.name };
    } catch (error) {
      await container.remove({ force: true }).catch(() => undefined);
      if (attempt >= 2 || !ENGINE_START_RACE.test(error instanceof Error ? error.message : String(error))) throw error;
    }
  }
}
