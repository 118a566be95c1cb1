/**
 * `badgateway diagnose --error-log <file>... [--access-log <file>...] [--nginx-config <file>]
 * [--emit-scenario <out.yaml>] [--cause <id>] [--json]`: reads real nginx logs and says what most
 * likely caused their 502/503/504s, with evidence; optionally writes a scenario that reproduces it.
 * Bad input throws UsageError (exit 2), an I/O failure midway LogReadError (exit 3).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveImages } from '../../config/images.js';
import type { ReproductionCheck } from '../../diagnose/reproduction-check.js';
import { parseArgs } from 'node:util';
import { UsageError } from '../../errors.js';
import { CAUSE_IDS, type CauseId } from '../../diagnose/diagnosis.js';
import { emitScenario } from '../../diagnose/emit-scenario.js';
import { renderDiagnosis } from '../../diagnose/render-diagnosis.js';
import { runDiagnosis } from '../../diagnose/run-diagnosis.js';
import { EXIT } from '../exit-codes.js';

export const DIAGNOSE_HELP = `usage: badgateway diagnose --error-log <file> [options]
  --error-log <file>        nginx error log, or lines pasted from it (plain or .gz; shipper
                            prefixes, Docker JSON, no date are fine); repeat for rotated files
  --access-log <file>       access log: combined, combined + upstream timings, JSON, ingress-nginx
                            upstreaminfo, your log_format (with --nginx-config); repeatable
  --nginx-config <file>     nginx.conf (or \`nginx -T\` output): timeouts, keepalive, max_fails
  --nginx-version <x.y.z>   the nginx version the logs come from (nginx -v), when the log does not say
  --emit-scenario <file>    write a scenario that reproduces the top cause, with fix variants
  --verify                  run its as-diagnosed variant for real (Docker) and say whether the
                            log's signatures and statuses came back (exit 1 when they did not)
  --out <dir>               where --verify writes its run (default reports)
  --cause <id>              the cause to reproduce instead of the top one
  --causes <n>              how many causes to show (default 3)
  --json                    print the diagnosis as JSON instead of text
`;

const OPTIONS = {
  'error-log': { type: 'string', multiple: true },
  'access-log': { type: 'string', multiple: true },
  'nginx-config': { type: 'string' },
  'nginx-version': { type: 'string' },
  'emit-scenario': { type: 'string' },
  cause: { type: 'string' },
  causes: { type: 'string' },
  json: { type: 'boolean', default: false },
  verify: { type: 'boolean', default: false },
  out: { type: 'string', default: 'reports' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function diagnoseCommand(args: string[], io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    io.out.write(DIAGNOSE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'Give log files with --error-log and --access-log.');
  const errorLogs = values['error-log'] ?? [];
  if (errorLogs.length === 0) throw new UsageError('diagnose needs --error-log <file>', 'e.g. badgateway diagnose --error-log /var/log/nginx/error.log --access-log /var/log/nginx/access.log');
  const cause = values.cause;
  if (cause !== undefined && !(CAUSE_IDS as readonly string[]).includes(cause)) {
    throw new UsageError(`--cause ${cause} is not a cause id`, `Known: ${CAUSE_IDS.join(', ')}.`);
  }
  const shown = values.causes === undefined ? 3 : Number(values.causes);
  if (!Number.isInteger(shown) || shown < 1) throw new UsageError(`--causes ${values.causes} is not a positive whole number`, 'e.g. --causes 5');

  const nginxConfig = values['nginx-config'];
  const nginxVersion = values['nginx-version'];
  if (nginxVersion !== undefined && !/^\d+\.\d+\.\d+$/.test(nginxVersion)) throw new UsageError(`--nginx-version ${nginxVersion} is not a version`, 'Give it as nginx -v prints it, e.g. --nginx-version 1.26.3');
  const { diagnosis, settings } = await runDiagnosis({ errorLogs, accessLogs: values['access-log'] ?? [], ...(nginxConfig ? { nginxConfig } : {}), ...(nginxVersion ? { nginxVersion } : {}) });
  let emitted: ReturnType<typeof emitScenario> | undefined;
  const target = values['emit-scenario'] ?? (values.verify ? join(values.out, 'diagnosed-scenario.yaml') : undefined);
  if (target) emitted = emitScenario(diagnosis, settings, { ...(cause ? { cause: cause as CauseId } : {}), source: target });

  if (!values.json) io.out.write(renderDiagnosis(diagnosis, { causes: shown }));
  let verification: ReproductionCheck | undefined;
  if (emitted && target) {
    try {
      if (!values['emit-scenario']) await mkdir(values.out, { recursive: true });
      await writeFile(target, emitted.yaml);
    } catch (error) {
      throw new UsageError(`cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'Give a path in a folder that exists and is writable.');
    }
    const sink = values.json ? io.err : io.out;
    sink.write(`scenario: ${target} is meant to reproduce ${emitted.cause} (variants: ${emitted.variants.join(', ')}); ${values.verify ? 'running its as-diagnosed variant now' : `not verified: --verify runs it (or badgateway run ${target})`}\n`);
    for (const note of emitted.notes) sink.write(`  note: ${note}\n`);
    if (values.verify) {
      const { verifyReproduction } = await import('./diagnose-verify.js');
      verification = await verifyReproduction(diagnosis, { scenarioFile: target, outDir: values.out, images: resolveImages(env) }, { out: sink, err: io.err });
      const header = verification.verdict === 'yes' ? `# Verified by a run: ${verification.summary}.` : `# NOT a reproduction of the log (verified by a run): ${verification.summary}.`;
      await writeFile(target, emitted.yaml.replace(/^# Not verified: .*$/m, header));
      sink.write(`verify: ${verification.summary}\n`);
      if (verification.verdict !== 'yes') sink.write(`verify: ${target} does not reproduce these logs; keep it as a starting point, not as the incident\n`);
    }
  }
  if (values.json) {
    const extra = emitted ? { emitted: { file: target, cause: emitted.cause, variants: emitted.variants, notes: emitted.notes, covers: emitted.covers, notCovered: emitted.notCovered } } : {};
    io.out.write(`${JSON.stringify({ ...diagnosis, ...extra, ...(verification ? { verification } : {}) }, null, 2)}\n`);
  }
  return verification && verification.verdict !== 'yes' ? EXIT.expectationFailed : EXIT.ok;
}

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[\w+\]: /, ''), 'See badgateway diagnose --help.');
  }
}
