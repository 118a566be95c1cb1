/** Connects to the Docker Engine, or says exactly why not and what to do. */
import Docker from 'dockerode';
import { DockerUnavailableError } from '../errors.js';

const PING_TIMEOUT_MS = 5_000;

export async function connectDocker(): Promise<Docker> {
  // The harness removes what it creates itself (labels, reaper); testcontainers' own reaper is an
  // image that cannot be pulled everywhere. Every path to Docker comes through here.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const docker = new Docker();
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS / 1000}s`)), PING_TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    throw new DockerUnavailableError(
      `Docker Engine at ${where} does not answer (${(error as Error).message}).`,
      'Run `npm run setup` (on Debian as root it installs and starts Docker Engine), or start Docker yourself, then run again.',
    );
  }
  return docker;
}
