/**
 * What container a backend replica is (pure but for reading the project's own app files): the fake
 * backend (a behaviour, over HTTP or FastCGI), the user's own app image, or a real app server
 * (php-fpm, Gunicorn, uvicorn, Node's http server) running the small app that ships with
 * badgateway. The runtime starts whatever this returns the same way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppServer } from '../../backends/app-servers/schemas.js';
import type { Images } from '../config/images.js';
import { packageRoot } from '../package-root.js';
import { parseDurationMs } from '../scenario/units.js';
import { phpFpmConfig } from './app-servers/php-fpm-config.js';
import { BACKEND_CONTROL_PORT, BACKEND_PORT, PATHS, type BackendInstanceSpec } from './runtime.js';

export interface ContainerFile {
  target: string;
  mode: number;
  /** the file's text, or source: a file on this machine */
  content?: string;
  source?: string;
}

/** ready once the container printed a line matching each pattern (in any order), or once the path answers 2xx */
export type ReadyWhen = { log: readonly RegExp[] } | { http: { path: string; port: number } };

export interface BackendContainer {
  /** for messages: "backend app-1 (php-fpm, php:8.2-fpm)" */
  what: string;
  image: string;
  command?: string[];
  /** "uid:gid"; the image's own user when absent (the user's app) */
  user?: string;
  env: Record<string, string>;
  files: ContainerFile[];
  /** where the variant's socket volume is mounted (the directory of the backend's unix socket) */
  socketDirs: string[];
  pidsLimit: number;
  readyWhen: ReadyWhen;
  /** whether it answers the fake backend's control port (stats, set-behavior) */
  controlPort: boolean;
}

const NOBODY = '65534:65534';
/** www-data in Debian and in the official PHP images */
const WWW_DATA = '33:33';
const APP_DIR = '/opt/badgateway/app';
const PHP_ROOT = '/var/www/html';
const PHP_FPM_CONFIG = '/etc/badgateway/php-fpm.conf';

export function backendContainer(spec: BackendInstanceSpec, images: Images, backendBundle: string): BackendContainer {
  const socketDirs = spec.socket ? [dirname(spec.socket)] : [];
  if (spec.app) {
    return {
      what: `app ${spec.alias} (${spec.app.image})`, image: spec.app.image, ...(spec.app.command ? { command: spec.app.command } : {}),
      env: spec.app.env, files: [], socketDirs, pidsLimit: 512, readyWhen: { http: { path: spec.app.readyPath, port: spec.port } }, controlPort: false,
    };
  }
  if (spec.server) return appServerContainer(spec, spec.server, images, socketDirs);
  return {
    what: `backend ${spec.alias}`,
    image: images.node,
    command: ['node', PATHS.backendBundle],
    user: NOBODY,
    env: {
      BADGATEWAY_BEHAVIOR: JSON.stringify(spec.behavior),
      BADGATEWAY_INSTANCE: spec.alias,
      BADGATEWAY_PORT: String(BACKEND_PORT),
      BADGATEWAY_CONTROL_PORT: String(BACKEND_CONTROL_PORT),
      BADGATEWAY_SHUTDOWN: spec.shutdown,
      BADGATEWAY_PROTOCOL: spec.protocol,
    },
    files: [{ source: backendBundle, target: PATHS.backendBundle, mode: 0o444 }],
    socketDirs,
    pidsLimit: 128,
    readyWhen: { log: [/badgateway-backend \S+ listening/] },
    controlPort: true,
  };
}

/** One of the small apps: from the sources, or from dist/ in an installed package (which has no backends/). */
function appFile(kind: string, name: string, target: string): ContainerFile {
  const source = join(packageRoot(), 'backends', 'app-servers', kind, name);
  const path = existsSync(source) ? source : join(packageRoot(), 'dist', 'backends', 'app-servers', kind, name);
  return { content: readFileSync(path, 'utf8'), target, mode: 0o444 };
}

const seconds = (duration: string): string => String(Math.round(parseDurationMs(duration)! / 1000));
const millis = (duration: string): string => String(parseDurationMs(duration)!);

function appServerContainer(spec: BackendInstanceSpec, server: AppServer, images: Images, socketDirs: string[]): BackendContainer {
  const base = { socketDirs, controlPort: false, pidsLimit: 256 };
  const what = (image: string) => `backend ${spec.alias} (${server.kind}, ${image})`;
  const instance = { BADGATEWAY_INSTANCE: spec.alias };
  switch (server.kind) {
    case 'php-fpm': {
      const env = { ...instance, BADGATEWAY_DELAY_MS: millis(server.script.delay), BADGATEWAY_OUTCOME: server.script.outcome, ...(server.script.stderr ? { BADGATEWAY_STDERR: server.script.stderr } : {}) };
      const listen = server.listen_socket ?? spec.socket;
      return {
        ...base, what: what(images.php), image: images.php, user: WWW_DATA, env: {},
        command: ['php-fpm', '-F', '-y', PHP_FPM_CONFIG],
        files: [
          { content: phpFpmConfig(server, listen ? { socket: listen } : {}, env), target: PHP_FPM_CONFIG, mode: 0o444 },
          appFile('php-fpm', 'index.php', `${PHP_ROOT}/index.php`),
        ],
        readyWhen: { log: [/ready to handle connections/] },
      };
    }
    case 'gunicorn': {
      const bind = spec.socket ? `unix:${spec.socket}` : `0.0.0.0:${spec.port}`;
      return {
        ...base, what: what(images.python), image: images.python, user: NOBODY, env: { ...instance, BADGATEWAY_DELAY_MS: millis(server.app.delay), PYTHONDONTWRITEBYTECODE: '1' },
        command: ['gunicorn', '--bind', bind, '--worker-class', server.worker_class, '--workers', String(server.workers), '--threads', String(server.threads),
          '--timeout', seconds(server.timeout), '--keep-alive', seconds(server.keep_alive), '--worker-tmp-dir', '/tmp', '--chdir', APP_DIR, 'wsgi_app:app'],
        files: [appFile('gunicorn', 'wsgi_app.py', `${APP_DIR}/wsgi_app.py`)],
        readyWhen: { log: [/Booting worker with pid/] },
      };
    }
    case 'uvicorn':
      return {
        ...base, what: what(images.python), image: images.python, user: NOBODY,
        env: { ...instance, BADGATEWAY_DELAY_MS: millis(server.delay), BADGATEWAY_HANDLER: server.handler, PYTHONDONTWRITEBYTECODE: '1' },
        command: ['python3', '-m', 'uvicorn', '--host', '0.0.0.0', '--port', String(spec.port), '--workers', String(server.workers),
          '--timeout-keep-alive', seconds(server.timeout_keep_alive), '--app-dir', APP_DIR, 'asgi_app:app'],
        files: [appFile('uvicorn', 'asgi_app.py', `${APP_DIR}/asgi_app.py`)],
        // With one worker uvicorn starts the application before it binds the port; with several
        // the parent binds first and the workers start after: ready once both happened.
        readyWhen: { log: [/Uvicorn running on/, /Application startup complete/] },
      };
    case 'node':
      return {
        ...base, what: what(images.node), image: images.node, user: NOBODY,
        env: { ...instance, BADGATEWAY_PORT: String(spec.port), BADGATEWAY_DELAY_MS: millis(server.delay), BADGATEWAY_KEEP_ALIVE_TIMEOUT_MS: millis(server.keep_alive_timeout) },
        command: ['node', `${APP_DIR}/server.cjs`],
        files: [appFile('node', 'server.cjs', `${APP_DIR}/server.cjs`)],
        readyWhen: { log: [/node app listening on/] },
      };
  }
}

/** The images a set of backends needs besides nginx's and the fake backend's. */
export function appServerImages(specs: readonly BackendInstanceSpec[], images: Images): string[] {
  return [...new Set(specs.flatMap((s) => (s.server?.kind === 'php-fpm' ? [images.php] : s.server?.kind === 'gunicorn' || s.server?.kind === 'uvicorn' ? [images.python] : [])))];
}
