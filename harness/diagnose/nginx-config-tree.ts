/**
 * nginx.conf as a tree of directives (pure): words (bare, "double" or 'single' quoted, with
 * backslash escapes), `;` ending a directive, `{ … }` a block, `#` a comment to the end of the
 * line. Enough to read settings back; it does not follow `include` (the caller is told).
 */

export interface Directive {
  name: string;
  args: string[];
  /** 1-based line of the directive's name */
  line: number;
  /** present for block directives (http, server, location, upstream, …) */
  block?: Directive[];
}

export interface ConfigTree {
  directives: Directive[];
  /** what could not be read, located by line */
  problems: string[];
}

interface Token {
  text: string;
  line: number;
  /** `;`, `{` or `}` as syntax, not inside quotes */
  syntax: boolean;
}

export function parseNginxConfig(text: string): ConfigTree {
  const problems: string[] = [];
  const tokens = tokenize(text, problems);
  let at = 0;
  const readBlock = (depth: number): Directive[] => {
    const directives: Directive[] = [];
    let words: Token[] = [];
    while (at < tokens.length) {
      const token = tokens[at++]!;
      if (token.syntax && token.text === '}') {
        if (depth === 0) problems.push(`line ${token.line}: "}" without a block to close`);
        else return directives;
      } else if (token.syntax && token.text === ';') {
        if (words.length > 0) directives.push(directiveOf(words));
        words = [];
      } else if (token.syntax && token.text === '{') {
        const directive = words.length > 0 ? directiveOf(words) : { name: '', args: [], line: token.line };
        directive.block = readBlock(depth + 1);
        directives.push(directive);
        words = [];
      } else {
        words.push(token);
      }
    }
    if (depth > 0) problems.push('the file ends inside a block: a "}" is missing');
    if (words.length > 0) problems.push(`line ${words[0]!.line}: "${words[0]!.text}" has no closing ";"`);
    return directives;
  };
  return { directives: readBlock(0), problems };
}

function directiveOf(words: Token[]): Directive {
  return { name: words[0]!.text, args: words.slice(1).map((w) => w.text), line: words[0]!.line };
}

function tokenize(text: string, problems: string[]): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') { line += 1; i += 1; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i += 1; continue; }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
      continue;
    }
    if (c === ';' || c === '{' || c === '}') {
      tokens.push({ text: c, line, syntax: true });
      i += 1;
      continue;
    }
    const start = line;
    let word = '';
    if (c === '"' || c === "'") {
      i += 1;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) i += 1;
        if (text[i] === '\n') line += 1;
        word += text[i];
        i += 1;
      }
      if (i >= text.length) problems.push(`line ${start}: a quoted string is not closed`);
      i += 1;
    } else {
      while (i < text.length && !/[\s;{}]/.test(text[i]!)) {
        if (text[i] === '\\' && i + 1 < text.length) i += 1;
        word += text[i];
        i += 1;
      }
    }
    tokens.push({ text: word, line: start, syntax: false });
  }
  return tokens;
}

/** Every directive in the tree with the chain of blocks it sits in (outermost first). */
export function* walk(directives: Directive[], parents: Directive[] = []): Generator<{ directive: Directive; parents: Directive[] }> {
  for (const directive of directives) {
    yield { directive, parents };
    if (directive.block) yield* walk(directive.block, [...parents, directive]);
  }
}
