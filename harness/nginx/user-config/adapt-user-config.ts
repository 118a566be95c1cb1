/**
 * Adapts a user's own nginx config so the harness can run it unchanged where it matters (timeouts,
 * keepalive, retries, buffers, limits): upstreams point at the harness's backends, logs go where
 * the harness reads them, the listener moves to the harness's port, and what an unprivileged
 * container cannot do (user, pid in /run, TLS certificates) is removed. Every change is noted (pure).
 */
import { err, ok, type Result } from '../../result.js';
import type { Directive } from './nginx-conf-parser.js';

export interface AdaptOptions {
  /** every backend replica as host:port */
  backends: { host: string; port: number; backend: string }[];
  /** upstream name -> backend names; upstreams not named here get every backend */
  upstreamMap: Record<string, string[]>;
  listenPort: number;
  accessLogPath: string;
  errorLogPath: string;
  accessLogFormat: string;
}

export interface AdaptedConfig {
  directives: Directive[];
  notes: string[];
}

const GENERATED_UPSTREAM = 'badgateway_backends';
const MAIN_REMOVED = new Set(['user', 'pid', 'error_log', 'daemon', 'master_process']);
const HTTP_REMOVED = new Set(['access_log', 'error_log', 'keepalive_requests', 'keepalive_timeout']);

export function adaptUserConfig(config: readonly Directive[], options: AdaptOptions): Result<AdaptedConfig, string> {
  const http = config.find((d) => d.name === 'http' && d.block);
  if (!http) return err(`${config[0]?.file ?? 'the config'}: no http { } block; give a full nginx.conf, or a server or location snippet`);
  const notes: string[] = [];
  // Directives the snippet wrapper made (line 0) are the harness's own: nothing to tell the user.
  const note = (d: Directive, text: string) => { if (d.line > 0) notes.push(`${d.file}:${d.line}: ${text}`); };
  const upstreamNames = new Set(http.block!.filter((d) => d.name === 'upstream').map((d) => d.args[0] ?? ''));
  let generated = false;

  const adaptHttpLevel = (directives: Directive[], inUpstream: boolean): Directive[] =>
    directives.flatMap((d): Directive[] => {
      if (!inUpstream && HTTP_REMOVED.has(d.name)) {
        note(d, `${d.name} ${d.args.join(' ')} removed (the harness sets its own)`);
        return [];
      }
      if (d.name.startsWith('ssl_') || d.name === 'http2' || d.name === 'ssl') {
        note(d, `${d.name} removed: TLS is not exercised`);
        return [];
      }
      if (d.name === 'listen') return [listen(d, options.listenPort, note)];
      if (d.name === 'upstream' && d.block) return [upstream(d, options, note)];
      if (d.name === 'proxy_pass') {
        const rewritten = proxyPass(d, upstreamNames, note);
        if (rewritten.args[0]?.includes(GENERATED_UPSTREAM)) generated = true;
        return [rewritten];
      }
      if (d.name.endsWith('_temp_path') && !inUpstream) {
        note(d, `${d.name} ${d.args.join(' ')} replaced by a path under /tmp (nginx runs unprivileged)`);
        return [];
      }
      if (d.name === 'server' && d.block && !d.block.some((x) => x.name === 'listen')) {
        note(d, `server without listen: it listens on ${options.listenPort} here`);
        return [{ ...d, block: oneListen(adaptHttpLevel([{ ...d, name: 'listen', args: [String(options.listenPort)], block: undefined }, ...d.block], false)) }];
      }
      if (d.block) return [{ ...d, block: oneListen(adaptHttpLevel(d.block, d.name === 'upstream')) }];
      return [d];
    });

  const httpBlock = adaptHttpLevel(http.block!, false);
  const servers = httpBlock.filter((d) => d.name === 'server' && d.block);
  if (servers.length === 0) return err(`${http.file}:${http.line}: http { } has no server { } block to send load to`);
  const first = servers[0]!;
  first.block = [readyLocation(http), ...first.block!];
  const prelude = [
    raw(options.accessLogFormat, http),
    d('access_log', [options.accessLogPath, 'badgateway'], http),
    d('keepalive_requests', ['1000000'], http),
    d('keepalive_timeout', ['300s'], http),
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => d(`${t}_temp_path`, [`/tmp/nginx-${t}`], http)),
  ];
  if (generated) prelude.push({ ...d('upstream', [GENERATED_UPSTREAM], http), block: options.backends.map((b) => d('server', [`${b.host}:${b.port}`], http)) });

  const main = config.flatMap((directive): Directive[] => {
    if (MAIN_REMOVED.has(directive.name)) {
      note(directive, `${directive.name} ${directive.args.join(' ')} removed (nginx runs unprivileged; the harness sets pid and error_log)`);
      return [];
    }
    if (directive === http) return [{ ...http, block: [...prelude, ...httpBlock] }];
    return [directive];
  });
  return ok({ directives: [d('pid', ['/tmp/nginx.pid'], http), d('error_log', [options.errorLogPath, 'warn'], http), ...main], notes });
}

/** After the move to one port, a server's listens (e.g. IPv4 and IPv6) collapse into one. */
function oneListen(block: Directive[]): Directive[] {
  const listens = block.filter((x) => x.name === 'listen');
  if (listens.length <= 1) return block;
  const merged = { ...listens[0]!, args: [...new Set(listens.flatMap((x) => x.args))] };
  return block.filter((x) => x.name !== 'listen' || x === listens[0]).map((x) => (x === listens[0] ? merged : x));
}

function d(name: string, args: string[], at: Directive): Directive {
  return { name, args, line: at.line, file: at.file };
}

/** A directive given as text ("log_format badgateway escape=json '...';"), kept as one word. */
function raw(text: string, at: Directive): Directive {
  const [name, ...rest] = text.replace(/;\s*$/, '').split(' ');
  return { name: name!, args: [rest.join(' ')], line: at.line, file: at.file };
}

function readyLocation(at: Directive): Directive {
  return { ...d('location', ['=', '/__badgateway/ready'], at), block: [d('access_log', ['off'], at), d('return', ['200', '"ready\\n"'], at)] };
}

function listen(directive: Directive, port: number, note: (d: Directive, text: string) => void): Directive {
  const kept = directive.args.slice(1).filter((a) => a === 'default_server');
  const dropped = directive.args.slice(1).filter((a) => a !== 'default_server');
  note(directive, `listen ${directive.args.join(' ')} served as listen ${[port, ...kept].join(' ')}${dropped.length ? ` (${dropped.join(', ')} dropped)` : ''}`);
  return { ...directive, args: [String(port), ...kept] };
}

function upstream(directive: Directive, options: AdaptOptions, note: (d: Directive, text: string) => void): Directive {
  const name = directive.args[0] ?? '';
  const wanted = options.upstreamMap[name];
  const members = wanted ? options.backends.filter((b) => wanted.includes(b.backend)) : options.backends;
  const servers = directive.block!.filter((x) => x.name === 'server');
  const params = servers[0]?.args.slice(1).filter((a) => !/^(resolve|service=|backup$|down$)/.test(a)) ?? [];
  note(directive, `upstream ${name}: ${servers.length} server(s) replaced by ${members.map((b) => b.host).join(', ')}${params.length ? ` with ${params.join(' ')}` : ''}`);
  const others = directive.block!.filter((x) => x.name !== 'server');
  return { ...directive, block: [...members.map((b) => d('server', [`${b.host}:${b.port}`, ...params], directive)), ...others] };
}

function proxyPass(directive: Directive, upstreams: Set<string>, note: (d: Directive, text: string) => void): Directive {
  const target = directive.args[0] ?? '';
  const match = /^(https?):\/\/([^/]+)(.*)$/.exec(target);
  if (!match || target.includes('$')) {
    if (target.includes('$')) note(directive, `proxy_pass ${target} uses variables and is left as is`);
    return directive;
  }
  const [, scheme, host, rest] = match;
  if (upstreams.has(host!)) {
    if (scheme !== 'https') return directive;
    note(directive, `proxy_pass ${target} served over plain http: TLS to the backends is not exercised`);
    return { ...directive, args: [`http://${host}${rest}`] };
  }
  note(directive, `proxy_pass ${target} sent to the harness's backends`);
  return { ...directive, args: [`http://${GENERATED_UPSTREAM}${rest}`] };
}
