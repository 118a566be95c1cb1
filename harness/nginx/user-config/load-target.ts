/**
 * Which server of a user's config the load goes to, and how to reach it (pure): the server the
 * given Host header selects, or else the first one that proxies (an 80 -> 443 redirect pair loads
 * the 443 server; a catch-all `return 444` default is passed over), with the scheme of its first
 * listen and the Host header that selects it among the servers on its port.
 */
import type { Directive } from './nginx-conf-parser.js';

export interface LoadTarget {
  server: Directive;
  /** the original port of its first listen (80 when it has none, as nginx running as root) */
  port: string;
  scheme: 'http' | 'https';
  /** the Host header that routes to it (an exact server_name), when one is needed or known */
  host?: string;
}

const PASSES = new Set(['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'grpc_pass', 'scgi_pass', 'memcached_pass']);

export function chooseLoadTarget(servers: readonly Directive[], hostHeader: string | undefined): LoadTarget | undefined {
  const byHost = hostHeader !== undefined ? servers.find((s) => serverNames(s).some((name) => nameMatches(name, hostHeader))) : undefined;
  const server = byHost ?? servers.find(proxies) ?? servers[0];
  if (!server) return undefined;
  const listen = server.block!.find((d) => d.name === 'listen');
  const port = listen ? portOf(listen.args[0] ?? '80') : '80';
  const ssl = (listen?.args.includes('ssl') ?? false) || server.block!.some((d) => d.name === 'ssl' && d.args[0] === 'on');
  const exact = serverNames(server).find((name) => (/^[A-Za-z0-9.-]+$/.test(name) && name.includes('.')) || name === 'localhost');
  const host = hostHeader ?? exact;
  return { server, port, scheme: ssl ? 'https' : 'http', ...(host !== undefined ? { host } : {}) };
}

/** Whether the server (or a location in it) hands requests to an upstream. */
export function proxies(server: Directive): boolean {
  const walk = (block: readonly Directive[]): boolean => block.some((d) => PASSES.has(d.name) || (d.block !== undefined && walk(d.block)));
  return walk(server.block ?? []);
}

/** The port of a listen address: "80", "127.0.0.1:8080", "[::]:443", "*:80"; unix sockets give "unix:". */
export function portOf(address: string): string {
  if (address.startsWith('unix:')) return 'unix:';
  const match = /(?:^|:)(\d+)$/.exec(address);
  return match ? match[1]! : '80';
}

export function serverNames(server: Directive): string[] {
  return server.block!.filter((d) => d.name === 'server_name').flatMap((d) => d.args.map((a) => a.replace(/^["']|["']$/g, '')));
}

/** server_name matching as nginx does it: exact, *.suffix, prefix.*, .domain, ~regex. */
export function nameMatches(pattern: string, host: string): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  const p = pattern.toLowerCase();
  if (p.startsWith('~')) {
    try {
      return new RegExp(pattern.slice(1)).test(h);
    } catch {
      return false;
    }
  }
  if (p.startsWith('*.')) return h.endsWith(p.slice(1));
  if (p.startsWith('.')) return h === p.slice(1) || h.endsWith(p);
  if (p.endsWith('.*')) return h.startsWith(p.slice(0, -1));
  return h === p;
}
