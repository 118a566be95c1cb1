/**
 * The volume a variant's unix sockets live in: a small tmpfs that nginx and the backends that
 * listen on a socket both mount, at the socket's directory (/run/php, /run/gunicorn). World-writable
 * with the sticky bit, as /run is, so an unprivileged app server can create its socket there;
 * who may then connect is the socket file's own mode (listen.mode). Labelled like every container
 * and network, and removed with them. A new one for every variant that needs one: no socket outlives its variant.
 */
import { dirname } from 'node:path';
import type Docker from 'dockerode';
import { labelsFor } from './labels.js';

export const SOCKET_VOLUME_OPTIONS = { type: 'tmpfs', device: 'tmpfs', o: 'size=1m,mode=1777' } as const;

/** A new, empty socket volume named `name`, labelled for the run and its environment `env`. */
export async function createSocketVolume(docker: Docker, runId: string, env: string, name: string): Promise<string> {
  await docker.createVolume({ Name: name, Driver: 'local', DriverOpts: { ...SOCKET_VOLUME_OPTIONS }, Labels: labelsFor(runId, 'volume', env) });
  return name;
}

/** Every directory a socket of these backends lives in, once each: where their socket volume is mounted. */
export function socketDirsOf(backends: readonly { socket?: string }[]): string[] {
  return [...new Set(backends.flatMap((b) => (b.socket ? [dirname(b.socket)] : [])))];
}
