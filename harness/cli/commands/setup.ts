/**
 * `badgateway setup`: what `npm run setup` does for a checkout, for an installed package: a
 * Docker Engine that answers (scripts/setup/docker-engine.sh) and the nginx and Node images
 * (scripts/setup/images.sh, which records its choice in the package's .badgateway/images.json).
 * The scripts talk to the same engine the harness resolves (DOCKER_HOST, Docker contexts).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { resolveImages, setupImagesFile } from '../../config/images.js';
import { DockerUnavailableError, ImageMissingError } from '../../errors.js';
import { packageRoot } from '../../package-root.js';
import { currentDockerEndpoint } from '../../runtime/docker-client.js';
import { dockerCliEnv } from '../../runtime/docker-endpoint.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from '../execute-plans.js';

export async function setupCommand(env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const endpoint = currentDockerEndpoint(env);
  // With no setting the docker CLI finds the default socket itself, and docker-engine.sh may start
  // an engine there; any other engine is handed to the scripts as DOCKER_HOST.
  const engineEnv = endpoint.source === 'the default socket' ? {} : dockerCliEnv(endpoint);
  const scriptEnv: NodeJS.ProcessEnv = { ...env };
  for (const [name, value] of Object.entries(engineEnv)) {
    if (value === undefined) delete scriptEnv[name];
    else scriptEnv[name] = value;
  }
  const scripts = join(packageRoot(), 'scripts', 'setup');
  const engine = await runScript(join(scripts, 'docker-engine.sh'), scriptEnv, io);
  if (engine !== 0) throw new DockerUnavailableError(`no Docker Engine answers at ${endpoint.host} (${endpoint.source}); the lines above say why`, 'Start Docker Engine (or Docker Desktop, Colima), then run badgateway setup again.');
  const images = await runScript(join(scripts, 'images.sh'), scriptEnv, io);
  if (images !== 0) throw new ImageMissingError('the nginx and Node images could not be had; the lines above say why', 'Set BADGATEWAY_NGINX_IMAGE and BADGATEWAY_NODE_IMAGE to images you have, or make a registry reachable.');
  const chosen = resolveImages(env);
  io.out.write(`ready: Docker Engine at ${endpoint.host} (${endpoint.source}); nginx image ${chosen.nginx}, Node image ${chosen.node} (recorded in ${setupImagesFile()})\n`);
  return EXIT.ok;
}

function runScript(script: string, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => io.err.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => io.err.write(chunk));
    child.on('error', (error) => reject(new DockerUnavailableError(`cannot run ${script} (${error.message})`, 'badgateway setup needs bash and the docker CLI.')));
    child.on('close', (code) => resolve(code ?? 1));
  });
}
