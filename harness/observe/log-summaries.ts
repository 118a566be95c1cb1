/**
 * nginx's two logs summarized line by line (pure): the access-log summary, and the error-log
 * summary with its series per second of the load. Lines go in as they are read, so a log of any
 * size is summarized in bounded memory; ofText() does the same for logs already held as text.
 */
import { AccessLogTally } from '../nginx/parse-access-log.js';
import { ErrorLogTally } from '../nginx/parse-error-log.js';
import { ErrorLogSeriesTally } from './error-log-series.js';
import type { AccessLogSummary, ErrorLogSummary } from './observation.js';

export interface LogSummaries {
  accessLog: AccessLogSummary;
  errorLog: ErrorLogSummary;
}

/** Which of nginx's logs a line comes from. */
export type NginxLogName = 'access' | 'error';

export class LogSummariesTally {
  private readonly access = new AccessLogTally();
  private readonly error = new ErrorLogTally();
  private readonly series: ErrorLogSeriesTally;

  constructor(loadStartEpochMs: number) {
    this.series = new ErrorLogSeriesTally(loadStartEpochMs);
  }

  add(log: NginxLogName, line: string): void {
    if (log === 'access') {
      this.access.add(line);
      return;
    }
    const parsed = this.error.add(line);
    if (parsed) this.series.add(parsed);
  }

  summaries(): LogSummaries {
    return { accessLog: this.access.summary(), errorLog: { ...this.error.summary(), series: this.series.series() } };
  }

  static ofText(logs: { access: string; error: string }, loadStartEpochMs: number): LogSummaries {
    const tally = new LogSummariesTally(loadStartEpochMs);
    for (const line of logs.access.split('\n')) tally.add('access', line);
    for (const line of logs.error.split('\n')) tally.add('error', line);
    return tally.summaries();
  }
}
