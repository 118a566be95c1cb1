/**
 * The run's DNS server: a real DNS server on UDP, the resolver nginx's `resolver` directive can
 * point at. It serves the scenario's backend names and answers each with the current addresses
 * of the backend's containers (looked up at every query, so a backend replaced by a new container
 * is answered with its new address); every other name is "not found". Told to, it fails:
 * SERVFAIL, REFUSED, or silence.
 */
import { createSocket, type Socket } from 'node:dgram';
import { decide, type DnsServerConfig } from './dns-config.js';
import { buildResponse, parseQuery, RCODE } from './dns-message.js';

/** The IPv4 addresses a host name has now (none when it is gone). */
export type AddressLookup = (host: string) => Promise<string[]>;

export function startDnsServer(config: DnsServerConfig, port: number, lookupHost: AddressLookup): Promise<Socket> {
  const addressesOf = async (hosts: readonly string[]): Promise<string[]> => {
    const found = await Promise.all(hosts.map((host) => lookupHost(host).catch(() => [])));
    return [...new Set(found.flat())];
  };
  const socket = createSocket('udp4');
  socket.on('message', (packet, peer) => {
    const query = parseQuery(packet);
    if (!query) return;
    const decision = decide(config, query);
    if (decision.kind === 'ignore') return;
    void addressesOf(decision.lookup).then((addresses) => {
      // a served name whose containers are all gone is not found, as the network's own DNS says
      const rcode = decision.rcode === RCODE.noError && decision.lookup.length > 0 && addresses.length === 0 ? RCODE.nameError : decision.rcode;
      socket.send(buildResponse(query, { rcode, addresses, ttlSeconds: config.ttlSeconds }), peer.port, peer.address);
    });
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, () => resolve(socket));
  });
}
