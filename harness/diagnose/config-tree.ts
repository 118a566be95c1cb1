/**
 * nginx.conf as diagnose reads it (pure): the one nginx.conf parser of the project
 * (harness/nginx/user-config/nginx-conf-parser.ts), with quoted words unquoted for reading
 * values back. A config the parser rejects leaves no directives and one problem that says where;
 * diagnose then compares the logs with nginx's defaults and says so.
 */
import { parseNginxConf, type Directive } from '../nginx/user-config/nginx-conf-parser.js';

export type { Directive } from '../nginx/user-config/nginx-conf-parser.js';

export interface ConfigTree {
  directives: Directive[];
  /** what could not be read, located as file:line */
  problems: string[];
}

export function readConfigTree(text: string, file = 'nginx.conf'): ConfigTree {
  const parsed = parseNginxConf(text, file);
  if (!parsed.ok) return { directives: [], problems: [`${parsed.error}: the config could not be read, so nginx's defaults are compared`] };
  return { directives: parsed.value.map(unquoted), problems: [] };
}

/** `"a b"` → `a b`, `'x\'y'` → `x'y`; bare words as they are. */
export function unquote(word: string): string {
  const quote = word[0];
  if ((quote === '"' || quote === "'") && word.length >= 2 && word.endsWith(quote)) return word.slice(1, -1).replace(/\\(.)/g, '$1');
  return word;
}

function unquoted(d: Directive): Directive {
  return { ...d, args: d.args.map(unquote), ...(d.block ? { block: d.block.map(unquoted) } : {}) };
}

/** Every directive in the tree with the chain of blocks it sits in (outermost first). */
export function* walk(directives: Directive[], parents: Directive[] = []): Generator<{ directive: Directive; parents: Directive[] }> {
  for (const directive of directives) {
    yield { directive, parents };
    if (directive.block) yield* walk(directive.block, [...parents, directive]);
  }
}
