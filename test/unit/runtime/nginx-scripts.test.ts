import { describe, expect, it } from 'vitest';
import { checkMsOf, logSpaceOf, timeWaitOf } from '../../../harness/runtime/nginx-scripts.js';

describe('what the nginx container scripts print', () => {
  it('reads the TIME_WAIT count from /proc/net/sockstat', () => {
    expect(timeWaitOf('TCP: inuse 3 orphan 0 tw 144 alloc 5 mem 1\n')).toBe(144);
    expect(timeWaitOf('sockets: used 7\nTCP: inuse 0 orphan 0 tw 0 alloc 1 mem 0\nUDP: inuse 0 mem 0\n')).toBe(0);
    expect(timeWaitOf('')).toBeUndefined();
  });

  it('reads how long nginx -t took', () => {
    expect(checkMsOf('check-ms 60\n')).toBe(60);
    expect(checkMsOf('nothing')).toBeUndefined();
  });
});

describe('logSpaceOf', () => {
  it('reads the log folder\'s free and total space from the logs script\'s stderr', () => {
    expect(logSpaceOf('TCP: inuse 0 orphan 0 tw 0 alloc 1 mem 0\nlog-space 1048000 1048576\n')).toEqual({ freeKiB: 1048000, totalKiB: 1048576 });
    expect(logSpaceOf('TCP: inuse 0\n')).toBeUndefined();
  });
});
