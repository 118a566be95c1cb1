/**
 * The command line. The one place where errors become exit codes and messages: bad input exits 2,
 * infrastructure faults exit 3, both with a message and a hint and never a stack trace. Each command's
 * code is imported when that command runs: `--version`, `validate` or a refused option need not load
 * the Docker client and the load drivers.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveImages } from '../config/images.js';
import { parseNginxVersions } from '../config/nginx-versions.js';
import { BadgatewayError, UsageError } from '../errors.js';
import { MAX_JOBS } from '../matrix/run-order.js';
import { parseShard, type Selection } from '../matrix/select-plans.js';
import { packageVersion } from '../package-root.js';
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from '../report/write-reports.js';
import { scenarioJsonSchemaText } from '../scenario/json-schema.js';
import { LOAD_PATH } from '../scenario/schema.js';
import { isLoadFrom, LOAD_FROM, type LoadFrom } from '../runtime/load-placement.js';
import { CLEAN_OPTIONS, GATE_OPTIONS, MERGE_OPTIONS, PLAIN_OPTIONS, RUN_OPTIONS, SIGNATURES_OPTIONS, TUNE_OPTIONS } from './command-options.js';
import { EXIT } from './exit-codes.js';
import { COMMAND_HELP, HELP, isCommandName, type CommandName } from './help.js';

export async function main(argv: string[], env: NodeJS.ProcessEnv, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const [command, ...rest] = argv;
  const io = { out, err };
  const color = Boolean(out.isTTY) && !env.NO_COLOR;
  /** parses a command's arguments; undefined when --help was asked for (and printed) */
  const args = <T extends NonNullable<ParseArgsConfig['options']>>(name: CommandName, options: T) => {
    const parsed = parse(rest, options);
    if ((parsed.values as { help?: boolean }).help) {
      out.write(COMMAND_HELP[name]);
      return undefined;
    }
    return parsed;
  };
  try {
    switch (command) {
      case 'run': {
        const parsed = args('run', RUN_OPTIONS);
        if (!parsed) return EXIT.ok;
        const { values, positionals } = parsed;
        if (positionals.length === 0) throw new UsageError('run needs at least one scenario file or folder', 'e.g. badgateway run scenarios/');
        const port = values.port === undefined ? undefined : parseWhole('--port', values.port, 1, 65535);
        const { runCommand } = await import('./commands/run.js');
        return await runCommand({ paths: positionals, ...matrix(values, env), ...(port !== undefined ? { nginxHostPort: port } : {}), color }, io);
      }
      case 'gate': {
        const parsed = args('gate', GATE_OPTIONS);
        if (!parsed) return EXIT.ok;
        const { values, positionals } = parsed;
        if (!values['nginx-config']) throw new UsageError('gate needs --nginx-config <your nginx.conf, or a server or location snippet>', 'e.g. badgateway gate --nginx-config deploy/nginx.conf --budget "5xx<=0.1%"');
        if (values.path !== undefined && !LOAD_PATH.test(values.path)) {
          throw new UsageError(`--path ${values.path}: must be an origin-form path: start with a single / and hold no spaces or control characters (not //host/...)`, 'e.g. --path /api/orders');
        }
        const { gateCommand } = await import('./commands/gate.js');
        return await gateCommand({
          nginxConfig: values['nginx-config'],
          ...(values.baseline !== undefined ? { baselineConfig: values.baseline } : {}),
          ...(values['baseline-version'] !== undefined ? { baselineVersion: oneVersion('--baseline-version', values['baseline-version']) } : {}),
          budgets: values.budget,
          upstreams: values.upstream,
          paths: positionals,
          loadOverride: { ...(values.path ? { path: values.path } : {}), ...(values.header.length > 0 ? { headers: parseHeaders(values.header) } : {}) },
          ...matrix(values, env),
          strict: values.strict,
          color,
        }, io);
      }
      case 'tune': {
        const parsed = args('tune', TUNE_OPTIONS);
        if (!parsed) return EXIT.ok;
        const { values, positionals } = parsed;
        if (positionals.length > 1) throw new UsageError('tune takes at most one scenario file', 'e.g. badgateway tune my-app.yaml --sweep proxy_read_timeout=200ms..2s/10');
        const { tuneCommand } = await import('./commands/tune.js');
        return await tuneCommand({
          ...(positionals[0] ? { scenarioFile: positionals[0] } : {}),
          sweeps: values.sweep,
          backendP50: values['backend-p50'],
          backendP99: values['backend-p99'],
          ...(values['backend-timeout'] ? { backendTimeout: values['backend-timeout'] } : {}),
          ...(values['backend-idle-timeout'] ? { backendIdleTimeout: values['backend-idle-timeout'] } : {}),
          ...(values['nginx-config'] ? { nginxConfig: values['nginx-config'] } : {}),
          budgets: values.budget,
          ...(values.requests !== undefined ? { requests: parseWhole('--requests', values.requests, 1, 100_000) } : {}),
          connections: parseWhole('--connections', values.connections, 1, 1000),
          duration: values.duration,
          outDir: values.out,
          images: images(values, env),
          ...(values['nginx-version'] !== undefined ? { nginxVersion: versionBesideImage(values, oneVersion('--nginx-version', values['nginx-version'])) } : {}),
        }, io);
      }
      case 'diagnose': {
        const { diagnoseCommand } = await import('./commands/diagnose.js');
        return await diagnoseCommand(rest, io, env);
      }
      case 'merge': {
        const parsed = args('merge', MERGE_OPTIONS);
        if (!parsed) return EXIT.ok;
        const { mergeCommand } = await import('./commands/merge.js');
        return await mergeCommand({ paths: parsed.positionals, outDir: parsed.values.out, formats: parseFormats(parsed.values.format), color }, io);
      }
      case 'validate': {
        const parsed = args('validate', PLAIN_OPTIONS);
        if (!parsed) return EXIT.ok;
        if (parsed.positionals.length === 0) throw new UsageError('validate needs at least one scenario file or folder', 'e.g. badgateway validate scenarios/');
        const { validateCommand } = await import('./commands/validate.js');
        return await validateCommand(parsed.positionals, out);
      }
      case 'schema':
        if (!noPositionals('schema', args('schema', PLAIN_OPTIONS))) return EXIT.ok;
        out.write(scenarioJsonSchemaText());
        return EXIT.ok;
      case 'signatures': {
        const parsed = args('signatures', SIGNATURES_OPTIONS);
        if (!noPositionals('signatures', parsed)) return EXIT.ok;
        const { signaturesCommand } = await import('./commands/signatures.js');
        return signaturesCommand(out, { json: parsed!.values.json });
      }
      case 'clean': {
        const parsed = args('clean', CLEAN_OPTIONS);
        if (!noPositionals('clean', parsed)) return EXIT.ok;
        const { cleanCommand } = await import('./commands/clean.js');
        return await cleanCommand(out, { all: parsed!.values.all });
      }
      case 'setup':
        if (!noPositionals('setup', args('setup', PLAIN_OPTIONS))) return EXIT.ok;
        const { setupCommand } = await import('./commands/setup.js');
        return await setupCommand(env, io);
      case '--version':
      case '-V':
        out.write(`${packageVersion()}\n`);
        return EXIT.ok;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        if (command === 'help' && rest[0] !== undefined) return await helpFor(rest[0], io);
        out.write(HELP);
        return command === undefined ? EXIT.invalidInput : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"`, 'Commands: run, gate, tune, diagnose, merge, validate, schema, signatures, clean, setup (badgateway --help).');
    }
  } catch (error) {
    return report(error, err, env);
  }
}

/** `badgateway help <command>`: the same text as `badgateway <command> --help`. */
async function helpFor(name: string, io: { out: NodeJS.WriteStream; err: NodeJS.WriteStream }): Promise<number> {
  if (name === 'diagnose') {
    const { DIAGNOSE_HELP } = await import('./commands/diagnose.js');
    io.out.write(DIAGNOSE_HELP);
    return EXIT.ok;
  }
  if (!isCommandName(name)) throw new UsageError(`unknown command "${name}"`, 'badgateway --help lists the commands.');
  io.out.write(COMMAND_HELP[name]);
  return EXIT.ok;
}

/** false when --help was printed; throws on arguments a command without positionals was given */
function noPositionals(name: string, parsed: { positionals: string[] } | undefined): boolean {
  if (!parsed) return false;
  if (parsed.positionals.length > 0) throw new UsageError(`${name} takes no arguments, but was given "${parsed.positionals[0]}"`, `See badgateway ${name} --help.`);
  return true;
}

interface MatrixValues {
  out: string;
  confidence: string;
  'nginx-image'?: string;
  'node-image'?: string;
  'nginx-version': string[];
  scenario: string[];
  variant: string[];
  shard?: string;
  repeat: string;
  jobs: string;
  format: string;
  'load-from': string;
}

function matrix(values: MatrixValues, env: NodeJS.ProcessEnv) {
  const selection: Selection = { scenarioPatterns: values.scenario, variantPatterns: values.variant };
  if (values.shard !== undefined) {
    const shard = parseShard(values.shard);
    if (!shard.ok) throw new UsageError(shard.error, 'e.g. --shard 1/4 in the first of four parallel CI jobs.');
    selection.shard = shard.value;
  }
  const versions = parseNginxVersions(values['nginx-version']);
  if (!versions.ok) throw new UsageError(versions.error, 'e.g. --nginx-version 1.30, or --nginx-version 1.26,1.30 to run on both');
  return {
    outDir: values.out,
    images: images(values, env),
    nginxVersions: versionBesideImage(values, versions.value),
    selection,
    repeat: parseWhole('--repeat', values.repeat, 1, 100),
    jobs: parseWhole('--jobs', values.jobs, 1, MAX_JOBS),
    formats: parseFormats(values.format),
    confidence: parseConfidence(values.confidence),
    loadFrom: parseLoadFrom(values['load-from']),
  };
}

/** --load-from auto|host|container: where the load runs (load-placement.ts). */
function parseLoadFrom(text: string): LoadFrom {
  if (!isLoadFrom(text)) throw new UsageError(`--load-from ${text} is not one of ${LOAD_FROM.join(', ')}`, 'e.g. --load-from container to run the load from a container on the run\'s network');
  return text;
}

/** --confidence 0.95 (or 95%): the level of share intervals, from 0.5 to 0.9999. */
function parseConfidence(text: string): number {
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!Number.isFinite(value) || value < 0.5 || value > 0.9999) throw new UsageError(`--confidence ${text} is not a level from 0.5 to 0.9999 (or 50% to 99.99%)`, 'e.g. --confidence 0.95');
  return value;
}

/** One nginx version line (tune, --baseline-version). */
function oneVersion(option: string, text: string): string {
  const parsed = parseNginxVersions([text]);
  if (!parsed.ok || parsed.value.length !== 1) throw new UsageError(`${option} ${text}: give one nginx version line (major.minor), e.g. 1.30`, `See badgateway --help.`);
  return parsed.value[0]!;
}

/** --nginx-version chooses the image: beside --nginx-image it would be ambiguous. */
function versionBesideImage<T>(values: { 'nginx-image'?: string }, versions: T): T {
  const given = Array.isArray(versions) ? versions.length > 0 : versions !== undefined;
  if (given && values['nginx-image']) throw new UsageError('--nginx-version and --nginx-image both choose the nginx image; give one of them', '--nginx-version 1.30 uses nginx:1.30 (or the local equivalent built from Debian); --nginx-image any image you have.');
  return versions;
}

function images(values: { 'nginx-image'?: string; 'node-image'?: string }, env: NodeJS.ProcessEnv) {
  return resolveImages(env, { ...(values['nginx-image'] ? { nginx: values['nginx-image'] } : {}), ...(values['node-image'] ? { node: values['node-image'] } : {}) });
}

function parseFormats(text: string): ReportFormat[] {
  const formats = text.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !isReportFormat(f));
  if (unknown.length > 0 || formats.length === 0) throw new UsageError(`--format ${text}: known formats are ${REPORT_FORMATS.join(', ')}`, 'e.g. --format json,junit');
  return formats as ReportFormat[];
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[\w+\]: /, ''), 'See badgateway --help.');
  }
}

function parseWhole(option: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${option} ${text} is not a whole number from ${min} to ${max}`, 'See badgateway --help.');
  return n;
}

function parseHeaders(texts: string[]): Record<string, string> {
  return Object.fromEntries(texts.map((text) => {
    const match = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+):\s*([\x20-\x7e]*)$/.exec(text);
    if (!match) throw new UsageError(`--header ${text}: write "Name: value"`, 'e.g. --header "Host: shop.example.com"');
    return [match[1]!, match[2]!];
  }));
}

function report(error: unknown, err: NodeJS.WritableStream, env: NodeJS.ProcessEnv): number {
  if (error instanceof BadgatewayError) {
    err.write(`error: ${error.message}\n`);
    if (error.hint) err.write(`hint: ${error.hint}\n`);
    return error.kind === 'input' ? EXIT.invalidInput : EXIT.infrastructure;
  }
  err.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  err.write(env.BADGATEWAY_DEBUG ? `${(error as Error).stack}\n` : 'hint: this is a fault in badgateway; run again with BADGATEWAY_DEBUG=1 for details and report it.\n');
  return EXIT.internal;
}
