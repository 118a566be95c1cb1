/**
 * The diagnosis (pure): aggregated logs and settings in, a Diagnosis out — status mix, timeline,
 * breakdowns, the temporal pattern and the ranked causes with their evidence.
 */
import { UNKNOWN_SIGNATURE } from '../nginx/signatures.js';
import { formatMs } from '../scenario/units.js';
import type { AccessLogFacts } from './access-log-aggregate.js';
import { bump, topEntries, type Counts } from './bounded-tally.js';
import { buildBreakdown, buildTimeline, CLIENT_STATUS, failureLines, isFailureSignature } from './diagnosis-tables.js';
import type { Diagnosis } from './diagnosis.js';
import { rankCauses } from './rank-causes.js';
import type { ErrorLogFacts } from './error-log-aggregate.js';
import { readConfigTree } from './config-tree.js';
import { DEFAULT_SETTINGS, formatSize, settingsFromConfig, type NginxSettings } from './nginx-settings.js';
import { compileLogFormat, type FieldReader } from './parse-access-line.js';
import { LogLineRouter, type FileReading } from './log-line-router.js';
import { classifyPattern, type PatternPoint } from './temporal-pattern.js';
import { formatClock } from './time-key.js';

export interface DiagnoseInput {
  errors: ErrorLogFacts;
  access: AccessLogFacts | null;
  settings: NginxSettings;
  inputs: Diagnosis['inputs'];
  /** what each file held */
  reading?: FileReading[];
  /** notes from reading (lines cut, config problems) */
  readNotes?: string[];
  /** the nginx version the logs come from (--nginx-version), when the log does not say */
  nginxVersion?: string;
}

export function diagnose({ errors, access, settings, inputs, reading = [], readNotes = [], nginxVersion }: DiagnoseInput): Diagnosis {
  const starts = [errors.firstS, access?.firstS].filter((s): s is number => s !== undefined);
  const ends = [errors.lastS, access?.lastS].filter((s): s is number => s !== undefined);
  const spanStartS = starts.length > 0 ? Math.min(...starts) : undefined;
  const spanEndS = ends.length > 0 ? Math.max(...ends) : undefined;
  const spanS = spanStartS === undefined || spanEndS === undefined ? 0 : spanEndS - spanStartS + 1;
  const pattern = classifyPattern(patternPoints(errors, access), 1, spanStartS ?? 0, spanEndS ?? 0);
  const failures = failureLines(errors.signatureCounts);
  const { causes, excluded, undecided } = rankCauses({ errors, access, settings, pattern, failureLines: failures, spanStartS, spanEndS, nginxVersion: nginxVersion ?? errors.nginxVersion });
  return {
    inputs,
    reading: readingSummary(reading),
    window: { from: spanStartS === undefined ? null : formatClock(spanStartS), to: spanEndS === undefined ? null : formatClock(spanEndS), spanS },
    errorLog: {
      lines: errors.lines,
      unparsed: errors.unparsed,
      levels: errors.levels,
      signatures: errors.signatureCounts,
      unknown: topEntries(Object.fromEntries(Object.entries(errors.unknownFamilies).map(([m, f]) => [m, f.count])), 10).map(([message, count]) => {
        const family = errors.unknownFamilies[message]!;
        return { message, level: family.level, count, example: family.example };
      }),
    },
    accessLog: access && { lines: access.lines, parsed: access.parsed, unparsed: access.unparsed, formats: access.formats as Counts, withUpstreamFields: access.withUpstreamFields },
    statusMix: access && access.parsed > 0
      ? { source: 'access-log', requests: access.parsed, counts: access.statusCounts }
      : { source: 'error-log', requests: null, counts: inferredStatuses(errors.signatureCounts) },
    timeline: buildTimeline(errors, access, spanS),
    perUpstream: buildBreakdown(access?.perUpstream, errors.perUpstream),
    perEndpoint: buildBreakdown(access?.perEndpoint, errors.perEndpoint),
    pattern,
    upstreamTimings: access && access.withUpstreamFields > 0 ? access.timings : null,
    settings: settingsSummary(settings),
    causes,
    undecided,
    excluded,
    nginxVersion: nginxVersion ?? errors.nginxVersion ?? null,
    notes: [...readNotes, ...diagnosisNotes(errors, access, settings)],
  };
}

/** Client-visible errors per bucket: 5xx from the access log, or failure lines from the error log. */
function patternPoints(errors: ErrorLogFacts, access: AccessLogFacts | null): PatternPoint[] {
  if (access && access.series.buckets.length > 0) {
    return access.series.buckets.map((b) => ({
      startS: b.startS,
      requests: b.counts.req ?? 0,
      errors: Object.entries(b.counts).reduce((s, [k, n]) => (/^5\d\d$/.test(k) ? s + n : s), 0),
    }));
  }
  return errors.series.buckets.map((b) => ({
    startS: b.startS,
    requests: null,
    errors: Object.entries(b.counts).reduce((s, [id, n]) => (isFailureSignature(id) && CLIENT_STATUS.get(id) !== 200 ? s + n : s), 0),
  }));
}

function readingSummary(files: FileReading[]): Diagnosis['reading'] {
  const total = { lines: 0, errorLines: 0, accessLines: 0, comments: 0, unreadable: 0, unknown: 0 };
  for (const f of files) for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += f[key];
  const read = total.lines - total.comments;
  return { files, ...total, unknownShare: read > 0 ? Number(((total.unknown + total.unreadable) / read).toFixed(4)) : 0 };
}

function inferredStatuses(signatures: Counts): Counts {
  const counts: Counts = {};
  for (const [id, n] of Object.entries(signatures)) {
    if (id === UNKNOWN_SIGNATURE) continue;
    const status = CLIENT_STATUS.get(id);
    if (status !== null && status !== undefined) bump(counts, String(status), n);
  }
  return counts;
}

function settingsSummary(s: NginxSettings): Record<string, string> {
  const mark = (text: string, fromConfig: boolean) => (fromConfig ? text : `${text} (default)`);
  const time = (v: { value: number; fromConfig: boolean }) => mark(formatMs(v.value), v.fromConfig);
  const int = (v: { value: number; fromConfig: boolean }) => mark(String(v.value), v.fromConfig);
  const m = s.module;
  return {
    [`${m}_read_timeout`]: time(s.proxyReadTimeoutMs),
    [`${m}_connect_timeout`]: time(s.proxyConnectTimeoutMs),
    [`${m}_send_timeout`]: time(s.proxySendTimeoutMs),
    [`${m}_next_upstream`]: mark(s.proxyNextUpstream.value.join(' '), s.proxyNextUpstream.fromConfig),
    [`${m}_next_upstream_tries`]: int(s.proxyNextUpstreamTries),
    [`${m}_buffer_size`]: mark(formatSize(s.proxyBufferSizeBytes.value), s.proxyBufferSizeBytes.fromConfig),
    proxy_http_version: mark(s.proxyHttpVersion.value, s.proxyHttpVersion.fromConfig),
    keepalive: int(s.keepalive),
    keepalive_timeout: time(s.keepaliveTimeoutMs),
    max_fails: int(s.maxFails),
    fail_timeout: time(s.failTimeoutMs),
    upstream_servers: s.upstreamServers > 0 ? String(s.upstreamServers) : 'unknown',
  };
}

/** What the user should know about the inputs themselves: unreadable lines, missing fields. */
function diagnosisNotes(errors: ErrorLogFacts, access: AccessLogFacts | null, settings: NginxSettings): string[] {
  const notes = [...settings.notes];
  if (errors.unparsed > 0) notes.push(`${errors.unparsed} error-log lines are not in nginx's error-log format (e.g. ${JSON.stringify(errors.unparsedExamples[0]?.slice(0, 120))})`);
  const unknown = errors.signatureCounts.unknown ?? 0;
  const unknownErrors = Object.values(errors.unknownFamilies).filter((f) => ['error', 'crit', 'alert', 'emerg'].includes(f.level)).reduce((s, f) => s + f.count, 0);
  if (unknownErrors > 0) notes.push(`${unknownErrors} error-level lines match no known signature (see "unknown"); ${unknown} unknown lines in all, most are notices from nginx itself or other modules`);
  if (errors.lines === 0) notes.push('the error log is empty');
  if (errors.untimed > 0) notes.push(`${errors.untimed} error lines had no date (pasted without nginx's prefix): classified and counted, but not on the timeline or in the pattern`);
  if (errors.streamLines > 0) notes.push(`${errors.streamLines} lines are the stream module's (TCP/UDP proxy): its clients get no HTTP status, a failed session ends with $status 502 in the stream access log`);
  if (!settings.configGiven) notes.push('no nginx.conf given: timeouts and limits are compared with nginx defaults (give --nginx-config for your values)');
  if (!access) {
    notes.push('no access log given: the status mix is inferred from error lines (failures the client never saw, e.g. retried ones, count too); give --access-log for real statuses and upstream timings');
  } else {
    if (access.parsed === 0 && access.lines > 0) notes.push(`none of the ${access.lines} access-log lines could be read (e.g. ${JSON.stringify(access.unparsedExamples[0]?.slice(0, 120))}); see docs/diagnose.md for the formats read`);
    else if (access.unparsed > 0) notes.push(`${access.unparsed} of ${access.lines} access-log lines could not be read`);
    if (access.parsed > 0 && access.withUpstreamFields === 0) notes.push('the access log has no $upstream_* fields: add them (docs/diagnose.md has a log_format) to tell a short timeout from a slowing backend');
  }
  return notes;
}

/**
 * The whole diagnosis over text already in memory: the same aggregators and rules as the
 * file-streaming command, for tests and for callers that hold small logs (e.g. a run's report).
 */
export interface LogTexts {
  errorLog: string;
  accessLog?: string;
  nginxConfig?: string;
  nginxVersion?: string;
}

export function diagnoseTexts(logs: LogTexts, names: Partial<Diagnosis['inputs']> = {}): { diagnosis: Diagnosis; settings: NginxSettings } {
  const settings = logs.nginxConfig === undefined ? DEFAULT_SETTINGS : settingsFromConfig(readConfigTree(logs.nginxConfig, names.nginxConfig ?? 'nginx.conf'));
  const router = new LogLineRouter(accessFormatOf(settings));
  const errorName = names.errorLogs?.[0] ?? 'error.log';
  router.startFile(errorName, 'error');
  for (const line of logs.errorLog.split('\n')) router.add(line);
  if (logs.accessLog !== undefined) {
    router.startFile(names.accessLogs?.[0] ?? 'access.log', 'access');
    for (const line of logs.accessLog.split('\n')) router.add(line);
  }
  const diagnosis = diagnose({
    errors: router.errors.result(),
    access: router.hasAccess ? router.access.result() : null,
    settings,
    reading: router.files,
    ...(logs.nginxVersion ? { nginxVersion: logs.nginxVersion } : {}),
    inputs: {
      errorLogs: names.errorLogs ?? ['error.log'],
      accessLogs: names.accessLogs ?? (logs.accessLog === undefined ? [] : ['access.log']),
      nginxConfig: names.nginxConfig ?? (logs.nginxConfig === undefined ? null : 'nginx.conf'),
    },
  });
  return { diagnosis, settings };
}

/** The access-log line reader the config's log_format makes (JSON formats are read by key). */
export function accessFormatOf(settings: NginxSettings): FieldReader | undefined {
  const format = settings.accessLogFormat;
  return format && !format.trim().startsWith('{') ? compileLogFormat(format) : undefined;
}
