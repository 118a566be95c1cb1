/**
 * A recommended value as a change to the user's own files (pure): the line edits a placement
 * needs (a directive's value replaced, a `server` line's parameter set, or a directive added at
 * the top of its block), applied to the file's text, and shown as a unified diff (`patch -p0`
 * applies it). Only the changed lines differ: comments, spacing and the rest stay as written.
 */
import { err, ok, type Result } from '../result.js';
import type { Placement } from './place-directive.js';

export interface LineEdit {
  file: string;
  /** 1-based; for an insert, the line of the block the directive is added to (0: the file's top) */
  line: number;
  kind: 'replace' | 'parameter' | 'insert';
  name: string;
  value: string;
}

export function editsFor(placement: Placement, name: string, value: string): LineEdit[] {
  if (placement.serverLines) {
    return placement.serverLines.filter((d) => d.line > 0).map((d) => ({ file: d.file, line: d.line, kind: 'parameter', name, value }));
  }
  const target = placement.existing ?? placement.block;
  return [{ file: target.file, line: target.line, kind: placement.existing ? 'replace' : 'insert', name, value }];
}

/** The file's text with the edits of that file applied. */
export function applyEdits(text: string, edits: readonly LineEdit[]): Result<string> {
  const lines = text.split('\n');
  // Inserts shift the lines below them: apply from the bottom up.
  const ordered = [...edits].sort((a, b) => b.line - a.line || (a.kind === 'insert' ? 1 : -1));
  for (const edit of ordered) {
    const index = edit.line - 1;
    if (edit.kind === 'insert') {
      const applied = insertAfterBrace(lines, index, edit);
      if (!applied.ok) return applied;
      continue;
    }
    const line = lines[index];
    if (line === undefined) return err(`${edit.file}:${edit.line}: no such line`);
    const changed = edit.kind === 'replace' ? replaceValue(line, edit.name, edit.value) : setParameter(line, edit.name, edit.value);
    if (changed === undefined) return err(`${edit.file}:${edit.line}: "${edit.name}" is not written on one line there; set ${edit.name} ${edit.value} by hand`);
    lines[index] = changed;
  }
  return ok(lines.join('\n'));
}

function replaceValue(line: string, name: string, value: string): string | undefined {
  const re = new RegExp(`(^|[\\s;{])(${name})(\\s+)([^;{}#]*?)(\\s*;)`);
  if (!re.test(line)) return undefined;
  return line.replace(re, (_m, before: string, n: string, space: string, _old: string, end: string) => `${before}${n}${space}${value}${end}`);
}

function setParameter(line: string, name: string, value: string): string | undefined {
  const has = new RegExp(`(\\s)${name}=[^\\s;]*`);
  if (has.test(line)) return line.replace(has, `$1${name}=${value}`);
  if (!/^\s*server\s[^;]*;/.test(line)) return undefined;
  return line.replace(/\s*;/, ` ${name}=${value};`);
}

/** Adds `name value;` on a new line after the block's "{", indented like the line below it. */
function insertAfterBrace(lines: string[], blockIndex: number, edit: LineEdit): Result<void> {
  if (blockIndex < 0) {
    lines.unshift(`${edit.name} ${edit.value};`);
    return ok(undefined);
  }
  let open = blockIndex;
  while (open < lines.length && !stripComment(lines[open]!).includes('{')) open++;
  if (open >= lines.length) return err(`${edit.file}:${edit.line}: the block's "{" was not found`);
  const below = lines.slice(open + 1).find((l) => l.trim() !== '' && !l.trim().startsWith('}'));
  const indent = below !== undefined ? /^\s*/.exec(below)![0] : `${/^\s*/.exec(lines[open]!)![0]}    `;
  lines.splice(open + 1, 0, `${indent}${edit.name} ${edit.value};`);
  return ok(undefined);
}

function stripComment(line: string): string {
  const hash = line.indexOf('#');
  return hash < 0 ? line : line.slice(0, hash);
}

/** A unified diff of one file, three lines of context. Empty when nothing changed. */
export function unifiedDiff(file: string, before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = lineOps(a, b);
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const last = hunks.at(-1);
    // hunks whose context would touch or overlap (at most 6 unchanged lines between) are one
    if (last && i - last[1] - 1 <= 6) last[1] = i;
    else hunks.push([i, i]);
  }
  const out = [`--- ${file}`, `+++ ${file}`];
  for (const [first, last] of hunks) {
    const from = Math.max(0, first - 3);
    const to = Math.min(ops.length - 1, last + 3);
    const slice = ops.slice(from, to + 1);
    const startA = slice.find((op) => op.a !== undefined)?.a ?? ops[from]!.b!;
    const startB = slice.find((op) => op.b !== undefined)?.b ?? ops[from]!.a!;
    const countA = slice.filter((op) => op.kind !== '+').length;
    const countB = slice.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${startA + 1},${countA} +${startB + 1},${countB} @@`, ...slice.map((op) => `${op.kind}${op.text}`));
  }
  return `${out.join('\n')}\n`;
}

interface Op {
  kind: ' ' | '-' | '+';
  text: string;
  a?: number;
  b?: number;
}

/** Line operations between two texts that differ in a few lines (longest common subsequence). */
function lineOps(a: string[], b: string[]): Op[] {
  // Common head and tail first: the edits touch a few lines, so the table stays small.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const lcs = Array.from({ length: midA.length + 1 }, () => new Array<number>(midB.length + 1).fill(0));
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: Op[] = a.slice(0, head).map((text, i) => ({ kind: ' ', text, a: i, b: i }));
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) ops.push({ kind: ' ', text: midA[i]!, a: head + i++, b: head + j++ });
    else if (i < midA.length && (j >= midB.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: '-', text: midA[i]!, a: head + i++ });
    else ops.push({ kind: '+', text: midB[j]!, b: head + j++ });
  }
  for (let k = 0; k < tail; k++) ops.push({ kind: ' ', text: a[a.length - tail + k]!, a: a.length - tail + k, b: b.length - tail + k });
  return ops;
}

/** The diff that sets the recommended values in the user's files; `read` gives a file's text. */
export function recommendationDiff(placed: readonly { param: string; placement: Placement }[], values: Record<string, string>, read: (file: string) => string): Result<string> {
  const edits = placed.flatMap((p) => editsFor(p.placement, p.param, values[p.param]!));
  const files = [...new Set(edits.map((e) => e.file))];
  const diffs: string[] = [];
  for (const file of files) {
    const before = read(file);
    const after = applyEdits(before, edits.filter((e) => e.file === file));
    if (!after.ok) return after;
    diffs.push(unifiedDiff(file, before, after.value));
  }
  return ok(diffs.join(''));
}
