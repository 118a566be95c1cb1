import { Resolver } from 'node:dns/promises';
import type { Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { decide, type DnsServerConfig } from '../../../backends/dns/dns-config.js';
import { buildQuery, buildResponse, parseQuery, RCODE, TYPE_AAAA } from '../../../backends/dns/dns-message.js';
import { startDnsServer } from '../../../backends/dns/dns-server.js';

const CONFIG: DnsServerConfig = { names: { app: ['app-1', 'app-2'], 'app-1': ['app-1'], 'gone': ['gone-1'] }, ttlSeconds: 7, behavior: 'answer' };
const HOSTS: Record<string, string[]> = { 'app-1': ['172.18.0.2'], 'app-2': ['172.18.0.3'] };

describe('DNS messages', () => {
  it('reads a query as a resolver sends it, names in lower case', () => {
    const query = parseQuery(buildQuery(0x1234, 'App-1.SVC.internal'))!;
    expect(query).toMatchObject({ id: 0x1234, name: 'app-1.svc.internal', type: 1, class: 1 });
    expect(query.flags & 0x0100).toBe(0x0100);
  });

  it('refuses what is not one well-formed question', () => {
    expect(parseQuery(Buffer.alloc(5))).toBeUndefined();
    const response = buildResponse(parseQuery(buildQuery(1, 'app'))!, { rcode: 0, addresses: [], ttlSeconds: 1 });
    expect(parseQuery(response)).toBeUndefined(); // a response, not a query
    const truncated = buildQuery(1, 'app').subarray(0, 15);
    expect(parseQuery(truncated)).toBeUndefined();
    const pointer = Buffer.concat([buildQuery(1, 'app').subarray(0, 12), Buffer.from([0xc0, 0x0c, 0, 1, 0, 1])]);
    expect(parseQuery(pointer)).toBeUndefined();
  });

  it('answers A questions with one record per address, and only those', () => {
    const query = parseQuery(buildQuery(9, 'app'))!;
    const packet = buildResponse(query, { rcode: 0, addresses: ['10.0.0.2', '10.0.0.3'], ttlSeconds: 30 });
    expect(packet.readUInt16BE(0)).toBe(9);
    expect(packet.readUInt16BE(2) & 0x8000).toBe(0x8000);
    expect(packet.readUInt16BE(6)).toBe(2);
    expect([...packet.subarray(-4)]).toEqual([10, 0, 0, 3]);
    const aaaa = parseQuery(buildQuery(9, 'app', TYPE_AAAA))!;
    expect(buildResponse(aaaa, { rcode: 0, addresses: ['10.0.0.2'], ttlSeconds: 30 }).readUInt16BE(6)).toBe(0);
  });

  it('decides by behaviour: records, not found, server failure, refused, silence', () => {
    const q = (name: string, type?: number) => parseQuery(buildQuery(1, name, type))!;
    expect(decide(CONFIG, q('app'))).toEqual({ kind: 'respond', rcode: RCODE.noError, lookup: ['app-1', 'app-2'] });
    expect(decide(CONFIG, q('app', TYPE_AAAA))).toEqual({ kind: 'respond', rcode: RCODE.noError, lookup: [] });
    expect(decide(CONFIG, q('orders'))).toEqual({ kind: 'respond', rcode: RCODE.nameError, lookup: [] });
    expect(decide(CONFIG, q('constructor'))).toEqual({ kind: 'respond', rcode: RCODE.nameError, lookup: [] });
    expect(decide({ ...CONFIG, behavior: 'servfail' }, q('app'))).toMatchObject({ rcode: RCODE.serverFailure });
    expect(decide({ ...CONFIG, behavior: 'refused' }, q('app'))).toMatchObject({ rcode: RCODE.refused });
    expect(decide({ ...CONFIG, behavior: 'silent' }, q('app'))).toEqual({ kind: 'ignore' });
  });
});

describe('the DNS server on the wire (asked by a real resolver, c-ares)', () => {
  let socket: Socket | undefined;
  afterEach(() => socket?.close());

  async function resolverFor(config: DnsServerConfig): Promise<Resolver> {
    socket = await startDnsServer(config, 0, async (host) => HOSTS[host] ?? []);
    const resolver = new Resolver({ timeout: 300, tries: 1 });
    resolver.setServers([`127.0.0.1:${socket.address().port}`]);
    return resolver;
  }

  it('answers served names with the current addresses of their hosts and the TTL', async () => {
    const resolver = await resolverFor(CONFIG);
    expect((await resolver.resolve4('app', { ttl: true })).sort((a, b) => a.address.localeCompare(b.address))).toEqual([
      { address: '172.18.0.2', ttl: 7 },
      { address: '172.18.0.3', ttl: 7 },
    ]);
    expect(await resolver.resolve4('APP-1')).toEqual(['172.18.0.2']);
    await expect(resolver.resolve6('app')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('says "not found" for other names and for a served name whose containers are gone', async () => {
    const resolver = await resolverFor(CONFIG);
    await expect(resolver.resolve4('orders.internal')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve4('gone')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('fails as told: server failure, refused, silence', async () => {
    await expect((await resolverFor({ ...CONFIG, behavior: 'servfail' })).resolve4('app')).rejects.toMatchObject({ code: 'ESERVFAIL' });
    socket!.close();
    await expect((await resolverFor({ ...CONFIG, behavior: 'refused' })).resolve4('app')).rejects.toMatchObject({ code: 'EREFUSED' });
    socket!.close();
    await expect((await resolverFor({ ...CONFIG, behavior: 'silent' })).resolve4('app')).rejects.toMatchObject({ code: 'ETIMEOUT' });
  });
});
