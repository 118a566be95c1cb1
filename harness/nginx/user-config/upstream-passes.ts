/**
 * The directives that hand a request to an upstream (proxy_pass, fastcgi_pass, uwsgi_pass,
 * grpc_pass, scgi_pass), pointed at the harness's backends (pure): an upstream block of the config
 * keeps its name (its servers are replaced elsewhere); a literal address goes to a generated
 * upstream of every backend; TLS to the upstream is served as plain text; a target built from
 * variables is left as is, for nginx to resolve at run time, and noted.
 */
import type { Directive } from './nginx-conf-parser.js';

export const GENERATED_UPSTREAM = 'badgateway_backends';

/** The protocol each pass directive speaks to the upstream. */
export const PASS_PROTOCOL = {
  proxy_pass: 'http',
  fastcgi_pass: 'fastcgi',
  uwsgi_pass: 'uwsgi',
  grpc_pass: 'grpc',
  scgi_pass: 'scgi',
} as const;

export type PassName = keyof typeof PASS_PROTOCOL;
export type UpstreamProtocol = (typeof PASS_PROTOCOL)[PassName];

export function isPass(name: string): name is PassName {
  return Object.hasOwn(PASS_PROTOCOL, name);
}

export interface PassRewrite {
  directive: Directive;
  /** whether it now points at the generated upstream */
  generated: boolean;
  note?: string;
}

export function rewritePass(directive: Directive & { name: PassName }, upstreams: ReadonlySet<string>): PassRewrite {
  // nginx reads "http://lemmy" and http://lemmy alike
  const target = (directive.args[0] ?? '').replace(/^(["'])(.*)\1$/, '$2');
  if (target.includes('$')) return { directive, generated: false, note: `${directive.name} ${target} uses variables: nginx resolves it at run time (upstream names of the config reach the harness's backends; other names must resolve in the run's network)` };
  return directive.name === 'proxy_pass' || directive.name === 'grpc_pass' ? rewriteUrl(directive, target, upstreams) : rewriteAddress(directive, target, upstreams);
}

/** proxy_pass http(s)://host[:port][/uri], grpc_pass [grpc(s)://]host[:port] */
function rewriteUrl(directive: Directive, target: string, upstreams: ReadonlySet<string>): PassRewrite {
  const match = /^([a-z]+):\/\/([^/]+)(.*)$/.exec(target);
  // grpc_pass may name host:port without a scheme
  const [scheme, host, rest] = match ? [match[1]!, match[2]!, match[3]!] : [directive.name === 'grpc_pass' ? 'grpc' : 'http', target, ''];
  const plain = scheme === 'https' ? 'http' : scheme === 'grpcs' ? 'grpc' : scheme;
  const downgrade = plain !== scheme ? `: TLS to the backends is not exercised (${scheme} served as ${plain})` : '';
  if (upstreams.has(host)) {
    if (!downgrade) return { directive: { ...directive, args: [target, ...directive.args.slice(1)] }, generated: false };
    return { directive: { ...directive, args: [`${plain}://${host}${rest}`, ...directive.args.slice(1)] }, generated: false, note: `${directive.name} ${target}${downgrade}` };
  }
  return {
    directive: { ...directive, args: [`${plain}://${GENERATED_UPSTREAM}${rest}`, ...directive.args.slice(1)] },
    generated: true,
    note: `${directive.name} ${target} sent to the harness's backends${downgrade}`,
  };
}

/** fastcgi_pass / uwsgi_pass / scgi_pass host:port, unix:/path, or an upstream name */
function rewriteAddress(directive: Directive, target: string, upstreams: ReadonlySet<string>): PassRewrite {
  const bare = target.replace(/^(suwsgi|uwsgi):\/\//, '');
  if (upstreams.has(bare)) return { directive, generated: false };
  return { directive: { ...directive, args: [GENERATED_UPSTREAM, ...directive.args.slice(1)] }, generated: true, note: `${directive.name} ${target} sent to the harness's backends` };
}
