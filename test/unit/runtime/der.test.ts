import { describe, expect, it } from 'vitest';
import { integer, oid, time } from '../../../harness/runtime/tls/der.js';

describe('DER encodings', () => {
  it('writes INTEGERs in minimal form: no leading zero unless the high bit needs one', () => {
    expect([...integer(Buffer.from([0x00, 0x00, 0x12, 0x34]))]).toEqual([0x02, 0x02, 0x12, 0x34]);
    expect([...integer(Buffer.from([0x00, 0x92]))]).toEqual([0x02, 0x02, 0x00, 0x92]);
    expect([...integer(Buffer.from([0x92]))]).toEqual([0x02, 0x02, 0x00, 0x92]);
    expect([...integer(Buffer.from([0x00]))]).toEqual([0x02, 0x01, 0x00]);
    expect([...integer(Buffer.from([0x02]))]).toEqual([0x02, 0x01, 0x02]);
  });

  it('writes object identifiers and times as X.509 wants them', () => {
    expect(oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(time(new Date('2026-11-28T10:00:00Z')).toString('latin1')).toBe('\x17\x0d261128100000Z');
    expect(time(new Date('2050-01-01T00:00:00Z')).toString('latin1')).toBe('\x18\x0f20500101000000Z');
  });
});
