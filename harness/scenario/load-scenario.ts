/**
 * Scenario files in, a validated Scenario or located issues out: parse YAML (with positions),
 * normalize through the zod schema (defaults filled), then the cross-field rules. Every issue says
 * `file:line:col path: what is wrong; what to do`, and all of them are reported, not just the first.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { err, ok, type Result } from '../result.js';
import { checkScenarioRules, closestMatch, type RuleIssue } from './rules.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { parseYamlWithPositions, type PathSegment, type PositionedYaml } from './yaml-positions.js';

export interface ScenarioIssue {
  file: string;
  /** 1-based; 0 (with column 0) when the issue is about the whole file, e.g. it does not exist */
  line: number;
  column: number;
  /** data path as `variants[1].expect.status`; empty for the file as a whole */
  path: string;
  message: string;
}

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

/** `scenarios/x.yaml:12:5 variants[1].expect.status: "5O4" is not a status code or class (e.g. 504, 5xx)` */
export function formatIssue(i: ScenarioIssue): string {
  const where = i.line > 0 ? `${i.file}:${i.line}:${i.column}` : `${i.file}:`;
  return i.path ? `${where} ${i.path}: ${i.message}` : `${where} ${i.message}`;
}

/** `variants[1].expect.status`; keys that are not plain words are quoted: `headers["X Y"]`. */
export function renderPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!/^[\w-]+$/.test(segment)) return `[${JSON.stringify(segment)}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

const TOP_LEVEL = 'a scenario is a map with name, summary, backends, nginx, load and variants';

export function parseScenarioText(text: string, file: string): Result<Scenario, ScenarioIssue[]> {
  const yaml = parseYamlWithPositions(text);
  if (yaml.problems.length > 0) {
    return err(yaml.problems.map((p) => ({ file, line: p.position.line, column: p.position.column, path: renderPath(p.path), message: p.message })));
  }
  if (yaml.empty || yaml.data === null || yaml.data === undefined) {
    return err([{ file, line: 1, column: 1, path: '', message: `the file is empty; ${TOP_LEVEL}` }]);
  }
  if (typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
    const what = Array.isArray(yaml.data) ? 'a list' : `the single value ${JSON.stringify(yaml.data)}`;
    return err([{ file, ...yaml.locate([]), path: '', message: `the file holds ${what}, not a map of fields; ${TOP_LEVEL}` }]);
  }
  return validateScenario(yaml.data, file, yaml.locate);
}

/**
 * A scenario given as data (the same shape as the YAML, e.g. from the library API): the same
 * schema and rules; issues carry the field path but no line (line and column 0).
 */
export function parseScenarioData(data: unknown, label: string): Result<Scenario, ScenarioIssue[]> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return err([{ file: label, line: 0, column: 0, path: '', message: `is ${describeValue(data)}, not a map of fields; ${TOP_LEVEL}` }]);
  }
  return validateScenario(data, label, () => ({ line: 0, column: 0 }));
}

function validateScenario(data: unknown, file: string, locate: PositionedYaml['locate']): Result<Scenario, ScenarioIssue[]> {
  const known = new WeakMap<object, string[]>();
  const parsed = scenarioSchema.safeParse(data, { reportInput: true, error: (issue) => naturalMessage(issue, known) });
  if (!parsed.success) {
    const findings = parsed.error.issues.flatMap((issue) => schemaFindings(issue, data, known));
    return err(locateAll(findings, locate, file));
  }
  const ruleIssues = checkScenarioRules(parsed.data);
  if (ruleIssues.length > 0) return err(locateAll(ruleIssues, locate, file));
  return ok(parsed.data);
}

export async function loadScenarioFile(file: string): Promise<Result<LoadedScenario, ScenarioIssue[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? 'no such file; check the path (scenarios live in scenarios/*.yaml)'
      : code === 'EISDIR' ? 'is a directory; give a scenario file (.yaml), or use a command that takes directories'
      : `cannot be read (${code ?? String(error)}); check that the file exists and is readable`;
    return err([{ file, line: 0, column: 0, path: '', message }]);
  }
  const parsed = parseScenarioText(text, file);
  return parsed.ok ? ok({ file, scenario: parsed.value }) : parsed;
}

/** A problem at path; with key, about that key of the map at path (located at the key). */
interface Finding extends RuleIssue {
  /** show the key in the rendered path (unknown fields) rather than in the message */
  keyInPath?: boolean;
}

function locateAll(findings: Finding[], locate: PositionedYaml['locate'], file: string): ScenarioIssue[] {
  return findings
    .map((f) => {
      const target = f.key === undefined ? f.path : [...f.path, f.key];
      const position = locate(target, f.key === undefined ? 'value' : 'key');
      return { file, line: position.line, column: position.column, path: renderPath(f.keyInPath ? target : f.path), message: f.message };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

function isMissing(data: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return false;
  const parent = valueAt(data, path.slice(0, -1));
  return parent !== null && typeof parent === 'object' && !Array.isArray(parent) && !Object.hasOwn(parent, path[path.length - 1]!);
}

function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

function schemaFindings(issue: z.core.$ZodIssue & { input?: unknown }, data: unknown, known: WeakMap<object, string[]>): Finding[] {
  const path = toSegments(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const fields = issue.input !== null && typeof issue.input === 'object' ? (known.get(issue.input) ?? []) : [];
    return issue.keys.map((key) => {
      const guess = closestMatch(key, fields);
      const message = `unknown field; known fields: ${fields.join(', ')}${guess ? `; did you mean "${guess}"?` : ''}`;
      return { path, key, keyInPath: true, message };
    });
  }
  if (issue.code === 'invalid_key') {
    const key = typeof issue.input === 'string' ? issue.input : String(path[path.length - 1]);
    const recordPath = path[path.length - 1] === key ? path.slice(0, -1) : path;
    const reason = issue.issues[0]?.message ?? 'is not allowed here';
    return [{ path: recordPath, key, message: `${JSON.stringify(key)} ${reason}` }];
  }
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && isMissing(data, issue.path)) {
    return [{ path, message: issue.message.startsWith('missing') ? issue.message : `missing; ${issue.message}` }];
  }
  return [{ path, message: issue.message }];
}

function describeValue(input: unknown): string {
  if (input === null) return 'empty';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a map';
  return JSON.stringify(input);
}

function numberSchema(issue: z.core.$ZodRawIssue): z.ZodNumber | undefined {
  const schema = issue.schema ?? issue.inst;
  return schema instanceof z.ZodNumber ? schema : undefined;
}

function numberRange(issue: z.core.$ZodRawIssue): string {
  const schema = numberSchema(issue);
  const kind = schema?.isInt ? 'a whole number' : 'a number';
  const min = schema?.minValue;
  const max = schema?.maxValue;
  if (min !== null && min !== undefined && max !== null && max !== undefined && Number.isFinite(max) && Math.abs(max) < Number.MAX_SAFE_INTEGER) return `${kind} from ${min} to ${max}`;
  return kind;
}

function typeName(issue: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidType>): string {
  const inst = issue.inst;
  switch (issue.expected) {
    case 'object':
      return inst instanceof z.ZodObject ? `a map with the fields ${Object.keys(inst.shape).join(', ')}` : 'a map of fields';
    case 'array': return 'a list';
    case 'string': return 'text';
    case 'number': case 'int': return numberRange(issue).replace(/ from .*/, '');
    case 'boolean': return 'true or false';
    default: return `a ${issue.expected}`;
  }
}

/** The keys an object schema, or a record with a fixed set of keys, accepts. */
function knownKeys(inst: unknown): string[] {
  if (inst instanceof z.ZodObject) return Object.keys(inst.shape);
  if (inst instanceof z.ZodRecord && inst.keyType instanceof z.ZodEnum) return inst.keyType.options.map(String);
  return [];
}

/** Plain-words messages for the issues the schema gives no message of its own. */
function naturalMessage(issue: z.core.$ZodRawIssue, known: WeakMap<object, string[]>): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const wanted = `must be ${typeName(issue)}`;
      if (issue.input === undefined) return `missing; ${wanted}`;
      if (issue.input === null) return `is empty; ${wanted}`;
      return `${wanted}, not ${describeValue(issue.input)}`;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = small ? issue.minimum : issue.maximum;
      if (issue.origin === 'number' || issue.origin === 'int') return `${String(issue.input)} is too ${small ? 'small' : 'large'}; use ${numberRange(issue)}`;
      if (issue.origin === 'string') return small && Number(limit) === 1 ? 'must not be empty' : `must be ${small ? 'at least' : 'at most'} ${String(limit)} characters long`;
      return `must have ${small ? 'at least' : 'at most'} ${String(limit)} item${Number(limit) === 1 ? '' : 's'}`;
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const guess = closestMatch(String(issue.input), values);
      return `${JSON.stringify(issue.input)} is not one of ${values.join(', ')}${guess ? `; did you mean "${guess}"?` : ''}`;
    }
    case 'unrecognized_keys':
      if (issue.input !== null && typeof issue.input === 'object') known.set(issue.input, knownKeys(issue.inst));
      return 'unknown field';
    case 'invalid_format': return `${JSON.stringify(issue.input)} is not in the expected format`;
    case 'invalid_union': return `${describeValue(issue.input)} matches none of the allowed forms`;
    default: return undefined;
  }
}
