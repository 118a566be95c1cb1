/**
 * Which Docker Engine to talk to, decided once, the way the docker CLI decides it: DOCKER_HOST
 * (non-empty) > DOCKER_CONTEXT > `currentContext` in $DOCKER_CONFIG/config.json > the default
 * socket. A context's endpoint and TLS material are read from the CLI's context store
 * ($DOCKER_CONFIG/contexts/{meta,tls}/<sha256 of the name>/). dockerode and the docker CLI the
 * setup scripts run are both given this one answer (see docker-client.ts). Pure: the files
 * are read through the `read` function passed in.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { err, ok, type Result } from '../result.js';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

export interface DockerEndpoint {
  /** unix:///path or tcp://host:port, as DOCKER_HOST spells it */
  host: string;
  /** where the answer came from, for messages: "DOCKER_HOST", 'Docker context "colima"', "the default socket" */
  source: string;
  /** a folder with ca.pem, cert.pem and key.pem: TLS to a tcp:// engine */
  tlsDir?: string;
}

export interface EndpointInputs {
  env: Record<string, string | undefined>;
  homeDir: string;
  /** a file's text, or undefined when it does not exist */
  read: (file: string) => string | undefined;
}

interface ContextMeta {
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

export function resolveDockerEndpoint({ env, homeDir, read }: EndpointInputs): Result<DockerEndpoint> {
  const configDir = env.DOCKER_CONFIG || join(homeDir, '.docker');
  if (env.DOCKER_HOST) {
    // As the docker CLI: any non-empty DOCKER_TLS_VERIFY turns verified TLS on.
    const tls = Boolean(env.DOCKER_TLS_VERIFY);
    if (!tls && env.DOCKER_TLS) return err('DOCKER_TLS asks for TLS without verifying the engine, which badgateway does not do; set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem');
    return checked({ host: env.DOCKER_HOST, source: 'DOCKER_HOST', ...(tls ? { tlsDir: env.DOCKER_CERT_PATH || configDir } : {}) });
  }
  const fromEnv = env.DOCKER_CONTEXT;
  const name = fromEnv ? ok(fromEnv) : currentContext(read, configDir);
  if (!name.ok) return name;
  if (!name.value || name.value === 'default') return ok({ host: DEFAULT_DOCKER_HOST, source: 'the default socket' });

  const source = `Docker context "${name.value}" (${fromEnv ? 'DOCKER_CONTEXT' : join(configDir, 'config.json')})`;
  const id = createHash('sha256').update(name.value).digest('hex');
  const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
  const text = read(metaFile);
  if (text === undefined) return err(`${source} does not exist: ${metaFile} is missing; \`docker context ls\` lists the contexts there are`);
  let meta: ContextMeta;
  try {
    meta = JSON.parse(text) as ContextMeta;
  } catch (error) {
    return err(`${metaFile} (${source}) is not valid JSON: ${(error as Error).message}`);
  }
  const docker = meta.Endpoints?.docker;
  if (!docker?.Host) return err(`${source} has no Docker endpoint (Endpoints.docker.Host in ${metaFile})`);
  if (docker.SkipTLSVerify) return err(`${source} skips TLS verification, which badgateway does not do; give the context the engine's CA (docker context update --docker "host=...,ca=...")`);
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const hasTls = read(join(tlsDir, 'ca.pem')) !== undefined || read(join(tlsDir, 'cert.pem')) !== undefined;
  return checked({ host: docker.Host, source, ...(hasTls ? { tlsDir } : {}) });
}

function currentContext(read: EndpointInputs['read'], configDir: string): Result<string> {
  const file = join(configDir, 'config.json');
  const text = read(file);
  if (text === undefined) return ok('');
  try {
    const parsed = JSON.parse(text) as { currentContext?: unknown };
    return ok(typeof parsed.currentContext === 'string' ? parsed.currentContext : '');
  } catch (error) {
    return err(`${file} is not valid JSON (${(error as Error).message}); fix it or point DOCKER_CONFIG elsewhere`);
  }
}

/** Only endpoints both clients reach the same way: a unix socket, or TCP (with or without TLS). */
function checked(endpoint: DockerEndpoint): Result<DockerEndpoint> {
  const { host, source } = endpoint;
  if (/^unix:\/\/\/./.test(host)) return ok(endpoint);
  const tcp = /^tcp:\/\/([^/:]+|\[[0-9a-fA-F:]+\]):(\d+)\/?$/.exec(host);
  if (tcp && tcp[2] === '2376' && !endpoint.tlsDir) {
    // dockerode alone would switch to TLS on this port and the docker CLI would not: say it once.
    return err(`${source}: ${host} is Docker's TLS port but no TLS is configured; set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (or give the context its TLS files)`);
  }
  if (tcp) return ok(endpoint);
  if (host.startsWith('ssh://')) {
    return err(`${source}: ${host} is an ssh:// engine, which badgateway does not reach; forward its socket instead (ssh -NL /tmp/docker.sock:/var/run/docker.sock HOST) and set DOCKER_HOST=unix:///tmp/docker.sock`);
  }
  return err(`${source}: "${host}" is not unix:///path/to/docker.sock or tcp://host:port`);
}

/** dockerode's constructor options for an endpoint; `read` gives the TLS files' contents. */
export interface DockerodeOptions {
  socketPath?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  ca?: string;
  cert?: string;
  key?: string;
}

export function dockerodeOptions(endpoint: DockerEndpoint, read: (file: string) => string | undefined): Result<DockerodeOptions> {
  if (endpoint.host.startsWith('unix://')) return ok({ socketPath: endpoint.host.slice('unix://'.length) });
  const url = new URL(endpoint.host.replace(/^tcp:/, 'http:'));
  const base = { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) };
  if (!endpoint.tlsDir) return ok({ ...base, protocol: 'http' });
  const files = { ca: join(endpoint.tlsDir, 'ca.pem'), cert: join(endpoint.tlsDir, 'cert.pem'), key: join(endpoint.tlsDir, 'key.pem') };
  const [ca, cert, key] = [read(files.ca), read(files.cert), read(files.key)];
  if (ca === undefined || cert === undefined || key === undefined) {
    const missing = Object.entries(files).filter(([k]) => ({ ca, cert, key })[k as 'ca'] === undefined).map(([, f]) => f);
    return err(`${endpoint.source}: TLS to ${endpoint.host} needs ca.pem, cert.pem and key.pem; missing: ${missing.join(', ')}`);
  }
  return ok({ ...base, protocol: 'https', ca, cert, key });
}

/**
 * The environment the docker CLI reads (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH): the
 * same endpoint, for the setup scripts and for other Docker clients in the same process.
 */
export function dockerCliEnv(endpoint: DockerEndpoint): Record<string, string | undefined> {
  return {
    DOCKER_HOST: endpoint.host,
    DOCKER_TLS_VERIFY: endpoint.tlsDir ? '1' : undefined,
    DOCKER_CERT_PATH: endpoint.tlsDir,
  };
}
