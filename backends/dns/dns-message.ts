/**
 * The DNS wire format (RFC 1035) for what a resolver such as nginx's asks: one question per
 * query, answered with A records or a response code (pure).
 */

export const TYPE_A = 1;
export const TYPE_AAAA = 28;
const CLASS_IN = 1;
const HEADER_BYTES = 12;

export const RCODE = { noError: 0, formatError: 1, serverFailure: 2, nameError: 3, notImplemented: 4, refused: 5 } as const;

export interface DnsQuery {
  id: number;
  /** the query's flags: its opcode and recursion-desired bit are echoed */
  flags: number;
  /** lower case, without the trailing dot */
  name: string;
  type: number;
  class: number;
  /** the question section as it came, echoed in the response */
  question: Buffer;
}

/** The query in the packet, or undefined for anything that is not one well-formed question. */
export function parseQuery(packet: Buffer): DnsQuery | undefined {
  if (packet.length < HEADER_BYTES + 5) return undefined;
  const flags = packet.readUInt16BE(2);
  if (flags & 0x8000 || packet.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let offset = HEADER_BYTES;
  for (;;) {
    const size = packet[offset];
    if (size === undefined || size > 63) return undefined; // a pointer or a reserved label type
    offset += 1;
    if (size === 0) break;
    if (offset + size > packet.length) return undefined;
    labels.push(packet.toString('latin1', offset, offset + size));
    offset += size;
  }
  if (offset + 4 > packet.length) return undefined;
  const name = labels.join('.').toLowerCase();
  if (name.length > 253) return undefined;
  return {
    id: packet.readUInt16BE(0),
    flags,
    name,
    type: packet.readUInt16BE(offset),
    class: packet.readUInt16BE(offset + 2),
    question: packet.subarray(HEADER_BYTES, offset + 4),
  };
}

export interface DnsAnswer {
  rcode: number;
  /** IPv4 addresses, each an A record (only for an A question answered with no error) */
  addresses: readonly string[];
  ttlSeconds: number;
}

/** The response to the query: authoritative, with the question echoed and the answer's records. */
export function buildResponse(query: DnsQuery, answer: DnsAnswer): Buffer {
  const records = answer.rcode === RCODE.noError && query.type === TYPE_A && query.class === CLASS_IN ? answer.addresses : [];
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(query.id, 0);
  // QR, the query's opcode, AA, the query's RD, RA, and the response code
  header.writeUInt16BE(0x8000 | (query.flags & 0x7800) | 0x0400 | (query.flags & 0x0100) | 0x0080 | (answer.rcode & 0x0f), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  const body = records.map((address) => {
    const record = Buffer.alloc(16);
    record.writeUInt16BE(0xc000 | HEADER_BYTES, 0); // the name: a pointer to the question's
    record.writeUInt16BE(TYPE_A, 2);
    record.writeUInt16BE(CLASS_IN, 4);
    record.writeUInt32BE(Math.max(0, Math.floor(answer.ttlSeconds)), 6);
    record.writeUInt16BE(4, 10);
    address.split('.').forEach((octet, i) => record.writeUInt8(Number(octet), 12 + i));
    return record;
  });
  return Buffer.concat([header, query.question, ...body]);
}

/** A query as a resolver sends it (for tests and for the server's own readiness probe). */
export function buildQuery(id: number, name: string, type = TYPE_A): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2);
  header.writeUInt16BE(1, 4);
  const labels = name.split('.').filter(Boolean).map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')]));
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(type, 1);
  tail.writeUInt16BE(CLASS_IN, 3);
  return Buffer.concat([header, ...labels, tail]);
}
