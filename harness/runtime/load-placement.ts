/**
 * Where the load runs (pure): on this machine, to nginx published on 127.0.0.1, or from a container
 * on the variant's network, to nginx by its name there. nginx is published on the loopback of the
 * machine the Docker Engine runs on, so the load can go there only when that machine is this one;
 * from a container, the run needs neither this machine's files nor its loopback (docker-runtime.ts).
 * The rule: asked for (`host` or `container`) wins; otherwise (`auto`) a tcp:// engine at an address
 * other than loopback (127.0.0.0/8, ::1, localhost) is another machine, and the load runs in a
 * container; a unix socket or a loopback address is this machine (a socket forwarded from another
 * machine, as `ssh -L` makes, cannot be told apart: ask for `container` there).
 */
import type { DockerEndpoint } from './docker-endpoint.js';

export const LOAD_FROM = ['auto', 'host', 'container'] as const;
export type LoadFrom = (typeof LOAD_FROM)[number];

export interface LoadPlacement {
  from: 'host' | 'container';
  /** why, for messages and the docs' rule */
  reason: string;
}

export function isLoadFrom(value: string): value is LoadFrom {
  return (LOAD_FROM as readonly string[]).includes(value);
}

export function loadPlacement(endpoint: DockerEndpoint, asked: LoadFrom = 'auto'): LoadPlacement {
  if (asked !== 'auto') return { from: asked, reason: `asked for (${asked})` };
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^/:]+)/.exec(endpoint.host);
  if (!tcp) return { from: 'host', reason: `the Docker Engine is on this machine (${endpoint.host})` };
  const address = tcp[1]!.replace(/^\[|\]$/g, '').toLowerCase();
  const loopback = address === 'localhost' || address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address);
  return loopback
    ? { from: 'host', reason: `the Docker Engine is on this machine (${endpoint.host})` }
    : { from: 'container', reason: `the Docker Engine at ${endpoint.host} (${endpoint.source}) is on another machine` };
}
