/**
 * Parses nginx configuration text into directives and blocks, keeping the line of each, so a
 * user's config can be adapted to the harness and errors can say file:line (pure). The body of a
 * `*_by_lua_block` (OpenResty, the lua module) is Lua, not nginx syntax: it is kept verbatim.
 */
import { err, ok, type Result } from '../../result.js';

export interface Directive {
  name: string;
  args: string[];
  /** present for block directives (http, server, location, upstream, ...) */
  block?: Directive[];
  /** a `*_lua_block`'s body, verbatim, without its outer braces */
  raw?: string;
  line: number;
  file: string;
}

interface Token {
  text: string;
  /** quoted words keep their quotes in text so that the writer reproduces them; raw: a Lua body */
  kind: 'word' | '{' | '}' | ';' | 'raw';
  line: number;
}

/** Directives whose block is Lua code (lua-nginx-module): set_by_lua_block, content_by_lua_block, ... */
const LUA_BLOCK = /_lua_block$/;

export function parseNginxConf(text: string, file: string): Result<Directive[], string> {
  const tokens = tokenize(text, file);
  if (!tokens.ok) return tokens;
  let position = 0;
  const parseBlock = (depth: number, openedAt = 0): Result<Directive[], string> => {
    const directives: Directive[] = [];
    while (position < tokens.value.length) {
      const token = tokens.value[position]!;
      if (token.kind === '}') {
        if (depth === 0) return err(`${file}:${token.line}: unexpected "}"`);
        position++;
        return ok(directives);
      }
      if (token.kind !== 'word') return err(`${file}:${token.line}: unexpected "${token.text}"`);
      const args: string[] = [];
      position++;
      while (position < tokens.value.length && tokens.value[position]!.kind === 'word') args.push(tokens.value[position++]!.text);
      const end = tokens.value[position];
      if (!end) return err(`${file}:${token.line}: "${token.text}" is not terminated by ";" or a block`);
      position++;
      if (end.kind === ';') directives.push({ name: token.text, args, line: token.line, file });
      else if (end.kind === 'raw') directives.push({ name: token.text, args, raw: end.text, line: token.line, file });
      else if (end.kind === '{') {
        const block = parseBlock(depth + 1, token.line);
        if (!block.ok) return block;
        directives.push({ name: token.text, args, block: block.value, line: token.line, file });
      } else return err(`${file}:${end.line}: unexpected "}" after "${token.text}"`);
    }
    return depth === 0 ? ok(directives) : err(`${file}:${openedAt}: this block is not closed ("}" missing)`);
  };
  return parseBlock(0);
}

function tokenize(text: string, file: string): Result<Token[], string> {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') { line++; i++; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '{' && LUA_BLOCK.test(lastDirectiveName(tokens))) {
      const body = luaBody(text, i + 1);
      if (body === undefined) return err(`${file}:${line}: this Lua block is not closed ("}" missing)`);
      tokens.push({ text: text.slice(i + 1, body), kind: 'raw', line });
      line += (text.slice(i, body + 1).match(/\n/g) ?? []).length;
      i = body + 1;
      continue;
    }
    if (c === '{' || c === '}' || c === ';') { tokens.push({ text: c, kind: c, line }); i++; continue; }
    const start = i;
    const startLine = line;
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n') line++;
        i++;
      }
      if (i >= text.length) return err(`${file}:${startLine}: unterminated quoted string`);
      i++;
    } else {
      // A word runs to whitespace, ";", "{" or "}"; the braces of "${var}" stay inside the word.
      while (i < text.length) {
        if (text[i] === '$' && text[i + 1] === '{') {
          const close = text.indexOf('}', i);
          i = close < 0 ? text.length : close + 1;
          continue;
        }
        if (/[\s;{}]/.test(text[i]!)) break;
        i++;
      }
    }
    tokens.push({ text: text.slice(start, i), kind: 'word', line: startLine });
  }
  return ok(tokens);
}

/** The name of the directive being read: the first word after the last ";", "{" or "}". */
function lastDirectiveName(tokens: readonly Token[]): string {
  let i = tokens.length - 1;
  while (i >= 0 && tokens[i]!.kind === 'word') i--;
  return tokens[i + 1]?.text ?? '';
}

/**
 * Where the Lua body that starts at `from` (just after its "{") ends: the index of the matching
 * "}", skipping Lua strings ('', "", [[ ]], [==[ ]==]) and comments (--, --[[ ]]); undefined when
 * it never closes.
 */
function luaBody(text: string, from: number): number | undefined {
  let depth = 1;
  let i = from;
  const longBracket = (at: number): number | undefined => {
    const m = /^\[(=*)\[/.exec(text.slice(at, at + 64));
    if (!m) return undefined;
    const close = text.indexOf(`]${m[1]}]`, at + m[0].length);
    return close < 0 ? text.length : close + m[1]!.length + 2;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      const end = longBracket(i + 2);
      if (end !== undefined) { i = end; continue; }
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '[') {
      const end = longBracket(i);
      if (end !== undefined) { i = end; continue; }
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '{') depth++;
    if (c === '}' && --depth === 0) return i;
    i++;
  }
  return undefined;
}

/** Renders directives back to nginx configuration text (pure). */
export function writeNginxConf(directives: readonly Directive[], indent = ''): string {
  return directives
    .map((d) => {
      const head = [d.name, ...d.args].join(' ');
      if (d.raw !== undefined) return `${indent}${head} {${d.raw}}\n`;
      if (!d.block) return `${indent}${head};\n`;
      return `${indent}${head} {\n${writeNginxConf(d.block, `${indent}    `)}${indent}}\n`;
    })
    .join('');
}
