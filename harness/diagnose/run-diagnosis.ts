/**
 * The diagnose pipeline's shell: reads nginx.conf (small, read whole) and streams the logs through
 * the aggregators, then hands the aggregates to the pure diagnosis.
 */
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { AccessLogAggregate } from './access-log-aggregate.js';
import { diagnose } from './diagnose.js';
import type { Diagnosis } from './diagnosis.js';
import { ErrorLogAggregate } from './error-log-aggregate.js';
import { compileLogFormat } from './parse-access-line.js';
import { parseNginxConfig } from './nginx-config-tree.js';
import { DEFAULT_SETTINGS, settingsFromConfig, type NginxSettings } from './nginx-settings.js';
import { readLogFiles, type FileReadStats } from './read-log-files.js';

export interface DiagnoseFiles {
  errorLogs: string[];
  accessLogs: string[];
  nginxConfig?: string;
}

export interface DiagnosisRun {
  diagnosis: Diagnosis;
  settings: NginxSettings;
  files: FileReadStats[];
}

const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export async function runDiagnosis(files: DiagnoseFiles): Promise<DiagnosisRun> {
  const settings = files.nginxConfig ? await readSettings(files.nginxConfig) : DEFAULT_SETTINGS;
  const errors = new ErrorLogAggregate();
  const errorStats = await readLogFiles(files.errorLogs, 'error log', (line) => errors.add(line));
  const errorFacts = errors.result();
  if (errorFacts.lines > 0 && errorFacts.unparsed === errorFacts.lines) {
    throw new UsageError(
      `${files.errorLogs.join(', ')}: none of the ${errorFacts.lines} lines is an nginx error-log line (e.g. ${JSON.stringify(errorFacts.unparsedExamples[0]?.slice(0, 100))})`,
      'Give the error log with --error-log and the access log with --access-log (were they swapped?).',
    );
  }
  let accessFacts = null;
  let accessStats: FileReadStats[] = [];
  if (files.accessLogs.length > 0) {
    const format = settings.accessLogFormat && !settings.accessLogFormat.trim().startsWith('{') ? compileLogFormat(settings.accessLogFormat) : undefined;
    const access = new AccessLogAggregate(format);
    accessStats = await readLogFiles(files.accessLogs, 'access log', (line) => access.add(line));
    accessFacts = access.result();
  }
  const all = [...errorStats, ...accessStats];
  const readNotes = all.filter((s) => s.cutLines > 0).map((s) => `${s.file}: ${s.cutLines} lines longer than 64 KiB were cut`);
  const diagnosis = diagnose({
    errors: errorFacts,
    access: accessFacts,
    settings,
    inputs: { errorLogs: files.errorLogs, accessLogs: files.accessLogs, nginxConfig: files.nginxConfig ?? null },
    readNotes,
  });
  return { diagnosis, settings, files: all };
}

async function readSettings(file: string): Promise<NginxSettings> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`nginx config ${file} is not a file`, 'Give the path of nginx.conf (or the output of `nginx -T`).');
    if (info.size > MAX_CONFIG_BYTES) throw new UsageError(`nginx config ${file} is ${info.size} bytes: not an nginx.conf`, 'Give the path of nginx.conf (or the output of `nginx -T`).');
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`nginx config ${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`}`, 'Check the path (nginx -t prints the one it uses).');
  }
  const settings = settingsFromConfig(parseNginxConfig(text));
  if (!text.includes('proxy_pass') && !text.includes('upstream')) settings.notes.push(`${file} has no proxy_pass and no upstream: is it the config that proxies?`);
  return settings;
}
