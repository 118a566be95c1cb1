/**
 * The grammar of `--sweep` (pure): `[CONTEXT: ]NAME=VALUES`. NAME is a template parameter, or
 * with --nginx-config a directive of the user's config (or a parameter of its upstream `server`
 * lines: max_fails, fail_timeout). CONTEXT says where in the config the directive stands:
 *
 *   http                      the http block
 *   server [NAME]             the server the load goes to, or the one whose server_name is NAME
 *   location [MOD] MATCH      the location written so: `location /api/`, `location ~ ^/api/\d+/`
 *   upstream NAME             an upstream block
 *   FILE:LINE                 the block that starts there (nginx.conf:42)
 *
 * Without a context the directive is swept where it stands when the config sets it once.
 */
import { err, ok, type Result } from '../result.js';

export type ContextSelector =
  | { level: 'http' }
  | { level: 'server'; name?: string }
  | { level: 'location'; match: string[] }
  | { level: 'upstream'; name: string }
  | { level: 'at'; file: string; line: number };

export interface SweepSpec {
  /** as the user wrote it, for messages */
  text: string;
  context?: ContextSelector;
  name: string;
  /** the values part, parsed by sweepValues against the parameter's type */
  values: string;
}

const SWEEP = /^\s*(?:(.+?):\s+)?([a-z][a-z0-9_]*)=(.*)$/s;
const LOCATION_MODIFIERS = new Set(['=', '^~', '~', '~*']);

export const CONTEXT_FORMS = 'http, server [name], location [= | ^~ | ~ | ~*] match, upstream name, or file:line';

export function parseSweepSpec(text: string): Result<SweepSpec> {
  const match = SWEEP.exec(text);
  if (!match || match[3]!.trim() === '') {
    return err(`--sweep ${text}: write NAME=VALUES, optionally after a context and ": " (e.g. proxy_read_timeout=500ms,1s,2s or 'location /api/: proxy_read_timeout=1s,5s')`);
  }
  const spec: SweepSpec = { text, name: match[2]!, values: match[3]!.trim() };
  if (match[1] === undefined) return ok(spec);
  const context = parseContext(match[1].trim());
  if (!context.ok) return err(`--sweep ${text}: ${context.error}`);
  return ok({ ...spec, context: context.value });
}

export function parseContext(text: string): Result<ContextSelector> {
  const words = text.split(/\s+/).filter(Boolean);
  const [head, ...rest] = words;
  if (head === 'http' && rest.length === 0) return ok({ level: 'http' });
  if (head === 'server' && rest.length <= 1) return ok(rest[0] === undefined ? { level: 'server' } : { level: 'server', name: rest[0] });
  if (head === 'upstream' && rest.length === 1) return ok({ level: 'upstream', name: rest[0]! });
  if (head === 'location' && rest.length >= 1) {
    if (LOCATION_MODIFIERS.has(rest[0]!) && rest.length === 1) return err(`"${text}": a location modifier needs a match after it (e.g. location = /health)`);
    if (rest.length > (LOCATION_MODIFIERS.has(rest[0]!) ? 2 : 1)) return err(`"${text}": a location is a match, optionally after = ^~ ~ or ~* (e.g. location ^~ /static/)`);
    return ok({ level: 'location', match: rest });
  }
  const at = /^(\S+):(\d+)$/.exec(text);
  if (at && Number(at[2]) > 0) return ok({ level: 'at', file: at[1]!, line: Number(at[2]) });
  return err(`"${text}" is not a context; write ${CONTEXT_FORMS}`);
}

/** The context as the user would write it again. */
export function describeSelector(selector: ContextSelector): string {
  switch (selector.level) {
    case 'http': return 'http';
    case 'server': return selector.name === undefined ? 'server' : `server ${selector.name}`;
    case 'location': return `location ${selector.match.join(' ')}`;
    case 'upstream': return `upstream ${selector.name}`;
    case 'at': return `${selector.file}:${selector.line}`;
  }
}
