/**
 * The bytes of each request of a plan, built once: the load sends the same few requests many
 * times. Only origin-form paths ("/..."), and only to the plan's own origin: a path that would
 * send a request anywhere else ("//host/", "http://...") is refused before anything is sent.
 */
import type { LoadRequest } from '../load-driver.js';

export interface PreparedRequest {
  bytes: Buffer;
  /** false for HEAD: its response never has a body */
  expectBody: boolean;
  method: string;
}

export class ForeignOriginError extends Error {}

/** The path, if it stays on baseUrl's origin; throws ForeignOriginError otherwise. */
export function checkOriginForm(path: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  if (!path.startsWith('/') || path.startsWith('//') || /[\s\x00-\x1f\x7f]/.test(path)) {
    throw new ForeignOriginError(`request path ${JSON.stringify(path)} is not origin-form ("/..."): the load goes only to ${base.origin}`);
  }
  const target = new URL(path, base);
  if (target.origin !== base.origin) throw new ForeignOriginError(`request path ${JSON.stringify(path)} leaves ${base.origin}: refused`);
  return path;
}

export function prepareRequest(request: LoadRequest, baseUrl: string): PreparedRequest {
  const path = checkOriginForm(request.path, baseUrl);
  const host = new URL(baseUrl).host;
  const lines = [`${request.method} ${path} HTTP/1.1`];
  const given = new Set(Object.keys(request.headers).map((h) => h.toLowerCase()));
  if (!given.has('host')) lines.push(`Host: ${host}`);
  for (const [name, value] of Object.entries(request.headers)) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new Error(`header ${JSON.stringify(name)} holds a line break`);
    lines.push(`${name}: ${value}`);
  }
  const body = request.body !== undefined ? Buffer.from(request.body) : undefined;
  if (body && !given.has('content-length')) lines.push(`Content-Length: ${body.length}`);
  else if (!body && ['POST', 'PUT', 'PATCH'].includes(request.method) && !given.has('content-length')) lines.push('Content-Length: 0');
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return { bytes: body ? Buffer.concat([head, body]) : head, expectBody: request.method !== 'HEAD', method: request.method };
}
