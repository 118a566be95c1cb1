/**
 * The command line. The one place where errors become exit codes and messages: bad input exits 2,
 * infrastructure faults exit 3, both with a message and a hint and never a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveImages } from '../config/images.js';
import { BadgatewayError, UsageError } from '../errors.js';
import { scenarioJsonSchemaText } from '../scenario/json-schema.js';
import { cleanCommand } from './commands/clean.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { EXIT } from './exit-codes.js';

const HELP = `badgateway: reproduce nginx 502/504 incidents with real nginx and failing backends

usage:
  badgateway run <file-or-dir>...       run scenarios and check their expectations
      --out <dir>                       where reports go (default: reports)
      --port <n>                        publish nginx on 127.0.0.1:<n> (default: a free port)
      --nginx-image <image>             nginx image (default: $BADGATEWAY_NGINX_IMAGE, setup's choice, nginx:1.27)
      --node-image <image>              Node image for the fake backends (default: $BADGATEWAY_NODE_IMAGE, setup's choice, node:20-slim)
  badgateway validate <file-or-dir>...  check scenarios without running them
  badgateway schema                     print the JSON Schema of the scenario format
  badgateway clean                      remove containers and networks left by a crashed run

exit codes: 0 all expectations held, 1 an expectation failed, 2 invalid input,
            3 infrastructure fault (Docker, image, port, nginx -t), 4 internal fault, 130 interrupted
`;

export async function main(argv: string[], env: NodeJS.ProcessEnv, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run': {
        const { values, positionals } = parse(rest, RUN_OPTIONS);
        if (positionals.length === 0) throw new UsageError('run needs at least one scenario file or folder', 'e.g. badgateway run scenarios/');
        const port = values.port === undefined ? undefined : parsePort(values.port);
        const images = resolveImages(env, {
          ...(values['nginx-image'] ? { nginx: values['nginx-image'] } : {}),
          ...(values['node-image'] ? { node: values['node-image'] } : {}),
        });
        return await runCommand({ paths: positionals, outDir: values.out, images, ...(port !== undefined ? { nginxHostPort: port } : {}), color: Boolean(out.isTTY) && !env.NO_COLOR }, { out, err });
      }
      case 'validate': {
        const { positionals } = parse(rest, {});
        if (positionals.length === 0) throw new UsageError('validate needs at least one scenario file or folder', 'e.g. badgateway validate scenarios/');
        return await validateCommand(positionals, out);
      }
      case 'schema':
        parse(rest, {});
        out.write(scenarioJsonSchemaText());
        return EXIT.ok;
      case 'clean':
        parse(rest, {});
        return await cleanCommand(out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.write(HELP);
        return command === undefined ? EXIT.invalidInput : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"`, 'Commands: run, validate, schema, clean (badgateway --help).');
    }
  } catch (error) {
    return report(error, err, env);
  }
}

const RUN_OPTIONS = {
  out: { type: 'string', default: 'reports' },
  port: { type: 'string' },
  'nginx-image': { type: 'string' },
  'node-image': { type: 'string' },
} as const;

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[\w+\]: /, ''), 'See badgateway --help.');
  }
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port ${text} is not a port number`, 'Give a number from 1 to 65535.');
  return port;
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
