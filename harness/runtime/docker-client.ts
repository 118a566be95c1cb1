/**
 * Connects to the Docker Engine, or says exactly why not and what to do. The one place that
 * decides which engine (docker-endpoint.ts: DOCKER_HOST, Docker contexts, the default socket) and
 * hands that same answer to dockerode (its options) and to this process's environment
 * (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), so that other Docker clients a test uses
 * beside it (the docker CLI, testcontainers) reach the same engine.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import Docker from 'dockerode';
import { DockerUnavailableError } from '../errors.js';
import { dockerCliEnv, dockerodeOptions, resolveDockerEndpoint, type DockerEndpoint } from './docker-endpoint.js';

const PING_TIMEOUT_MS = 5_000;
const HINT = 'Run `npm run setup` in a checkout of badgateway, or `npx badgateway setup` where it is installed (on Debian as root it installs and starts Docker Engine), or start Docker yourself, then run again.';

/** A process keeps the engine it first connected to: its runs, labels and reaper are there. */
let connected: DockerEndpoint | undefined;

export function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The engine this process uses, as docker-endpoint.ts resolves it from the environment. */
export function currentDockerEndpoint(env: NodeJS.ProcessEnv = process.env): DockerEndpoint {
  const endpoint = resolveDockerEndpoint({ env, homeDir: homedir(), read: readIfExists });
  if (!endpoint.ok) throw new DockerUnavailableError(endpoint.error, 'Fix the Docker settings named, or set DOCKER_HOST to the engine to use (e.g. unix:///var/run/docker.sock).');
  return endpoint.value;
}

export async function connectDocker(): Promise<Docker> {
  // Every path to Docker comes through here.
  const endpoint = currentDockerEndpoint();
  const where = `${endpoint.host} (${endpoint.source})`;
  if (connected && connected.host !== endpoint.host) {
    throw new DockerUnavailableError(`this process already runs containers on the Docker Engine at ${connected.host} (${connected.source}); it cannot switch to ${where}.`, 'Use one engine per process: set DOCKER_HOST or DOCKER_CONTEXT before the first run.');
  }
  const options = dockerodeOptions(endpoint, readIfExists);
  if (!options.ok) throw new DockerUnavailableError(options.error, 'Put the TLS files where it says, or fix DOCKER_CERT_PATH.');
  for (const [name, value] of Object.entries(dockerCliEnv(endpoint))) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  const docker = new Docker(options.value);
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS / 1000}s`)), PING_TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    throw new DockerUnavailableError(`Docker Engine at ${where} does not answer (${(error as Error).message}).`, HINT);
  }
  connected = endpoint;
  return docker;
}
