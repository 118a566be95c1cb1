/**
 * The diagnose pipeline's shell: reads nginx.conf (small, read whole) and streams the logs through
 * the aggregators, then hands the aggregates to the pure diagnosis.
 */
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { accessFormatOf, diagnose } from './diagnose.js';
import type { Diagnosis } from './diagnosis.js';
import { LogLineRouter } from './log-line-router.js';
import { readConfigTree } from './config-tree.js';
import { DEFAULT_SETTINGS, settingsFromConfig, type NginxSettings } from './nginx-settings.js';
import { readLogFiles, type FileReadStats } from './read-log-files.js';

export interface DiagnoseFiles {
  errorLogs: string[];
  accessLogs: string[];
  nginxConfig?: string;
  /** the nginx version the logs come from, when the log does not say (its startup notice) */
  nginxVersion?: string;
}

export interface DiagnosisRun {
  diagnosis: Diagnosis;
  settings: NginxSettings;
  files: FileReadStats[];
}

const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export async function runDiagnosis(files: DiagnoseFiles): Promise<DiagnosisRun> {
  const settings = files.nginxConfig ? await readSettings(files.nginxConfig) : DEFAULT_SETTINGS;
  const router = new LogLineRouter(accessFormatOf(settings));
  const stats: FileReadStats[] = [];
  for (const [given, list] of [['error', files.errorLogs], ['access', files.accessLogs]] as const) {
    for (const file of list) {
      router.startFile(file, given);
      stats.push(...(await readLogFiles([file], `${given} log`, (line) => router.add(line))));
    }
  }
  const read = router.files;
  const lines = read.reduce((sum, f) => sum + f.lines - f.comments, 0);
  if (lines > 0 && read.every((f) => f.errorLines + f.accessLines === 0)) {
    const example = router.errors.result().unparsedExamples[0] ?? router.access.result().unparsedExamples[0];
    throw new UsageError(
      `${read.map((f) => f.file).join(', ')}: none of the ${lines} lines is an nginx error-log or access-log line (e.g. ${JSON.stringify(example?.slice(0, 100))})`,
      'Give nginx\'s error log (or lines pasted from it) with --error-log and its access log with --access-log.',
    );
  }
  const readNotes = stats.filter((s) => s.cutLines > 0).map((s) => `${s.file}: ${s.cutLines} lines longer than 64 KiB were cut`);
  const diagnosis = diagnose({
    errors: router.errors.result(),
    access: router.hasAccess ? router.access.result() : null,
    settings,
    inputs: { errorLogs: files.errorLogs, accessLogs: files.accessLogs, nginxConfig: files.nginxConfig ?? null },
    reading: read,
    readNotes,
    ...(files.nginxVersion ? { nginxVersion: files.nginxVersion } : {}),
  });
  return { diagnosis, settings, files: stats };
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
  const settings = settingsFromConfig(readConfigTree(text, file));
  if (!text.includes('proxy_pass') && !text.includes('upstream')) settings.notes.push(`${file} has no proxy_pass and no upstream: is it the config that proxies?`);
  return settings;
}
