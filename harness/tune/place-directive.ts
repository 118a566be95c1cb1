/**
 * Where a swept directive stands in a user's config, and the config with one value set there
 * (pure). The block is found from the sweep's context (http, a server, a location, an upstream,
 * or file:line), or, without one, where the config sets the directive (when it sets it once).
 * A directive the block already has gets the new value; one it lacks is added at its top. An
 * upstream `server` parameter (max_fails, fail_timeout) is set on every `server` line of the
 * upstream. Each placement says where it edits, so the recommendation can be shown as a diff.
 */
import { err, ok, type Result } from '../result.js';
import { chooseLoadTarget, serverNames, nameMatches } from '../nginx/user-config/load-target.js';
import type { Directive } from '../nginx/user-config/nginx-conf-parser.js';
import { describeSelector, CONTEXT_FORMS, type ContextSelector } from './sweep-spec.js';
import type { DirectiveType, Level } from './directive-types.js';

export interface Placement {
  /** the block the directive is set in */
  block: Directive;
  level: Level;
  /** as the user would write the context: "location /api/", "upstream app" */
  context: string;
  /** the directive as the block has it now (undefined: it is added) */
  existing?: Directive;
  /** for a server parameter: the upstream's server lines */
  serverLines?: Directive[];
  /** the same directive set deeper inside the block, which overrides it there (file:line each) */
  overriddenAt: string[];
}

const LEVELS = new Set<string>(['http', 'server', 'location', 'upstream']);

export function placeDirective(config: readonly Directive[], name: string, type: DirectiveType, selector: ContextSelector | undefined, hostHeader?: string): Result<Placement> {
  const http = config.find((d) => d.name === 'http' && d.block);
  if (!http) return err('the config has no http { } block');
  const found = selector ? findBlock(http, selector, hostHeader) : implicitBlock(http, name, type);
  if (!found.ok) return found;
  const { block, level } = found.value;
  const context = selector ? describeSelector(selector) : describeBlock(block);
  if (!type.levels.includes(level)) {
    return err(`${name} cannot stand in ${context} (${at(block)}); nginx takes it in ${type.levels.join(', ')}`);
  }
  if (type.serverParameter) {
    const serverLines = block.block!.filter((d) => d.name === 'server');
    if (serverLines.length === 0) return err(`${context} (${at(block)}) has no server line to set ${name}= on`);
    const existing = serverLines.find((d) => d.args.some((a) => a.startsWith(`${name}=`)));
    return ok({ block, level, context, serverLines, overriddenAt: [], ...(existing ? { existing } : {}) });
  }
  const existing = block.block!.find((d) => d.name === name);
  const overriddenAt = descendants(block).filter((d) => d.name === name && d !== existing).map(at);
  return ok({ block, level, context, overriddenAt, ...(existing ? { existing } : {}) });
}

/**
 * The config with the value set where the placement says (the input is not changed). Directives
 * are matched by where they stand (file, line, name, arguments), so a config that an earlier
 * sweep already changed still matches.
 */
export function setDirective(config: readonly Directive[], placement: Placement, name: string, value: string, type: DirectiveType): Directive[] {
  const same = (a: Directive, b: Directive | undefined) => b !== undefined && a.line === b.line && a.file === b.file && a.name === b.name && a.args.join(' ') === b.args.join(' ');
  const edit = (block: Directive[]): Directive[] => {
    if (type.serverParameter) {
      return block.map((d) => (placement.serverLines!.some((s) => same(d, s)) ? { ...d, args: withParameter(d.args, name, value) } : d));
    }
    if (placement.existing) return block.map((d) => (same(d, placement.existing) ? { ...d, args: [value] } : d));
    return [{ name, args: [value], line: placement.block.line, file: placement.block.file }, ...block];
  };
  const walk = (list: readonly Directive[]): Directive[] =>
    list.map((d) => (d.block && same(d, placement.block) ? { ...d, block: edit(d.block) } : d.block ? { ...d, block: walk(d.block) } : d));
  return walk(config);
}

/** "max_fails=3" set (or replaced) among a server line's arguments. */
export function withParameter(args: readonly string[], name: string, value: string): string[] {
  const has = args.some((a) => a.startsWith(`${name}=`));
  return has ? args.map((a) => (a.startsWith(`${name}=`) ? `${name}=${value}` : a)) : [...args, `${name}=${value}`];
}

function findBlock(http: Directive, selector: ContextSelector, hostHeader: string | undefined): Result<{ block: Directive; level: Level }> {
  const servers = http.block!.filter((d) => d.name === 'server' && d.block);
  switch (selector.level) {
    case 'http':
      return ok({ block: http, level: 'http' });
    case 'server': {
      const server = selector.name === undefined ? chooseLoadTarget(servers, hostHeader)?.server : servers.find((s) => serverNames(s).some((n) => nameMatches(n, selector.name!)));
      return server ? ok({ block: server, level: 'server' }) : err(`no server ${selector.name ?? ''} in the config (its server_names: ${servers.flatMap(serverNames).join(', ') || 'none'})`);
    }
    case 'upstream': {
      const upstream = http.block!.find((d) => d.name === 'upstream' && d.block && d.args[0] === selector.name);
      const names = http.block!.filter((d) => d.name === 'upstream').map((d) => d.args[0]);
      return upstream ? ok({ block: upstream, level: 'upstream' }) : err(`no upstream ${selector.name} in the config (its upstreams: ${names.join(', ') || 'none'})`);
    }
    case 'location': {
      const wanted = selector.match.join(' ');
      const matches = servers.flatMap((s) => descendants(s).filter((d) => d.name === 'location' && d.block && d.args.join(' ') === wanted).map((d) => ({ server: s, location: d })));
      if (matches.length === 0) return err(`no location ${wanted} in the config (its locations: ${[...new Set(servers.flatMap((s) => descendants(s).filter((d) => d.name === 'location').map((d) => d.args.join(' '))))].join(', ') || 'none'})`);
      const target = chooseLoadTarget(servers, hostHeader)?.server;
      const inTarget = matches.filter((m) => m.server === target);
      const chosen = inTarget.length === 1 ? inTarget : matches;
      if (chosen.length > 1) return err(`location ${wanted} stands in ${chosen.length} places (${chosen.map((m) => at(m.location)).join(', ')}); name one as FILE:LINE`);
      return ok({ block: chosen[0]!.location, level: 'location' });
    }
    case 'at': {
      const all = [http, ...descendants(http)];
      const block = all.find((d) => d.block && d.line === selector.line && (d.file === selector.file || d.file.endsWith(`/${selector.file}`)));
      if (!block) return err(`no block starts at ${selector.file}:${selector.line}; give the line of an http, server, location or upstream block (${CONTEXT_FORMS})`);
      if (!LEVELS.has(block.name)) return err(`${selector.file}:${selector.line} is a ${block.name} block; tune sets directives in http, server, location or upstream blocks`);
      return ok({ block, level: block.name as Level });
    }
  }
}

/** Without a context: where the config sets it, when it sets it once; else the only upstream, or http. */
function implicitBlock(http: Directive, name: string, type: DirectiveType): Result<{ block: Directive; level: Level }> {
  const owners: { block: Directive; level: Level }[] = [];
  const walk = (block: Directive) => {
    for (const d of block.block!) {
      const sets = type.serverParameter ? block.name === 'upstream' && d.name === 'server' && d.args.some((a) => a.startsWith(`${name}=`)) : d.name === name;
      if (sets && LEVELS.has(block.name) && !owners.some((o) => o.block === block)) owners.push({ block, level: block.name as Level });
      if (d.block) walk(d);
    }
  };
  walk(http);
  if (owners.length === 1) return ok(owners[0]!);
  if (owners.length > 1) return err(`${name} is set in ${owners.length} places (${owners.map((o) => `${describeBlock(o.block)} at ${at(o.block)}`).join('; ')}); say which with a context, e.g. '${describeBlock(owners[0]!.block)}: ${name}=...'`);
  if (type.levels.includes('upstream') && !type.levels.includes('http')) {
    const upstreams = http.block!.filter((d) => d.name === 'upstream' && d.block);
    if (upstreams.length === 1) return ok({ block: upstreams[0]!, level: 'upstream' });
    return err(`${name} stands in an upstream block and the config has ${upstreams.length}; say which: 'upstream NAME: ${name}=...'`);
  }
  return ok({ block: http, level: 'http' });
}

function describeBlock(block: Directive): string {
  if (block.name === 'server') return serverNames(block)[0] ? `server ${serverNames(block)[0]}` : 'server';
  return [block.name, ...block.args].join(' ');
}

function descendants(block: Directive): Directive[] {
  return (block.block ?? []).flatMap((d) => [d, ...descendants(d)]);
}

function at(d: Directive): string {
  return `${d.file}:${d.line}`;
}
