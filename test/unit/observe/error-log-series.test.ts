import { describe, expect, it } from 'vitest';
import { errorLogSeries, logTimeEpochMs } from '../../../harness/observe/error-log-series.js';

const CONTEXT = ', client: 172.18.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://172.18.0.2:8080/", host: "127.0.0.1:32768"';
const line = (time: string, message: string, level = 'error') => `${time} [${level}] 29#29: *1 ${message}${CONTEXT}`;
const READ_TIMEOUT = 'upstream timed out (110: Connection timed out) while reading response header from upstream';
const REFUSED = 'connect() failed (111: Connection refused) while connecting to upstream';

describe('logTimeEpochMs', () => {
  it('reads nginx\'s local time as UTC (the container\'s zone)', () => {
    expect(logTimeEpochMs('2026/11/21 10:00:01')).toBe(Date.UTC(2026, 10, 21, 10, 0, 1));
    expect(logTimeEpochMs('2026/11/21 10:00:01')).toBe(1_795_255_201_000);
    expect(logTimeEpochMs('1970/01/01 00:00:00')).toBe(0);
    expect(logTimeEpochMs('2024/02/29 23:59:59')).toBe(Date.parse('2024-02-29T23:59:59Z'));
  });

  it.each(['', '2026-11-21 10:00:01', '2026/11/21 10:00', '2026/11/21 10:00:01.5', ' 2026/11/21 10:00:01', '26/11/21 10:00:01'])('refuses "%s"', (time) => {
    expect(logTimeEpochMs(time)).toBeUndefined();
  });
});

describe('errorLogSeries', () => {
  // the load started at 10:00:00.400 UTC
  const start = Date.UTC(2026, 10, 21, 10, 0, 0, 400);

  it('counts lines per signature per logged second, placed from the load start, in time order', () => {
    const log = [
      line('2026/11/21 10:00:02', READ_TIMEOUT),
      line('2026/11/21 10:00:01', READ_TIMEOUT),
      line('2026/11/21 10:00:01', READ_TIMEOUT),
      line('2026/11/21 10:00:01', REFUSED),
      line('2026/11/21 10:00:04', 'something nginx has not said before'),
      '',
    ].join('\n');
    // 10:00:01 is 600 ms after the start: that whole second is 600..1600 ms, not rounded onto the load's grid
    expect(errorLogSeries(log, start)).toEqual([
      { startMs: 600, signatures: { 'upstream-timed-out-reading-header': 2, 'connect-refused': 1 } },
      { startMs: 1600, signatures: { 'upstream-timed-out-reading-header': 1 } },
      { startMs: 3600, signatures: { unknown: 1 } },
    ]);
  });

  it('puts a line from the second the load started in, or before it, in a negative bucket', () => {
    const log = [line('2026/11/21 10:00:00', READ_TIMEOUT), line('2026/11/21 09:59:58', REFUSED)].join('\n');
    expect(errorLogSeries(log, start)).toEqual([
      { startMs: -2400, signatures: { 'connect-refused': 1 } },
      { startMs: -400, signatures: { 'upstream-timed-out-reading-header': 1 } },
    ]);
  });

  it('buckets by exact seconds when the load started on a whole second', () => {
    const whole = Date.UTC(2026, 10, 21, 10, 0, 0);
    const log = [line('2026/11/21 10:00:00', REFUSED), line('2026/11/21 10:00:59', REFUSED), line('2026/11/21 10:01:00', REFUSED)].join('\n');
    expect(errorLogSeries(log, whole).map((i) => i.startMs)).toEqual([0, 59_000, 60_000]);
  });

  it('leaves out blank lines and lines without an nginx time, and reads CRLF', () => {
    const log = ['', 'this is not an nginx error-log line', 'nginx: [emerg] host not found in upstream "app:8080"', `${line('2026/11/21 10:00:03', REFUSED)}\r`, '\r'].join('\n');
    expect(errorLogSeries(log, start)).toEqual([{ startMs: 2600, signatures: { 'connect-refused': 1 } }]);
    expect(errorLogSeries('', start)).toEqual([]);
  });

  it('counts every level, notices and warnings included, by their signature', () => {
    const log = [
      '2026/11/21 10:00:01 [notice] 1#1: signal process started',
      line('2026/11/21 10:00:01', 'upstream server temporarily disabled while connecting to upstream', 'warn'),
    ].join('\n');
    expect(errorLogSeries(log, start)).toEqual([{ startMs: 600, signatures: { 'nginx-process': 1, 'upstream-temporarily-disabled': 1 } }]);
  });
});
