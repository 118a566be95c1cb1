/**
 * YAML with positions: the plain data of a document plus a way back from a data path
 * (["variants", 1, "expect", "status", "504"]) to the line and column the user wrote it at.
 * Syntax errors and duplicate keys come back as located problems, never as exceptions.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';

export type PathSegment = string | number;

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

export interface YamlProblem {
  position: Position;
  /** where in the data the problem is, as far as it can be told (empty for the document) */
  path: PathSegment[];
  message: string;
}

export interface PositionedYaml {
  /** the document as plain data; null for an empty file */
  data: unknown;
  /** true when the file holds nothing but whitespace and comments */
  empty: boolean;
  /** syntax errors and duplicate keys; the data is not to be trusted when there are any */
  problems: YamlProblem[];
  /**
   * Where the node at path was written. With target 'key' the last segment is a map key and the
   * position is the key's. A path that leads nowhere (a missing field) gives its nearest parent.
   */
  locate(path: readonly PathSegment[], target?: 'value' | 'key'): Position;
}

interface Ranged {
  range?: readonly [number, number, number] | null;
}

const START: Position = { line: 1, column: 1 };

export function parseYamlWithPositions(text: string): PositionedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(line, 1), column: Math.max(col, 1) };
  };
  const problems = firstPerLine(doc.errors.map((error) => describeError(error, doc, at)));
  let data: unknown = null;
  if (problems.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      problems.push({ position: START, path: [], message: `cannot be read as data: ${error instanceof Error ? error.message : String(error)}; remove the aliases (*name) that refer to each other` });
    }
  }
  return {
    data,
    empty: doc.contents === null,
    problems,
    locate: (path, target = 'value') => locateNode(doc, path, target, at),
  };
}

function positionOf(node: unknown, at: (offset: number) => Position): Position | undefined {
  const range = (node as Ranged | null)?.range;
  return range ? at(range[0]) : undefined;
}

/** An empty value (`load:` with nothing after it) has no text of its own to point at. */
function isEmptyValue(node: unknown): boolean {
  if (node === null || node === undefined) return true;
  const range = (node as Ranged).range;
  return isScalar(node) && node.value === null && (!range || range[0] === range[1]);
}

function keyMatches(key: unknown, segment: PathSegment): boolean {
  return isScalar(key) && String(key.value) === String(segment);
}

function locateNode(doc: Document, path: readonly PathSegment[], target: 'value' | 'key', at: (offset: number) => Position): Position {
  let node: unknown = doc.contents;
  let best = positionOf(node, at) ?? START;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => keyMatches(item.key, segment));
      if (!pair) return best;
      const keyPosition = positionOf(pair.key, at) ?? best;
      if (last && target === 'key') return keyPosition;
      node = pair.value;
      best = isEmptyValue(node) ? keyPosition : (positionOf(node, at) ?? keyPosition);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return best;
      node = item;
      best = isEmptyValue(node) ? best : (positionOf(node, at) ?? best);
    } else {
      return best;
    }
  }
  return best;
}

/** The data path of the innermost key or value that covers offset. */
export function pathAtOffset(doc: Document, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  const covers = (node: unknown): boolean => {
    const range = (node as Ranged | null)?.range;
    return !!range && range[0] <= offset && offset < Math.max(range[2], range[0] + 1);
  };
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((item) => covers(item.key) || covers(item.value));
      if (!pair || !isScalar(pair.key)) return path;
      path.push(String(pair.key.value));
      if (covers(pair.key)) return path;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => covers(item));
      if (index < 0) return path;
      path.push(index);
      node = node.items[index];
    } else {
      return path;
    }
  }
}

const HINTS: Partial<Record<YAMLError['code'], string>> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MISSING_CHAR: 'close every quote, bracket and brace you open',
  DUPLICATE_KEY: 'each key may appear only once in a map; remove or rename one',
};
/** yaml's own words, where they speak of its API rather than of the file. */
const WHAT: Partial<Record<YAMLError['code'], string>> = {
  MULTIPLE_DOCS: 'the file holds more than one document; keep one scenario per file, without a second ---',
};
const GENERIC_HINT = 'check the indentation, colons, quotes and brackets here and on the lines above';

function describeError(error: YAMLError, doc: Document, at: (offset: number) => Position): YamlProblem {
  const position = at(error.pos[0]);
  if (error.code === 'DUPLICATE_KEY') return { position, path: pathAtOffset(doc, error.pos[0]), message: `duplicate key; ${HINTS.DUPLICATE_KEY!}` };
  const what = error.message.split('\n')[0]!.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase());
  const message = WHAT[error.code] ?? `${what}; ${HINTS[error.code] ?? GENERIC_HINT}`;
  return { position, path: [], message: `not valid YAML: ${message}` };
}

/** yaml reports one mistake as several errors in a row; the first on each line is the one to read. */
function firstPerLine(problems: YamlProblem[]): YamlProblem[] {
  const lines = new Set<number>();
  return problems.filter((p) => !lines.has(p.position.line) && lines.add(p.position.line));
}
