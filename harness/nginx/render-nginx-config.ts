/**
 * Renders an nginx template (pure). Parameter values are merged over the template's defaults and
 * each one is checked against its declared type; the harness's own values (upstream servers, log
 * paths, names) are checked here too, so nothing unchecked reaches nginx.conf.
 */
import { err, ok, type Result } from '../result.js';
import { PATHS } from '../runtime/runtime.js';
import { ACCESS_LOG_FORMAT } from './access-log-format.js';
import { checkParam, type ParamInput } from './param-types.js';
import { parseSizeBytes } from '../scenario/units.js';
import type { NginxTemplate, ParamIssue } from './template-registry.js';

export interface UpstreamServer {
  host: string;
  port: number;
  /** a unix socket nginx connects to instead of host:port */
  socket?: string;
}

export interface RenderContext {
  scenario: string;
  variant: string;
  upstreams: UpstreamServer[];
  listenPort: number;
  accessLogPath: string;
  errorLogPath: string;
  /** proxy_pass_target variable: the host nginx resolves when proxy_pass_host is not given, and the port; the first upstream when omitted */
  variableUpstream?: UpstreamServer;
  /** the file of the run's internal CA (proxy_ssl_trusted_certificate internal-ca) */
  upstreamCaPath?: string;
}

/** The public CA bundle of Debian-based images (nginx's official image among them). */
export const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export interface RenderedConfig {
  text: string;
  /** every parameter's final value as written into the config */
  values: Record<string, string>;
}

const HOST = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const PATH = /^\/[A-Za-z0-9._/-]+$/;
const FALSY = new Set(['', '0', 'off', '0s', '0ms']);

export function renderNginxConfig(
  template: NginxTemplate,
  params: Record<string, ParamInput>,
  context: RenderContext,
): Result<RenderedConfig, ParamIssue[]> {
  const issues: ParamIssue[] = [];
  const values: Record<string, string> = {};
  for (const [key, spec] of Object.entries(template.params)) {
    const checked = checkParam(spec, params[key] ?? spec.default);
    if (checked.ok) values[key] = checked.value;
    else issues.push({ key, message: checked.error });
  }
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(template.params, key)) issues.push({ key, message: `is not a parameter of template ${template.name}` });
  }
  issues.push(...checkContext(context));
  if (issues.length > 0) return err(issues);

  const servers = context.upstreams
    .map((u) => `        server ${u.socket ? `unix:${u.socket}` : `${u.host}:${u.port}`}` + (values.max_fails !== undefined ? ` max_fails=${values.max_fails} fail_timeout=${values.fail_timeout};` : ';'))
    .join('\n');
  const substitutions: Record<string, string> = {
    ...values,
    scenario: context.scenario,
    variant: context.variant,
    upstream_servers: servers,
    listen_port: String(context.listenPort),
    access_log_path: context.accessLogPath,
    error_log_path: context.errorLogPath,
    access_log_format: ACCESS_LOG_FORMAT,
    ...moduleBuffers('proxy', values.proxy_buffer_size),
    ...moduleBuffers('fastcgi', values.fastcgi_buffer_size),
    // nginx -t refuses "burst=0": no burst is written as no burst= at all.
    limit_req_burst_clause: values.limit_req_burst !== undefined && !FALSY.has(values.limit_req_burst) ? ` burst=${values.limit_req_burst}` : '',
    ...upstreamAccess(values, context),
  };
  return ok({ text: fill(template, substitutions), values });
}

/** How the location reaches the backends: the upstream block or a variable, TLS files, the resolver's valid=. */
function upstreamAccess(values: Record<string, string>, context: RenderContext): Record<string, string> {
  const variable = context.variableUpstream ?? context.upstreams[0]!;
  const viaVariable = values.proxy_pass_target === 'variable';
  return {
    proxy_pass_upstream: viaVariable ? '' : 'on',
    proxy_pass_variable: viaVariable ? 'on' : '',
    proxy_pass_host: values.proxy_pass_host || variable.host,
    proxy_pass_port: String(variable.port),
    proxy_ssl_trusted_certificate_file: values.proxy_ssl_trusted_certificate === 'system' ? SYSTEM_CA_BUNDLE : context.upstreamCaPath ?? PATHS.upstreamCa,
    resolver_valid_clause: values.resolver_valid !== undefined && !FALSY.has(values.resolver_valid) ? ` valid=${values.resolver_valid}` : '',
  };
}

/**
 * nginx's defaults are proxy_buffers 8 4k and proxy_busy_buffers_size twice the larger of a buffer
 * and proxy_buffer_size, which must stay below the buffers minus one: a header buffer of 14k or
 * more is refused with the defaults. Buffers of the header buffer's size keep it valid (and equal
 * nginx's defaults for 4k and below). The fastcgi module has the same rule for fastcgi_*.
 */
function moduleBuffers(module: 'proxy' | 'fastcgi', bufferSize: string | undefined): Record<string, string> {
  if (bufferSize === undefined) return {};
  const bytes = Math.max(parseSizeBytes(bufferSize) ?? 4096, 4096);
  const size = bytes % 1024 === 0 ? `${bytes / 1024}k` : String(bytes);
  const busy = 2 * bytes;
  return { [`${module}_buffers`]: `8 ${size}`, [`${module}_busy_buffers_size`]: busy % 1024 === 0 ? `${busy / 1024}k` : String(busy) };
}

function checkContext(context: RenderContext): ParamIssue[] {
  const issues: ParamIssue[] = [];
  if (!NAME.test(context.scenario) || !NAME.test(context.variant)) issues.push({ key: 'name', message: 'scenario and variant names must be lowercase letters, digits and dashes' });
  if (context.upstreams.length === 0) issues.push({ key: 'upstreams', message: 'at least one upstream server is needed' });
  for (const u of [...context.upstreams, ...(context.variableUpstream ? [context.variableUpstream] : [])]) {
    if (!HOST.test(u.host) || !isPort(u.port)) issues.push({ key: 'upstreams', message: `"${u.host}:${u.port}" is not a host:port upstream address` });
    if (u.socket !== undefined && !PATH.test(u.socket)) issues.push({ key: 'upstreams', message: `"${u.socket}" is not a unix socket path` });
  }
  if (context.upstreamCaPath !== undefined && !PATH.test(context.upstreamCaPath)) issues.push({ key: 'upstream_ca_path', message: `"${context.upstreamCaPath}" is not an absolute path of plain characters` });
  if (!isPort(context.listenPort)) issues.push({ key: 'listen_port', message: `${context.listenPort} is not a port` });
  for (const path of [context.accessLogPath, context.errorLogPath]) {
    if (!PATH.test(path)) issues.push({ key: 'log_path', message: `"${path}" is not an absolute path of plain characters` });
  }
  return issues;
}

function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

function fill(template: NginxTemplate, values: Record<string, string>): string {
  const withSections = template.text.replace(/\{\{#if ([a-z_]+)\}\}\n?([\s\S]*?)\{\{\/if\}\}\n?/g, (_all, name: string, body: string) =>
    FALSY.has(lookup(template, values, name)) ? '' : body,
  );
  return withSections.replace(/\{\{([a-z_]+)\}\}/g, (_all, name: string) => lookup(template, values, name));
}

function lookup(template: NginxTemplate, values: Record<string, string>, name: string): string {
  const value = values[name];
  if (value === undefined) throw new Error(`template ${template.name} uses {{${name}}}, which is neither a declared parameter nor a harness value`);
  return value;
}
