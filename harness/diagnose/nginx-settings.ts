/**
 * The settings diagnose compares the logs with, read from nginx.conf (pure): the proxied
 * location's proxy_* values (inherited from server and http), its upstream group (servers,
 * max_fails, fail_timeout, keepalive), limits, and the access log's format. What the config does
 * not set is nginx's default, marked as such.
 */
import { walk, type ConfigTree, type Directive } from './config-tree.js';

export interface Setting<T> {
  value: T;
  /** false: nginx's default (not in the config, or no config given) */
  fromConfig: boolean;
}

export type PassModule = 'proxy' | 'fastcgi' | 'uwsgi' | 'grpc' | 'scgi';

/** The directives that pass a request to a backend; the module's own *_read_timeout etc. apply. */
const PASS = /^(?:proxy|fastcgi|uwsgi|grpc|scgi)_pass$/;

export interface NginxSettings {
  configGiven: boolean;
  /** the module that passes requests to the backend: its fastcgi_read_timeout, … are read for proxy_read_timeout, … */
  module: PassModule;
  proxyReadTimeoutMs: Setting<number>;
  proxyConnectTimeoutMs: Setting<number>;
  proxySendTimeoutMs: Setting<number>;
  proxyNextUpstream: Setting<string[]>;
  proxyNextUpstreamTries: Setting<number>;
  proxyNextUpstreamTimeoutMs: Setting<number>;
  proxyBufferSizeBytes: Setting<number>;
  proxyBuffering: Setting<string>;
  proxyRequestBuffering: Setting<string>;
  proxyHttpVersion: Setting<string>;
  clearsConnectionHeader: boolean;
  keepalive: Setting<number>;
  keepaliveTimeoutMs: Setting<number>;
  keepaliveRequests: Setting<number>;
  maxFails: Setting<number>;
  failTimeoutMs: Setting<number>;
  /** servers in the upstream group (1 for a proxy_pass straight to an address, 0 when unknown) */
  upstreamServers: number;
  /** proxy_pass names an upstream{} block (1.29.7 and later reuse its connections by default) */
  explicitUpstream: boolean;
  limitReqRatePerS: Setting<number>;
  limitReqBurst: Setting<number>;
  workerConnections: Setting<number>;
  workerProcesses: Setting<number>;
  /** the log_format text the first access_log uses, when the config defines it */
  accessLogFormat: string | undefined;
  notes: string[];
}

const dflt = <T>(value: T): Setting<T> => ({ value, fromConfig: false });
const set = <T>(value: T): Setting<T> => ({ value, fromConfig: true });

export const DEFAULT_SETTINGS: NginxSettings = {
  configGiven: false,
  module: 'proxy',
  proxyReadTimeoutMs: dflt(60_000), proxyConnectTimeoutMs: dflt(60_000), proxySendTimeoutMs: dflt(60_000),
  proxyNextUpstream: dflt(['error', 'timeout']), proxyNextUpstreamTries: dflt(0), proxyNextUpstreamTimeoutMs: dflt(0),
  proxyBufferSizeBytes: dflt(4096), proxyBuffering: dflt('on'), proxyRequestBuffering: dflt('on'), proxyHttpVersion: dflt('1.0'),
  clearsConnectionHeader: false,
  keepalive: dflt(0), keepaliveTimeoutMs: dflt(60_000), keepaliveRequests: dflt(1000),
  maxFails: dflt(1), failTimeoutMs: dflt(10_000), upstreamServers: 0, explicitUpstream: false,
  limitReqRatePerS: dflt(0), limitReqBurst: dflt(0), workerConnections: dflt(512), workerProcesses: dflt(1),
  accessLogFormat: undefined,
  notes: [],
};

export function settingsFromConfig(tree: ConfigTree): NginxSettings {
  const all = [...walk(tree.directives)];
  const notes = [...tree.problems];
  if (all.some((d) => d.directive.name === 'include' && !/mime\.types/.test(d.directive.args[0] ?? ''))) {
    notes.push('nginx.conf has include directives; diagnose reads only the file given (pass the full config: `nginx -T > full.conf`)');
  }
  const proxied = all.filter((d) => PASS.test(d.directive.name));
  const upstreams = new Map(all.filter((d) => d.directive.name === 'upstream' && d.directive.block).map((d) => [d.directive.args[0] ?? '', d.directive.block!]));
  const main = proxied.find((d) => upstreams.has(hostOf(d.directive.args[0] ?? ''))) ?? proxied[0];
  if (proxied.length === 0) notes.push('no proxy_pass (nor fastcgi_pass, uwsgi_pass, grpc_pass) in nginx.conf: the proxy_* values are nginx defaults');
  const module = (main?.directive.name.replace(/_pass$/, '') ?? 'proxy') as PassModule;
  const m = (name: string) => name.replace(/^proxy_/, `${module}_`);
  const chain = main ? [...main.parents].reverse() : [];
  const lookup = (name: string): string[] | undefined => {
    for (const block of chain) {
      const found = block.block?.find((d) => d.name === name);
      if (found) return found.args;
    }
    return tree.directives.find((d) => d.name === name)?.args;
  };
  const time = (name: string, fallback: Setting<number>) => fromArgs(lookup(name), fallback, (a) => parseNginxTimeMs(a[0] ?? ''));
  const upstreamBlock = main ? upstreams.get(hostOf(main.directive.args[0] ?? '')) : undefined;
  const inUpstream = (name: string) => upstreamBlock?.find((d) => d.name === name)?.args;
  const servers = upstreamBlock?.filter((d) => d.name === 'server') ?? [];
  const serverParam = (key: string) => servers.flatMap((s) => s.args).find((a) => a.startsWith(`${key}=`))?.slice(key.length + 1);
  const limitReq = lookup('limit_req');
  const zoneName = limitReq?.find((a) => a.startsWith('zone='))?.slice(5);
  const zone = all.find((d) => d.directive.name === 'limit_req_zone' && d.directive.args.some((a) => a.startsWith(`zone=${zoneName}:`)));
  const d = DEFAULT_SETTINGS;
  return {
    configGiven: true,
    module,
    proxyReadTimeoutMs: time(m('proxy_read_timeout'), d.proxyReadTimeoutMs),
    proxyConnectTimeoutMs: time(m('proxy_connect_timeout'), d.proxyConnectTimeoutMs),
    proxySendTimeoutMs: time(m('proxy_send_timeout'), d.proxySendTimeoutMs),
    proxyNextUpstream: fromArgs(lookup(m('proxy_next_upstream')), d.proxyNextUpstream, (a) => (a.length > 0 ? a : undefined)),
    proxyNextUpstreamTries: fromArgs(lookup(m('proxy_next_upstream_tries')), d.proxyNextUpstreamTries, (a) => integer(a[0])),
    proxyNextUpstreamTimeoutMs: time(m('proxy_next_upstream_timeout'), d.proxyNextUpstreamTimeoutMs),
    proxyBufferSizeBytes: fromArgs(lookup(m('proxy_buffer_size')), d.proxyBufferSizeBytes, (a) => parseNginxSizeBytes(a[0] ?? '')),
    proxyBuffering: fromArgs(lookup(m('proxy_buffering')), d.proxyBuffering, (a) => a[0]),
    proxyRequestBuffering: fromArgs(lookup(m('proxy_request_buffering')), d.proxyRequestBuffering, (a) => a[0]),
    proxyHttpVersion: fromArgs(lookup('proxy_http_version'), d.proxyHttpVersion, (a) => a[0]),
    clearsConnectionHeader: chain.some((b) => b.block?.some((x) => x.name === 'proxy_set_header' && x.args[0]?.toLowerCase() === 'connection' && x.args[1] === '')),
    keepalive: fromArgs(inUpstream('keepalive'), d.keepalive, (a) => integer(a[0])),
    keepaliveTimeoutMs: fromArgs(inUpstream('keepalive_timeout'), d.keepaliveTimeoutMs, (a) => parseNginxTimeMs(a[0] ?? '')),
    keepaliveRequests: fromArgs(inUpstream('keepalive_requests'), d.keepaliveRequests, (a) => integer(a[0])),
    maxFails: fromArgs(optional(serverParam('max_fails')), d.maxFails, (a) => integer(a[0])),
    failTimeoutMs: fromArgs(optional(serverParam('fail_timeout')), d.failTimeoutMs, (a) => parseNginxTimeMs(a[0] ?? '')),
    upstreamServers: upstreamBlock ? servers.length : main ? 1 : 0,
    explicitUpstream: upstreamBlock !== undefined,
    limitReqRatePerS: fromArgs(zone?.directive.args.filter((a) => a.startsWith('rate=')).map((a) => a.slice(5)), d.limitReqRatePerS, (a) => ratePerS(a[0])),
    limitReqBurst: fromArgs(limitReq ? [limitReq.find((a) => a.startsWith('burst='))?.slice(6) ?? '0'] : undefined, d.limitReqBurst, (a) => integer(a[0])),
    workerConnections: fromArgs(all.find((x) => x.directive.name === 'worker_connections')?.directive.args, d.workerConnections, (a) => integer(a[0])),
    workerProcesses: fromArgs(tree.directives.find((x) => x.name === 'worker_processes')?.args, d.workerProcesses, (a) => integer(a[0])),
    accessLogFormat: accessLogFormat(all.map((x) => x.directive)),
    notes,
  };
}

function fromArgs<T>(args: string[] | undefined, fallback: Setting<T>, read: (args: string[]) => T | undefined): Setting<T> {
  if (args === undefined) return fallback;
  const value = read(args);
  return value === undefined ? fallback : set(value);
}

function optional(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : [value];
}

function integer(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** "10r/s" → 10, "60r/m" → 1 */
function ratePerS(text: string | undefined): number | undefined {
  const match = /^(\d+)r\/([sm])$/.exec(text ?? '');
  if (!match) return undefined;
  return match[2] === 's' ? Number(match[1]) : Math.max(1, Math.round(Number(match[1]) / 60));
}

/** "http://backend/x" → "backend"; "http://127.0.0.1:8080" → "127.0.0.1:8080" */
function hostOf(url: string): string {
  const rest = url.replace(/^\w+:\/\//, '');
  const slash = rest.indexOf('/');
  return slash >= 0 ? rest.slice(0, slash) : rest;
}

function accessLogFormat(directives: Directive[]): string | undefined {
  const formats = new Map<string, string>();
  for (const d of directives) {
    if (d.name === 'log_format' && d.args[0]) formats.set(d.args[0], d.args.slice(1).filter((a) => !a.startsWith('escape=')).join(''));
  }
  const used = directives.find((d) => d.name === 'access_log' && d.args[0] !== 'off');
  const name = used?.args[1] ?? 'combined';
  return formats.get(name);
}

// nginx's own time and size syntax: "60" and "1m30s" and "500ms"; "4k", "1M", "4096".

const TIME_PART = /(\d+)(ms|s|m|h|d|w|M|y)?/y;
const TIME_FACTOR_MS: Record<string, number> = {
  ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000, y: 31_536_000_000,
};

/** Milliseconds; undefined when the text is not an nginx time. A bare number is seconds. */
export function parseNginxTimeMs(text: string): number | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  let total = 0;
  TIME_PART.lastIndex = 0;
  while (TIME_PART.lastIndex < value.length) {
    const start = TIME_PART.lastIndex;
    const match = TIME_PART.exec(value);
    if (!match || match.index !== start) return undefined;
    total += Number(match[1]) * TIME_FACTOR_MS[match[2] ?? 's']!;
  }
  return total;
}

/** Bytes; undefined when the text is not an nginx size. */
export function parseNginxSizeBytes(text: string): number | undefined {
  const match = /^(\d+)([kKmMgG]?)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase();
  return Number(match[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1);
}

/** "16k" for 16384, "1m", "1500" (for nginx.conf and scenario params). */
export function formatSize(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}m`;
  if (bytes % 1024 === 0) return `${bytes / 1024}k`;
  return String(bytes);
}
