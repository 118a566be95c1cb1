/**
 * Endpoints and upstream addresses as grouping keys (pure). Paths lose their query and have ids
 * folded ("/users/42/orders/9f1c…" → "/users/:id/orders/:id") so that a log with millions of
 * distinct URLs still groups into a few endpoints.
 */
import { detach } from './bounded-tally.js';

const MAX_PATH_CHARS = 80;
const ID_SEGMENT = /^(?:\d+|[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-Za-z_-]{20,})$/i;

/** "GET /users/:id"; requests that are not HTTP (TLS bytes, garbage) become "(not a request)". */
export function endpointKey(method: string, uri: string): string {
  if (method === '' || uri === '') return '(not a request)';
  return `${method} ${pathTemplate(uri)}`;
}

/** Templates of recent paths: logs repeat their paths, and folding is the costly part. */
const cache = new Map<string, string>();
const MAX_CACHED = 10_000;

export function pathTemplate(uri: string): string {
  let end = uri.indexOf('?');
  const hash = uri.indexOf('#');
  if (hash >= 0 && (end < 0 || hash < end)) end = hash;
  const path = end >= 0 ? uri.slice(0, end) : uri;
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  const template = detach(fold(path));
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(detach(path), template);
  return template;
}

function fold(path: string): string {
  if (!path.startsWith('/')) return path.slice(0, MAX_PATH_CHARS) || '/';
  const folded = path
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? ':id' : segment))
    .join('/');
  return folded.length > MAX_PATH_CHARS ? `${folded.slice(0, MAX_PATH_CHARS)}…` : folded;
}

/**
 * The server an error-log `upstream: "…"` URL names: "http://172.18.0.2:8080/a" → "172.18.0.2:8080",
 * "http://unix:/run/app.sock:/a" → "unix:/run/app.sock", "http://[2001:db8::2]:80/" → "[2001:db8::2]:80",
 * "http://backend/a" (no live upstreams: the group) → "backend".
 */
export function upstreamKey(url: string): string {
  const scheme = url.indexOf('://');
  const rest = scheme >= 0 ? url.slice(scheme + 3) : url;
  if (rest.startsWith('unix:')) {
    const end = rest.indexOf(':', 5);
    return end >= 0 ? rest.slice(0, end) : rest;
  }
  const slash = rest.indexOf('/');
  return slash >= 0 ? rest.slice(0, slash) : rest;
}
