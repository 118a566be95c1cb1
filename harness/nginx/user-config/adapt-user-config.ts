/**
 * Adapts a user's own nginx config so the harness can run it unchanged where it matters (timeouts,
 * keepalive, retries, buffers, limits, routing, TLS): upstreams point at the harness's backends,
 * logs go where the harness reads them, the server the load goes to listens on the harness's port
 * (other ports move beside it, unpublished), TLS is served with a certificate made for the run,
 * and what an unprivileged container cannot do (user, pid in /run, files it does not have) is
 * removed. Every change is noted with file:line (pure).
 */
import { err, ok, type Result } from '../../result.js';
import { READY_HOST, READY_PATH } from '../readiness.js';
import { chooseLoadTarget, portOf, proxies } from './load-target.js';
import type { Directive } from './nginx-conf-parser.js';
import { GENERATED_UPSTREAM, isPass, PASS_PROTOCOL, rewritePass, type UpstreamProtocol } from './upstream-passes.js';
import { frontControllerFiles, type NeededFile } from './front-controllers.js';

export interface AdaptOptions {
  /** every backend replica as host:port, or the unix socket it listens on */
  backends: { host: string; port: number; backend: string; socket?: string }[];
  /** upstream name -> backend names; upstreams not named here get every backend */
  upstreamMap: Record<string, string[]>;
  listenPort: number;
  accessLogPath: string;
  errorLogPath: string;
  accessLogFormat: string;
  /** where the certificate made for the run is, inside the nginx container */
  tls: { certificatePath: string; keyPath: string };
  /** the Host header the load sends, when the user gave one: it chooses the server */
  hostHeader?: string;
}

export interface AdaptedConfig {
  directives: Directive[];
  notes: string[];
  /** where the load goes */
  target: {
    scheme: 'http' | 'https';
    /** the Host header that selects the server (its server_name), when known */
    host?: string;
    /** what the server speaks to its upstreams */
    protocols: UpstreamProtocol[];
    /** file:line of the server */
    at: string;
  };
  /** whether a server listens with TLS: the run must make a certificate */
  tls: boolean;
  /** files the load target needs in nginx's container (PHP scripts try_files checks under its root) */
  files: NeededFile[];
}

const MAIN_REMOVED = new Set(['user', 'pid', 'error_log', 'daemon', 'master_process']);
const HARNESS_OWNED = new Set(['access_log', 'error_log', 'keepalive_requests', 'keepalive_timeout']);
const CERTIFICATE = new Set(['ssl_certificate', 'ssl_certificate_key']);
const MISSING_FILES = /^(ssl_(trusted_certificate|client_certificate|crl|dhparam|stapling_file|password_file|session_ticket_key)|(proxy|grpc|uwsgi)_ssl_(certificate|certificate_key|trusted_certificate|crl|password_file))$/;
const LISTEN_DROPPED = new Set(['proxy_protocol', 'quic']);

interface Context {
  notes: string[];
  note: (d: Directive, text: string) => void;
  ports: Map<string, number>;
  upstreams: Set<string>;
  generated: boolean;
  tls: boolean;
}

export function adaptUserConfig(config: readonly Directive[], options: AdaptOptions): Result<AdaptedConfig, string> {
  const http = config.find((d) => d.name === 'http' && d.block);
  if (!http) return err(`${config[0]?.file ?? 'the config'}: no http { } block; give a full nginx.conf, or a server or location snippet`);
  const servers = http.block!.filter((d) => d.name === 'server' && d.block);
  const target = chooseLoadTarget(servers, options.hostHeader);
  if (!target) return err(`${http.file}:${http.line}: http { } has no server { } block to send load to`);
  const notes: string[] = [];
  // Directives the snippet wrapper made (line 0) are the harness's own: nothing to tell the user.
  const note = (d: Directive, text: string) => { if (d.line > 0) notes.push(`${d.file}:${d.line}: ${text}`); };
  const ctx: Context = { notes, note, ports: portMap(servers, target.port, options.listenPort), upstreams: new Set(http.block!.filter((d) => d.name === 'upstream').map((d) => d.args[0] ?? '')), generated: false, tls: false };

  const httpBlock = adaptBlock(http.block!, 'http', ctx, options);
  const prelude = [
    raw(options.accessLogFormat, http),
    d('access_log', [options.accessLogPath, 'badgateway'], http),
    d('keepalive_requests', ['1000000'], http),
    d('keepalive_timeout', ['300s'], http),
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => d(`${t}_temp_path`, [`/tmp/nginx-${t}`], http)),
  ];
  if (ctx.tls) prelude.push(d('ssl_certificate', [options.tls.certificatePath], http), d('ssl_certificate_key', [options.tls.keyPath], http));
  if (ctx.generated) prelude.push({ ...d('upstream', [GENERATED_UPSTREAM], http), block: options.backends.map((b) => d('server', [addressOf(b)], http)) });
  httpBlock.push(readyServer(http, options.listenPort, target.scheme === 'https'));

  const main = config.flatMap((directive): Directive[] => {
    if (MAIN_REMOVED.has(directive.name)) {
      note(directive, `${directive.name} ${directive.args.join(' ')} removed (nginx runs unprivileged; the harness sets pid and error_log)`);
      return [];
    }
    if (directive === http) return [{ ...http, block: [...prelude, ...httpBlock] }];
    return [directive];
  });
  return ok({
    directives: [d('pid', ['/tmp/nginx.pid'], http), d('error_log', [options.errorLogPath, 'warn'], http), ...main],
    notes,
    target: { scheme: target.scheme, ...(target.host !== undefined ? { host: target.host } : {}), protocols: upstreamProtocols(target.server), at: `${target.server.file}:${target.server.line}` },
    tls: ctx.tls,
    files: frontControllerFiles(target.server),
  });
}

function addressOf(backend: AdaptOptions['backends'][number]): string {
  return backend.socket ? `unix:${backend.socket}` : `${backend.host}:${backend.port}`;
}

function adaptBlock(directives: readonly Directive[], level: string, ctx: Context, options: AdaptOptions): Directive[] {
  return directives.flatMap((dir): Directive[] => {
    if (level !== 'upstream' && HARNESS_OWNED.has(dir.name)) return removed(dir, ctx, 'removed (the harness sets its own)');
    if (CERTIFICATE.has(dir.name)) return removed(dir, ctx, 'replaced by a certificate made for the run');
    if (MISSING_FILES.test(dir.name)) return removed(dir, ctx, 'removed: it names a file that is not in the container');
    if (dir.name === 'ssl_verify_client') return removed(dir, ctx, 'removed: the load sends no client certificate');
    if (dir.name === 'ssl' && level === 'server') return removed(dir, ctx, "removed: the server's listens carry ssl instead (nginx 1.25 dropped the ssl directive)");
    if (dir.name === 'http3' || dir.name.startsWith('quic_')) return removed(dir, ctx, 'removed: HTTP/3 is not exercised');
    if (dir.name.endsWith('_temp_path') && level !== 'upstream') return removed(dir, ctx, 'replaced by a path under /tmp (nginx runs unprivileged)');
    if (dir.name === 'error_page' && isPageOnly(dir)) return removed(dir, ctx, "removed: its page is not in the container; the client gets nginx's own status for it, as with the page there");
    if (dir.name === 'upstream' && dir.block) return [upstream(dir, options, ctx)];
    if (isPass(dir.name)) {
      const rewritten = rewritePass(dir as Directive & { name: typeof dir.name }, ctx.upstreams);
      if (rewritten.generated) ctx.generated = true;
      if (rewritten.note) ctx.note(dir, rewritten.note);
      return [rewritten.directive];
    }
    if (dir.name === 'server' && dir.block) return [server(dir, ctx, options)];
    if (dir.block) return [{ ...dir, block: adaptBlock(dir.block, dir.name, ctx, options) }];
    return [dir];
  });
}

function removed(dir: Directive, ctx: Context, why: string): Directive[] {
  ctx.note(dir, `${[dir.name, ...dir.args].join(' ')} ${why}`);
  return [];
}

/** A server: its listens on the harness's ports (one per original port), the rest adapted. */
function server(dir: Directive, ctx: Context, options: AdaptOptions): Directive {
  const legacySsl = dir.block!.some((x) => x.name === 'ssl' && x.args[0] === 'on');
  const listens = dir.block!.filter((x) => x.name === 'listen');
  const byPort = new Map<number, Directive>();
  for (const listen of listens) {
    const mapped = listenOf(listen, ctx, legacySsl);
    if (!mapped) continue;
    const port = Number(mapped.args[0]);
    const earlier = byPort.get(port);
    byPort.set(port, earlier ? { ...earlier, args: [...new Set([...earlier.args, ...mapped.args.slice(1)])] } : mapped);
  }
  if (byPort.size === 0) {
    // No listen, or only ones the container cannot open (IPv6, unix): the first one's port, else 80.
    const first = listens[0];
    const port = ctx.ports.get(portOf(first?.args[0] ?? '80')) ?? options.listenPort;
    const ssl = legacySsl || (first?.args.includes('ssl') ?? false);
    ctx.note(dir, `server without a listen nginx can open here: it listens on ${port}${ssl ? ' ssl' : ''}`);
    byPort.set(port, { name: 'listen', args: [String(port), ...(ssl ? ['ssl'] : [])], line: dir.line, file: dir.file });
  }
  if ([...byPort.values()].some((l) => l.args.includes('ssl'))) ctx.tls = true;
  const rest = adaptBlock(dir.block!.filter((x) => x.name !== 'listen'), 'server', ctx, options);
  return { ...dir, block: [...byPort.values(), ...rest] };
}

function listenOf(listen: Directive, ctx: Context, legacySsl: boolean): Directive | undefined {
  const address = listen.args[0] ?? '80';
  const written = [listen.name, ...listen.args].join(' ');
  if (address.startsWith('unix:')) return void ctx.note(listen, `${written} removed: the load reaches nginx over TCP`);
  if (address.startsWith('[')) return void ctx.note(listen, `${written} removed: the container listens on IPv4 (the same port's IPv4 listen serves it)`);
  const port = ctx.ports.get(portOf(address))!;
  const params = listen.args.slice(1).filter((a) => !LISTEN_DROPPED.has(a) && !a.startsWith('ipv6only='));
  if (legacySsl && !params.includes('ssl')) params.push('ssl');
  const dropped = listen.args.slice(1).filter((a) => LISTEN_DROPPED.has(a));
  const args = [String(port), ...params];
  ctx.note(listen, `${written} served as listen ${args.join(' ')}${dropped.length ? ` (${dropped.join(', ')} dropped: the load speaks plain HTTP/1.1 or TLS)` : ''}`);
  return { ...listen, args };
}

/** Original listen ports to the harness's: the load target's to the published port, the others beside it. */
function portMap(servers: readonly Directive[], targetPort: string, listenPort: number): Map<string, number> {
  const ports = new Map<string, number>([[targetPort, listenPort]]);
  let next = listenPort + 1;
  for (const s of servers) {
    const own = s.block!.filter((x) => x.name === 'listen').map((x) => portOf(x.args[0] ?? '80'));
    for (const port of own.length > 0 ? own : ['80']) if (!ports.has(port) && port !== 'unix:') ports.set(port, next++);
  }
  return ports;
}

/** error_page codes /page.html: a static page the container does not have (not @named, no =code). */
function isPageOnly(dir: Directive): boolean {
  const page = dir.args.at(-1) ?? '';
  return page.startsWith('/') && !dir.args.some((a) => a.startsWith('='));
}

function upstream(directive: Directive, options: AdaptOptions, ctx: Context): Directive {
  const name = directive.args[0] ?? '';
  const wanted = options.upstreamMap[name];
  const members = wanted ? options.backends.filter((b) => wanted.includes(b.backend)) : options.backends;
  const servers = directive.block!.filter((x) => x.name === 'server');
  const params = servers[0]?.args.slice(1).filter((a) => !/^(resolve|service=|backup$|down$)/.test(a)) ?? [];
  ctx.note(directive, `upstream ${name}: ${servers.length} server(s) replaced by ${members.map((b) => b.host).join(', ')}${params.length ? ` with ${params.join(' ')}` : ''}`);
  const others = directive.block!.filter((x) => x.name !== 'server');
  return { ...directive, block: [...members.map((b) => d('server', [addressOf(b), ...params], directive)), ...others] };
}

/** What a server speaks to its upstreams (none when it passes nothing). */
export function upstreamProtocols(server: Directive): UpstreamProtocol[] {
  const found = new Set<UpstreamProtocol>();
  const walk = (block: readonly Directive[]) => block.forEach((x) => { if (isPass(x.name)) found.add(PASS_PROTOCOL[x.name]); if (x.block) walk(x.block); });
  walk(server.block ?? []);
  if (found.size === 0 && !proxies(server)) return [];
  return [...found];
}

function readyServer(at: Directive, port: number, ssl: boolean): Directive {
  const location = { ...d('location', ['=', READY_PATH], at), block: [d('access_log', ['off'], at), d('return', ['200', '"ready\\n"'], at)] };
  return { ...d('server', [], at), block: [d('listen', [String(port), ...(ssl ? ['ssl'] : [])], at), d('server_name', [READY_HOST], at), location] };
}

function d(name: string, args: string[], at: Directive): Directive {
  return { name, args, line: at.line, file: at.file };
}

/** A directive given as text ("log_format badgateway escape=json '...';"), kept as one word. */
function raw(text: string, at: Directive): Directive {
  const [name, ...rest] = text.replace(/;\s*$/, '').split(' ');
  return { name: name!, args: [rest.join(' ')], line: at.line, file: at.file };
}
