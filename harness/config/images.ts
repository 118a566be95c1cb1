/**
 * Which images the harness runs. Precedence: explicit option > BADGATEWAY_NGINX_IMAGE /
 * BADGATEWAY_NODE_IMAGE / BADGATEWAY_PHP_IMAGE / BADGATEWAY_PYTHON_IMAGE /
 * BADGATEWAY_NETFAULT_IMAGE > .badgateway/images.json (written by `npm run setup`, which builds
 * local equivalents where no registry answers) > the official images (Gunicorn and uvicorn are
 * pip-installed on the official Python image by setup; the network fault helper has no official
 * image: the one setup builds).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

export interface Images {
  nginx: string;
  /** a Node.js (20+) image; the fake backend runs on it */
  node: string;
  /** a PHP-FPM image with `php-fpm` on PATH (php-fpm backends) */
  php: string;
  /** a Python 3 image with gunicorn and uvicorn (gunicorn and uvicorn backends) */
  python: string;
  /** an image with iptables and tc (iproute2): the network fault helper, only for scenarios with network faults */
  netfault?: string;
}

/** Built by `npm run setup` (scripts/setup/images.sh) from Debian packages. */
export const LOCAL_NETFAULT_IMAGE = 'badgateway-local/netfault:bookworm';

export const OFFICIAL_IMAGES: Images = { nginx: 'nginx:1.27', node: 'node:20-slim', php: 'php:8.2-fpm', python: 'badgateway/python-appservers:3.11-slim' };

export function setupImagesFile(): string {
  return join(packageRoot(), '.badgateway', 'images.json');
}

function fromSetupFile(): Partial<Images> {
  const file = setupImagesFile();
  if (!existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Images>;
    return { nginx: parsed.nginx, node: parsed.node, php: parsed.php, python: parsed.python, netfault: parsed.netfault };
  } catch {
    return {};
  }
}

export function resolveImages(env: Record<string, string | undefined>, explicit: Partial<Images> = {}): Images {
  const setup = fromSetupFile();
  return {
    nginx: explicit.nginx ?? env.BADGATEWAY_NGINX_IMAGE ?? setup.nginx ?? OFFICIAL_IMAGES.nginx,
    node: explicit.node ?? env.BADGATEWAY_NODE_IMAGE ?? setup.node ?? OFFICIAL_IMAGES.node,
    php: explicit.php ?? env.BADGATEWAY_PHP_IMAGE ?? setup.php ?? OFFICIAL_IMAGES.php,
    python: explicit.python ?? env.BADGATEWAY_PYTHON_IMAGE ?? setup.python ?? OFFICIAL_IMAGES.python,
    netfault: explicit.netfault ?? env.BADGATEWAY_NETFAULT_IMAGE ?? setup.netfault ?? LOCAL_NETFAULT_IMAGE,
  };
}
