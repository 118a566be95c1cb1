/**
 * Which failure modes apply to a user's config (pure): a mode's backends must be able to speak
 * what the server the load goes to passes to its upstream. Over HTTP, fake backends, the user's
 * app and the HTTP app servers (Gunicorn, uvicorn, Node) do; over FastCGI (`fastcgi_pass` only),
 * fake backends (served over FastCGI) and PHP-FPM do. The others are left out and named.
 */
import { mergeBackend } from '../scenario/rules.js';
import { protocolOf } from '../scenario/backend-rules.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import { chooseLoadTarget } from '../nginx/user-config/load-target.js';
import type { UserConfig } from '../nginx/user-config/load-user-config.js';
import { upstreamProtocols } from '../nginx/user-config/adapt-user-config.js';
import type { FailureMode } from './failure-modes.js';

export interface Applicability {
  applicable: LoadedScenario[];
  /** scenario name -> why it does not apply */
  skipped: { scenario: string; reason: string }[];
}

/** What the load target passes: 'fastcgi' when FastCGI is all it passes, else 'http'. */
export function targetProtocol(config: UserConfig, hostHeader: string | undefined): 'http' | 'fastcgi' {
  const http = config.directives.find((d) => d.name === 'http' && d.block);
  const servers = http?.block?.filter((d) => d.name === 'server' && d.block) ?? [];
  const target = chooseLoadTarget(servers, hostHeader);
  const protocols = target ? upstreamProtocols(target.server) : [];
  return protocols.length > 0 && protocols.every((p) => p === 'fastcgi') ? 'fastcgi' : 'http';
}

export function applicableModes(scenarios: readonly LoadedScenario[], modes: readonly FailureMode[], protocol: 'http' | 'fastcgi'): Applicability {
  const applicable: LoadedScenario[] = [];
  const skipped: Applicability['skipped'] = [];
  for (const loaded of scenarios) {
    const mode = modes.find((m) => m.scenario === loaded.scenario.name);
    const overrides = mode?.reproduction.backends ?? {};
    const misfit = loaded.scenario.backends.map((b) => mergeBackend(b, overrides[b.name] ?? {})).find((b) => !speaks(b, protocol));
    if (!misfit) applicable.push(loaded);
    else skipped.push({ scenario: loaded.scenario.name, reason: `its backend ${misfit.name} (${misfit.server ? `server ${misfit.server.kind}` : 'your app'}) does not speak ${protocol === 'fastcgi' ? 'FastCGI' : 'HTTP'}, which your config passes` });
  }
  return { applicable, skipped };
}

function speaks(backend: Parameters<typeof protocolOf>[0] & { behavior?: unknown }, protocol: 'http' | 'fastcgi'): boolean {
  if (backend.behavior) return true;
  return protocolOf(backend) === protocol;
}

/** proxy_* settings that the fastcgi module has under its own name */
const FASTCGI_TWINS = /\bproxy_(connect_timeout|send_timeout|read_timeout|next_upstream_tries|next_upstream_timeout|next_upstream|buffer_size|buffers|buffering|request_buffering|busy_buffers_size|max_temp_file_size|intercept_errors|ignore_client_abort)\b/g;

/** The catalog's nginx fixes in the terms of a config that passes FastCGI: fastcgi_read_timeout for proxy_read_timeout, fastcgi_keep_conn for HTTP/1.1 keepalive. */
export function inProtocolTerms(mode: FailureMode, protocol: 'http' | 'fastcgi'): FailureMode {
  if (protocol === 'http') return mode;
  const translate = (change: string) => change
    .replace('with proxy_http_version 1.1 and proxy_set_header Connection ""', 'with fastcgi_keep_conn on')
    .replace(FASTCGI_TWINS, 'fastcgi_$1');
  return { ...mode, nginxFixes: mode.nginxFixes.map((fix) => ({ ...fix, changes: fix.changes.map(translate) })) };
}
