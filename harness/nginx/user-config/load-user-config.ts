/**
 * Reads a user's nginx config: a full nginx.conf, or a server { } or location snippet (detected
 * from what is at its top level), with its includes inlined (globs too), so the harness runs one
 * self-contained file. Includes are read from beside the config, never from this machine's /etc:
 * a relative include found beside it (or an /etc/nginx/<path> include whose <path> is beside it)
 * is inlined; any other is kept for the nginx image to resolve (its own /etc/nginx, e.g.
 * mime.types and fastcgi_params), and `nginx -t` says if the image does not have it.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { ScenarioError } from '../../errors.js';
import { parseNginxConf, type Directive } from './nginx-conf-parser.js';

export type UserConfigKind = 'full' | 'server' | 'location';

export interface UserConfig {
  file: string;
  kind: UserConfigKind;
  directives: Directive[];
  /** what reading it did with its includes, file:line each */
  notes: string[];
}

/** Where the nginx images keep their own configuration (mime.types, fastcgi_params, ...). */
export const IMAGE_CONF_DIR = '/etc/nginx';

const MAX_INCLUDE_DEPTH = 10;
/** Files nginx packages ship in /etc/nginx, which configs include by a relative name. */
const SHIPPED_WITH_NGINX = new Set(['mime.types', 'fastcgi_params', 'fastcgi.conf', 'scgi_params', 'uwsgi_params', 'koi-utf', 'koi-win', 'win-utf', 'proxy_params', 'snippets/fastcgi-php.conf', 'snippets/snakeoil.conf']);

export function loadUserConfig(file: string): UserConfig {
  const path = resolve(file);
  // What the file is, judged after its includes are inlined (a file may only include a server).
  const notes: string[] = [];
  const inlined = inlineIncludes(parseFile(path, file), dirname(path), 0, notes);
  const names = new Set(inlined.map((d) => d.name));
  const kind: UserConfigKind = names.has('http') ? 'full' : names.has('server') ? 'server' : 'location';
  // line 0: made by this wrapper, not written by the user
  const at = { line: 0, file };
  const block = (name: string, args: string[], inner: Directive[]): Directive => ({ name, args, block: inner, ...at });
  const wrapped =
    kind === 'full' ? inlined
    : kind === 'server' ? [block('events', [], []), block('http', [], inlined)]
    : [block('events', [], []), block('http', [], [block('server', [], [{ name: 'listen', args: ['80'], ...at }, block('location', ['/'], inlined)])])];
  if (!wrapped.some((d) => d.name === 'events')) wrapped.unshift(block('events', [], []));
  return { file, kind, directives: wrapped, notes };
}

function parseFile(path: string, shown: string): Directive[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError([`${shown}: cannot read the nginx config (${(error as NodeJS.ErrnoException).code ?? String(error)})`], 'Give the path of your nginx.conf, or of a server or location snippet.');
  }
  const parsed = parseNginxConf(text, shown);
  if (!parsed.ok) throw new ScenarioError([parsed.error], 'Fix the nginx config where the line says (`nginx -t` would refuse it too).');
  return parsed.value;
}

function inlineIncludes(directives: Directive[], baseDir: string, depth: number, notes: string[]): Directive[] {
  return directives.flatMap((d): Directive[] => {
    if (d.block) return [{ ...d, block: inlineIncludes(d.block, baseDir, depth, notes) }];
    if (d.name !== 'include') return [d];
    const pattern = d.args[0]?.replace(/^["']|["']$/g, '') ?? '';
    // Beside the config: a relative path, or the part of an /etc/nginx/ path below it.
    const besidePattern = isAbsolute(pattern) ? (pattern.startsWith(`${IMAGE_CONF_DIR}/`) ? pattern.slice(IMAGE_CONF_DIR.length + 1) : undefined) : pattern;
    const files = besidePattern !== undefined ? expand(join(baseDir, besidePattern)) : [];
    if (files.length === 0) {
      if (!isAbsolute(pattern) && !pattern.includes('*') && !SHIPPED_WITH_NGINX.has(pattern)) {
        throw new ScenarioError([`${d.file}:${d.line}: include ${pattern}: no such file next to the config (${join(baseDir, pattern)})`], 'Keep included files beside the config, as nginx would find them.');
      }
      const inImage = isAbsolute(pattern) ? pattern : `${IMAGE_CONF_DIR}/${pattern}`;
      notes.push(`${d.file}:${d.line}: include ${pattern}: not beside the config, so the nginx image's ${inImage} is used`);
      return [{ ...d, args: [inImage] }];
    }
    if (depth >= MAX_INCLUDE_DEPTH) throw new ScenarioError([`${d.file}:${d.line}: includes nest deeper than ${MAX_INCLUDE_DEPTH} levels`]);
    return files.flatMap((f) => inlineIncludes(parseFile(f, f), baseDir, depth + 1, notes));
  });
}

/** A path, or a path whose last part has * wildcards, as the sorted files it names. */
function expand(pattern: string): string[] {
  if (!basename(pattern).includes('*')) return existsSync(pattern) ? [pattern] : [];
  const dir = dirname(pattern);
  if (!existsSync(dir)) return [];
  const re = new RegExp(`^${basename(pattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return readdirSync(dir).filter((name) => re.test(name)).sort().map((name) => join(dir, name));
}
