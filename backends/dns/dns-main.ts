/**
 * Entry of the run's DNS server container: configuration as JSON in BADGATEWAY_DNS
 * (DnsServerConfig), the port in BADGATEWAY_DNS_PORT (53). Backend addresses come from the
 * container network's own DNS, asked at every query.
 */
import { lookup } from 'node:dns/promises';
import type { DnsServerConfig } from './dns-config.js';
import { startDnsServer } from './dns-server.js';

const port = Number(process.env.BADGATEWAY_DNS_PORT ?? 53);
const config = JSON.parse(process.env.BADGATEWAY_DNS ?? '{"names":{},"ttlSeconds":5,"behavior":"answer"}') as DnsServerConfig;

void startDnsServer(config, port, async (host) => (await lookup(host, { all: true, family: 4 })).map((a) => a.address)).then(
  () => process.stdout.write(`${new Date().toISOString()} badgateway-dns listening on :${port} behavior=${config.behavior} names=${Object.keys(config.names).join(',')}\n`),
  (error: Error) => {
    process.stderr.write(`badgateway-dns: cannot listen on :${port}: ${error.message}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => process.exit(0));
