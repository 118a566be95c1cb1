/**
 * Which images the harness runs. Precedence: explicit option > BADGATEWAY_NGINX_IMAGE /
 * BADGATEWAY_NODE_IMAGE > .badgateway/images.json (written by `npm run setup`, which builds
 * local equivalents where no registry answers) > the official images.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

export interface Images {
  nginx: string;
  /** a Node.js (20+) image; the fake backend runs on it */
  node: string;
}

export const OFFICIAL_IMAGES: Images = { nginx: 'nginx:1.27', node: 'node:20-slim' };

export function setupImagesFile(): string {
  return join(packageRoot(), '.badgateway', 'images.json');
}

function fromSetupFile(): Partial<Images> {
  const file = setupImagesFile();
  if (!existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Images>;
    return { nginx: parsed.nginx, node: parsed.node };
  } catch {
    return {};
  }
}

export function resolveImages(env: Record<string, string | undefined>, explicit: Partial<Images> = {}): Images {
  const setup = fromSetupFile();
  return {
    nginx: explicit.nginx ?? env.BADGATEWAY_NGINX_IMAGE ?? setup.nginx ?? OFFICIAL_IMAGES.nginx,
    node: explicit.node ?? env.BADGATEWAY_NODE_IMAGE ?? setup.node ?? OFFICIAL_IMAGES.node,
  };
}
