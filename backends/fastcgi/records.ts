/**
 * FastCGI 1.0 records as nginx's fastcgi module writes and reads them: an 8-byte header (version,
 * type, request id, content length, padding length), the content, the padding. A reader takes the
 * bytes of a connection as they come and hands out whole records; writers split long content into
 * records of at most 65535 bytes. Name-value pairs (FCGI_PARAMS) use 1- or 4-byte lengths.
 */
export const FCGI_VERSION = 1;
export const RECORD = {
  beginRequest: 1,
  abortRequest: 2,
  endRequest: 3,
  params: 4,
  stdin: 5,
  stdout: 6,
  stderr: 7,
} as const;
/** FCGI_BEGIN_REQUEST flag: keep the connection open after the response (fastcgi_keep_conn on) */
export const FCGI_KEEP_CONN = 1;
const HEADER_BYTES = 8;
const MAX_CONTENT = 65_535;

export interface FcgiRecord {
  version: number;
  type: number;
  requestId: number;
  content: Buffer;
}

/** Whole records out of a byte stream; a record split across reads waits for its rest. */
export class RecordReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): FcgiRecord[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const records: FcgiRecord[] = [];
    while (this.pending.length >= HEADER_BYTES) {
      const contentLength = this.pending.readUInt16BE(4);
      const total = HEADER_BYTES + contentLength + this.pending.readUInt8(6);
      if (this.pending.length < total) break;
      records.push({
        version: this.pending.readUInt8(0),
        type: this.pending.readUInt8(1),
        requestId: this.pending.readUInt16BE(2),
        content: Buffer.from(this.pending.subarray(HEADER_BYTES, HEADER_BYTES + contentLength)),
      });
      this.pending = this.pending.subarray(total);
    }
    return records;
  }
}

/** One or more records of a type carrying content (one empty record when content is empty). */
export function encodeRecords(type: number, requestId: number, content: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  do {
    const piece = content.subarray(offset, offset + MAX_CONTENT);
    const padding = (8 - (piece.length % 8)) % 8;
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt8(FCGI_VERSION, 0);
    header.writeUInt8(type, 1);
    header.writeUInt16BE(requestId, 2);
    header.writeUInt16BE(piece.length, 4);
    header.writeUInt8(padding, 6);
    parts.push(header, piece, Buffer.alloc(padding));
    offset += piece.length;
  } while (offset < content.length);
  return Buffer.concat(parts);
}

/** FCGI_END_REQUEST: the application's exit status and FCGI_REQUEST_COMPLETE. */
export function endRequest(requestId: number, appStatus = 0): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt32BE(appStatus, 0);
  return encodeRecords(RECORD.endRequest, requestId, body);
}

export function beginRequest(requestId: number, keepConn: boolean): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt16BE(1, 0); // FCGI_RESPONDER
  body.writeUInt8(keepConn ? FCGI_KEEP_CONN : 0, 2);
  return encodeRecords(RECORD.beginRequest, requestId, body);
}

/** The role and flags of an FCGI_BEGIN_REQUEST body. */
export function parseBeginRequest(content: Buffer): { role: number; keepConn: boolean } {
  return { role: content.length >= 2 ? content.readUInt16BE(0) : 0, keepConn: content.length >= 3 && (content.readUInt8(2) & FCGI_KEEP_CONN) !== 0 };
}

function readLength(buf: Buffer, at: number): [number, number] | undefined {
  if (at >= buf.length) return undefined;
  const first = buf.readUInt8(at);
  if (first < 0x80) return [first, at + 1];
  if (at + 4 > buf.length) return undefined;
  return [buf.readUInt32BE(at) & 0x7fffffff, at + 4];
}

/** FCGI_PARAMS content (all records of a request, joined) as name -> value. */
export function decodeParams(buf: Buffer): Record<string, string> {
  const params: Record<string, string> = {};
  let at = 0;
  while (at < buf.length) {
    const name = readLength(buf, at);
    if (!name) break;
    const value = readLength(buf, name[1]);
    if (!value) break;
    const start = value[1];
    if (start + name[0] + value[0] > buf.length) break;
    params[buf.toString('latin1', start, start + name[0])] = buf.toString('latin1', start + name[0], start + name[0] + value[0]);
    at = start + name[0] + value[0];
  }
  return params;
}

export function encodeParams(params: Record<string, string>): Buffer {
  const length = (n: number) => {
    if (n < 0x80) return Buffer.from([n]);
    const b = Buffer.alloc(4);
    b.writeUInt32BE((n | 0x80000000) >>> 0, 0);
    return b;
  };
  return Buffer.concat(Object.entries(params).flatMap(([k, v]) => {
    const name = Buffer.from(k, 'latin1');
    const value = Buffer.from(v, 'latin1');
    return [length(name.length), length(value.length), name, value];
  }));
}
