/** Checks that the images exist before anything starts, pulling them when a registry answers. */
import type Docker from 'dockerode';
import type { Images } from '../config/images.js';
import { ImageMissingError } from '../errors.js';

const PULL_TIMEOUT_MS = 120_000;

const VARIABLES = { nginx: 'BADGATEWAY_NGINX_IMAGE', node: 'BADGATEWAY_NODE_IMAGE', php: 'BADGATEWAY_PHP_IMAGE', python: 'BADGATEWAY_PYTHON_IMAGE' } as const;

/**
 * nginx's and Node's images always; an app server's (php, python) when a backend runs one. The
 * network fault image is checked when a scenario needs it (network-fault-helper.ts).
 */
export async function ensureImages(docker: Docker, images: Images, appImages: string[] = [], appServerImages: string[] = []): Promise<void> {
  const roles = (Object.keys(VARIABLES) as (keyof typeof VARIABLES)[]).filter((role) => role === 'nginx' || role === 'node' || appServerImages.includes(images[role]));
  for (const role of roles) {
    const image = images[role];
    if (await isPresent(docker, image)) continue;
    if (await pull(docker, image)) continue;
    const variable = VARIABLES[role];
    throw new ImageMissingError(
      `The ${role} image ${image} is not present and could not be pulled.`,
      `Run \`npm run setup\` (it builds local equivalents where no registry answers), \`docker pull ${image}\`, or set ${variable} to an image you have.`,
    );
  }
  for (const image of new Set(appImages)) {
    if ((await isPresent(docker, image)) || (await pull(docker, image))) continue;
    throw new ImageMissingError(`Your app image ${image} (backends[].image) is not present and could not be pulled.`, `Build it first (docker build -t ${image} .), or fix the image name in the scenario.`);
  }
}

/** The engine has this image (no pull). */
export async function isPresent(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch {
    return false;
  }
}

async function pull(docker: Docker, image: string): Promise<boolean> {
  try {
    const stream = await docker.pull(image);
    await Promise.race([
      new Promise((resolve, reject) => docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve(undefined)))),
      new Promise((_, reject) => setTimeout(() => reject(new Error('pull timed out')), PULL_TIMEOUT_MS).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}
