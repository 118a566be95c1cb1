import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../harness/diagnose/line-splitter.js';
import { summarizeAccessLog } from '../../../harness/nginx/parse-access-log.js';
import { summarizeErrorLog } from '../../../harness/nginx/parse-error-log.js';
import { errorLogSeries } from '../../../harness/observe/error-log-series.js';
import { LogSummariesTally } from '../../../harness/observe/log-summaries.js';

const access = readFileSync(new URL('../../fixtures/nginx/access.log', import.meta.url), 'utf8');
const error = readFileSync(new URL('../../fixtures/nginx/error.log', import.meta.url), 'utf8');
const loadStart = Date.UTC(2026, 10, 21, 10, 0, 0);

describe('LogSummariesTally', () => {
  it('fed line by line in chunks of any size, sums up exactly what the whole texts do', () => {
    const whole = { accessLog: summarizeAccessLog(access), errorLog: { ...summarizeErrorLog(error), series: errorLogSeries(error, loadStart) } };
    expect(whole.accessLog.lines).toBeGreaterThan(3);
    expect(whole.errorLog.total).toBeGreaterThan(3);
    expect(LogSummariesTally.ofText({ access, error }, loadStart)).toEqual(whole);
    for (const size of [1, 13, 4096]) {
      const tally = new LogSummariesTally(loadStart);
      for (const [log, text] of [['access', access], ['error', error]] as const) {
        const splitter = new LineSplitter((line) => tally.add(log, line));
        for (let at = 0; at < text.length; at += size) splitter.push(text.slice(at, at + size));
        splitter.end();
      }
      expect(tally.summaries()).toEqual(whole);
    }
  });
});
