/**
 * Reads a user's nginx config: a full nginx.conf, or a server { } or location snippet (detected
 * from what is at its top level), with its includes inlined (globs too), so the harness runs one
 * self-contained file. An include with an absolute path that is not on this machine (e.g.
 * /etc/nginx/mime.types) is kept: the nginx image has it, and `nginx -t` says if not.
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
}

const MAX_INCLUDE_DEPTH = 10;

export function loadUserConfig(file: string): UserConfig {
  const path = resolve(file);
  // What the file is, judged after its includes are inlined (a file may only include a server).
  const inlined = inlineIncludes(parseFile(path, file), dirname(path), 0);
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
  return { file, kind, directives: wrapped };
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

function inlineIncludes(directives: Directive[], baseDir: string, depth: number): Directive[] {
  return directives.flatMap((d): Directive[] => {
    if (d.block) return [{ ...d, block: inlineIncludes(d.block, baseDir, depth) }];
    if (d.name !== 'include') return [d];
    const pattern = d.args[0]?.replace(/^["']|["']$/g, '') ?? '';
    const files = expand(isAbsolute(pattern) ? pattern : join(baseDir, pattern));
    if (files.length === 0) {
      if (isAbsolute(pattern) || pattern.includes('*')) return isAbsolute(pattern) ? [d] : [];
      throw new ScenarioError([`${d.file}:${d.line}: include ${pattern}: no such file next to the config (${join(baseDir, pattern)})`], 'Keep included files beside the config, as nginx would find them.');
    }
    if (depth >= MAX_INCLUDE_DEPTH) throw new ScenarioError([`${d.file}:${d.line}: includes nest deeper than ${MAX_INCLUDE_DEPTH} levels`]);
    return files.flatMap((f) => inlineIncludes(parseFile(f, f), baseDir, depth + 1));
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
