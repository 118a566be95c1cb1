/**
 * Cross-field rules of a backend (pure): what it is (a fake behaviour, the user's image, or a real
 * app server: exactly one), what it speaks, where it listens, and whether the nginx template
 * speaks the same protocol. Checked for the scenario's backends and for each variant's merged ones.
 */
import { dirname } from 'node:path';
import { APP_SERVER_PROTOCOL } from '../../backends/app-servers/schemas.js';
import { parseDurationMs } from './units.js';
import type { Scenario } from './schema.js';
import type { PathSegment } from './yaml-positions.js';

type Backend = Scenario['backends'][number];
interface Issue {
  path: PathSegment[];
  message: string;
}

const SOCKET_KINDS = ['php-fpm', 'gunicorn'];
/** the template each protocol needs (a user's own config is checked by the gate instead) */
const TEMPLATE_OF = { http: 'reverse-proxy', fastcgi: 'fastcgi' } as const;

/** The protocol a backend speaks to nginx. */
export function protocolOf(backend: Pick<Backend, 'server' | 'protocol' | 'image'>): 'http' | 'fastcgi' {
  if (backend.server) return APP_SERVER_PROTOCOL[backend.server.kind];
  return backend.protocol ?? 'http';
}

export function backendIssues(backend: Backend, at: PathSegment[], template: string | undefined): Issue[] {
  const kinds = [backend.behavior && 'behavior', backend.image && 'image', backend.server && 'server'].filter(Boolean);
  if (kinds.length > 1) return [{ path: [...at, kinds[1] as string], message: `give one of behavior (a fake backend), image (your own app) or server (a real app server), not both ${kinds.slice(0, 2).join(' and ')}` }];
  if (kinds.length === 0) return [{ path: at, message: 'needs behavior (e.g. behavior: { kind: slow, delay: 2s }), image (your own app, e.g. image: myapp:1.4) or server (e.g. server: { kind: gunicorn })' }];
  const issues: Issue[] = [];
  if (backend.protocol !== undefined && !backend.behavior) issues.push({ path: [...at, 'protocol'], message: 'protocol is for a fake backend (behavior); an app server speaks its own (php-fpm FastCGI, the others HTTP)' });
  if (backend.socket !== undefined) {
    if (!backend.server || !SOCKET_KINDS.includes(backend.server.kind)) issues.push({ path: [...at, 'socket'], message: `a unix socket is served by server ${SOCKET_KINDS.join(' or ')}; remove socket or use one of them` });
    if (backend.replicas > 1) issues.push({ path: [...at, 'replicas'], message: 'a backend on a unix socket has one replica (one socket file)' });
  }
  const server = backend.server;
  if (server?.kind === 'php-fpm' && server.listen_socket !== undefined) {
    if (backend.socket === undefined) issues.push({ path: [...at, 'server', 'listen_socket'], message: 'needs socket too: listen_socket is where FPM listens when nginx connects to socket' });
    else if (dirname(server.listen_socket) !== dirname(backend.socket)) issues.push({ path: [...at, 'server', 'listen_socket'], message: `must be in ${dirname(backend.socket)}/, the directory of socket (the one nginx and FPM share)` });
  }
  if (server?.kind === 'php-fpm') wholeSeconds(server.request_terminate_timeout, [...at, 'server', 'request_terminate_timeout'], issues);
  if (server?.kind === 'gunicorn') {
    wholeSeconds(server.timeout, [...at, 'server', 'timeout'], issues);
    wholeSeconds(server.keep_alive, [...at, 'server', 'keep_alive'], issues);
  }
  if (server?.kind === 'uvicorn') wholeSeconds(server.timeout_keep_alive, [...at, 'server', 'timeout_keep_alive'], issues);
  const protocol = protocolOf(backend);
  const other = protocol === 'fastcgi' ? TEMPLATE_OF.http : TEMPLATE_OF.fastcgi;
  if (template === other) {
    issues.push({ path: at, message: `speaks ${protocol === 'fastcgi' ? 'FastCGI' : 'HTTP'} to nginx, but template ${template} ${protocol === 'fastcgi' ? 'proxies over HTTP' : 'passes FastCGI'}; use nginx.template: ${TEMPLATE_OF[protocol]}` });
  }
  return issues;
}

/** Unix socket files of the backends that are the same file. */
export function duplicateSockets(backends: readonly Backend[]): Issue[] {
  const seen = new Map<string, number>();
  return backends.flatMap((b, i) => {
    const paths = [b.socket, b.server?.kind === 'php-fpm' ? b.server.listen_socket : undefined].filter((p): p is string => p !== undefined);
    return [...new Set(paths)].flatMap((path) => {
      const first = seen.get(path);
      if (first === undefined || first === i) {
        seen.set(path, i);
        return [];
      }
      return [{ path: ['backends', i, 'socket'], message: `${path} is already the socket of backends[${first}]; give each backend its own` }];
    });
  });
}

function wholeSeconds(duration: string, path: PathSegment[], issues: Issue[]): void {
  const ms = parseDurationMs(duration);
  if (ms !== undefined && ms % 1000 !== 0) issues.push({ path, message: `${duration} is not a whole number of seconds, which is all the server takes (e.g. 2s)` });
}
