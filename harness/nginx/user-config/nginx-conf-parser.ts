/**
 * Parses nginx configuration text into directives and blocks, keeping the line of each, so a
 * user's config can be adapted to the harness and errors can say file:line (pure).
 */
import { err, ok, type Result } from '../../result.js';

export interface Directive {
  name: string;
  args: string[];
  /** present for block directives (http, server, location, upstream, ...) */
  block?: Directive[];
  line: number;
  file: string;
}

interface Token {
  text: string;
  /** quoted words keep their quotes in text so that the writer reproduces them */
  kind: 'word' | '{' | '}' | ';';
  line: number;
}

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

/** Renders directives back to nginx configuration text (pure). */
export function writeNginxConf(directives: readonly Directive[], indent = ''): string {
  return directives
    .map((d) => {
      const head = [d.name, ...d.args].join(' ');
      if (!d.block) return `${indent}${head};\n`;
      return `${indent}${head} {\n${writeNginxConf(d.block, `${indent}    `)}${indent}}\n`;
    })
    .join('');
}
